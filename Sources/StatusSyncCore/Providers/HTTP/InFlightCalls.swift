import Foundation
import Synchronization

/// The HTTP calls in flight in a run, so that a run stopped at its bound can say which call it was waiting on.
///
/// ``TransportStack`` registers every call with the registry of the task it runs in (``current``), labelled
/// with the task's ``account``; outside a bounded run there is none and nothing is recorded.
package final class InFlightCalls: Sendable {
    /// The registry of the run the current task belongs to.
    @TaskLocal package static var current: InFlightCalls?
    /// The account whose calls the current task makes, shown in brackets.
    @TaskLocal package static var account: String?

    private let calls = Mutex<(next: Int, open: [Int: (label: String, since: Date)])>((0, [:]))

    /// Creates an empty registry.
    package init() {}

    /// Runs `body`, the round trip of `request`, registered with the current task's registry if any.
    package static func track<T>(
        _ request: HTTPRequest, time: TimeSource = .live, _ body: () async throws -> T
    ) async throws -> T {
        guard let registry = current else { return try await body() }
        let label =
            (account.map { "[\($0)] " } ?? "")
            + "\(request.method.rawValue) \(URLRedaction.redactedPathAndQuery(request.url))"
        let id = registry.calls.withLock { calls in
            calls.next += 1
            calls.open[calls.next] = (label, time.now())
            return calls.next
        }
        defer { _ = registry.calls.withLock { $0.open.removeValue(forKey: id) } }
        return try await body()
    }

    /// The calls in flight, oldest first, each with how long it has been going.
    package func open(now: Date) -> [(label: String, seconds: TimeInterval)] {
        calls.withLock { $0.open.values.sorted { $0.since < $1.since } }.map {
            ($0.label, max(now.timeIntervalSince($0.since), 0))
        }
    }
}
