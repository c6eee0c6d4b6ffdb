import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The write end of the pipe the signal handler reports to; set before the handler is installed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Waits for SIGINT or SIGTERM without killing the process, so a command can finish what it is
/// doing, save and exit cleanly.
///
/// A plain signal handler writes the signal's number to a pipe (both async-signal-safe), and a
/// thread that unblocks the two signals reads it. Dispatch signal sources are not used: on Linux
/// they read a signalfd with the signal blocked only in the registering thread. And a process
/// started with the signals blocked (the mask is inherited from its parent) would otherwise never
/// see them: a SIGTERM sent mid-apply was only noticed once the apply had finished.
final class SignalWaiter: Sendable {
    private let received = Mutex<Int32?>(nil)
    private let waiters = Mutex<(next: Int, pending: [Int: CheckedContinuation<Int32?, Never>])>((0, [:]))
    private let writeEnd: Int32

    /// Starts catching SIGINT and SIGTERM; they no longer end the process until ``cancel()``.
    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        writeEnd = ends[1]
        signalPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
        }
        let thread = Thread { [weak self] in
            // A process may start with these signals blocked (the mask is inherited from whoever
            // spawned it); this thread takes them, so the kernel always has one thread to deliver to.
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            sigaddset(&unblocked, SIGINT)
            sigaddset(&unblocked, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) == 1 {
                self?.deliver(Int32(byte))
            }
            close(readEnd)
        }
        thread.start()
    }

    /// Whether a signal has arrived.
    var hasReceived: Bool { received.withLock { $0 != nil } }

    /// Returns once SIGINT or SIGTERM arrives, with its number; `nil` when the calling task is cancelled first.
    func wait() async -> Int32? {
        let id = waiters.withLock { waiters in
            defer { waiters.next += 1 }
            return waiters.next
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
                let already: Int32? = received.withLock { received in
                    if received == nil { waiters.withLock { $0.pending[id] = continuation } }
                    return received
                }
                if let already { continuation.resume(returning: already) }
                if Task.isCancelled { resume(id, with: nil) }
            }
        } onCancel: {
            resume(id, with: nil)
        }
    }

    /// Waits `duration` unless SIGINT or SIGTERM comes first.
    ///
    /// - Returns: whether a signal arrived (before or during the wait).
    func sleep(for duration: Duration) async -> Bool {
        if hasReceived { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.wait() != nil }
            group.addTask {
                try? await Task.sleep(for: duration)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first || hasReceived
        }
    }

    /// Stops catching: the signals have their default effect again, and the reading thread ends.
    func cancel() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        if signalPipeWriteEnd == writeEnd { signalPipeWriteEnd = -1 }
        close(writeEnd)
    }

    private func deliver(_ number: Int32) {
        let pending = received.withLock { received in
            received = received ?? number
            return waiters.withLock { waiters in
                defer { waiters.pending.removeAll() }
                return Array(waiters.pending.values)
            }
        }
        for continuation in pending { continuation.resume(returning: number) }
    }

    /// Resumes one waiter, if it is still waiting.
    private func resume(_ id: Int, with number: Int32?) {
        let continuation = waiters.withLock { $0.pending.removeValue(forKey: id) }
        continuation?.resume(returning: number)
    }
}
