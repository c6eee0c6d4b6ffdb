import Dispatch
import Foundation
import Synchronization

/// Waits for SIGINT or SIGTERM without killing the process, so a command can finish what it is
/// doing, save and exit cleanly.
final class SignalWaiter: Sendable {
    /// Written once in `init`, only read afterwards; dispatch sources are thread-safe.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]
    private let received = Mutex<Int32?>(nil)
    private let waiters = Mutex<[CheckedContinuation<Int32, Never>]>([])

    /// Starts catching SIGINT and SIGTERM; they no longer end the process until ``cancel()``.
    init() {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: .global()))
        }
        self.sources = sources
        for (source, number) in zip(self.sources, [SIGINT, SIGTERM]) {
            source.setEventHandler { [weak self] in self?.deliver(number) }
            source.resume()
        }
    }

    /// Whether a signal has arrived.
    var hasReceived: Bool { received.withLock { $0 != nil } }

    /// Returns once SIGINT or SIGTERM arrives, with its number.
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let already: Int32? = received.withLock { $0 }
            if let already {
                continuation.resume(returning: already)
            } else {
                waiters.withLock { $0.append(continuation) }
            }
        }
    }

    /// Stops catching: the signals have their default effect again.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    private func deliver(_ number: Int32) {
        received.withLock { $0 = $0 ?? number }
        let pending = waiters.withLock { waiters in
            defer { waiters.removeAll() }
            return waiters
        }
        for continuation in pending { continuation.resume(returning: number) }
    }
}
