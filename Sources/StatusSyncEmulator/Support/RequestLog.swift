import Synchronization

/// The provider requests an emulator answered, in order, for `GET /_emulator/requests`.
final class RequestLog: Sendable {
    struct Entry: Sendable {
        var sequence: Int
        var method: String
        var path: String
        var status: Int
        var isWrite: Bool
        var isResponseLost: Bool

        var json: JSONValue {
            .object([
                "sequence": .int(sequence), "method": .string(method), "path": .string(path),
                "status": .int(status), "isWrite": .bool(isWrite), "responseLost": .bool(isResponseLost),
            ])
        }
    }

    private let state = Mutex((next: 1, entries: [Entry]()))

    func record(method: String, path: String, status: Int, isWrite: Bool, isResponseLost: Bool) {
        state.withLock { state in
            state.entries.append(
                Entry(
                    sequence: state.next, method: method, path: path, status: status, isWrite: isWrite,
                    isResponseLost: isResponseLost))
            state.next += 1
        }
    }

    var entries: [Entry] { state.withLock { $0.entries } }

    /// Empties the log; sequence numbers keep counting up.
    func clear() { state.withLock { $0.entries.removeAll() } }
}
