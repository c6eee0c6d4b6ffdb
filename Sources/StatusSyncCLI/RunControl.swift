import Foundation
import StatusSyncCore
import Synchronization

/// What makes a run's waits visible, bounded and stoppable: the clock its provider calls wait on.
///
/// A wait longer than ``announcedAfter`` (for a budget, a `Retry-After` or a backoff; not a turn in the
/// account's pace, which is the work going on) is announced (whose, why, how long, until when) on standard
/// error on a terminal and as a line on standard output in a pipe, where standard error holds only the
/// one error line (unless standard output holds a plan or JSON: see ``StatusLine/outputIsALog(_:)``). SIGINT or SIGTERM ends every wait at once, and `--max-wait` refuses one longer than
/// it allows: the call that waited is not sent, and the command stops as it would between two changes.
final class RunControl: Sendable {
    /// The shortest wait that is announced.
    static let announcedAfter = Duration.seconds(5)

    /// The signals that stop the run.
    let signals: SignalWaiter
    private let context: CommandContext
    private let maxWait: Duration?
    private let providers: Mutex<[String: ProviderID]>
    private let state = Mutex((stop: WaitInterruption?.none, announced: [String: Date]()))

    /// Starts catching SIGINT and SIGTERM for a command that talks to `accounts`.
    ///
    /// - Parameters:
    ///   - context: The command's context; `--max-wait` is read from it.
    ///   - accounts: The accounts the run calls, to name their providers in announcements.
    ///   - signals: The signal waiter to use; a new one when `nil`.
    init(_ context: CommandContext, accounts: [Account] = [], signals: SignalWaiter? = nil) {
        self.context = context
        self.signals = signals ?? SignalWaiter()
        maxWait = context.command.duration("--max-wait")
        providers = Mutex([:])
        know(accounts)
    }

    /// Learns the providers of `accounts`, to name them in announcements.
    func know(_ accounts: [Account]) {
        providers.withLock { providers in
            for account in accounts { providers[account.name] = account.provider }
        }
    }

    /// Whether the run is being stopped: a signal arrived or a wait went past `--max-wait`.
    var isStopping: Bool { signals.hasReceived || state.withLock { $0.stop != nil } }

    /// Why the run stopped, if it did: ``WaitInterruption/signal`` wins over a refused wait.
    var stopReason: WaitInterruption? {
        signals.hasReceived ? .signal : state.withLock { $0.stop }
    }

    /// The clock provider calls wait on: announced, bounded by `--max-wait` and ended by a signal.
    var time: TimeSource {
        var time = TimeSource(
            now: { Date() },
            sleep: { [signals] duration in
                if await signals.sleep(for: duration) { throw WaitInterruption.signal }
                try Task.checkCancellation()
            })
        time.willWait = { [self] notice in try self.willWait(notice) }
        return time
    }

    /// Reads a line with `read` (which blocks), unless SIGINT or SIGTERM comes first: then `nil`.
    func readLine(_ read: @escaping @Sendable () -> String?) async -> String? {
        let pending = Mutex<CheckedContinuation<String?, Never>?>(nil)
        let finish: @Sendable (String?) -> Void = { line in
            pending.withLock { continuation in
                continuation?.resume(returning: line)
                continuation = nil
            }
        }
        let watcher = Task { [signals] in
            if await signals.wait() != nil { finish(nil) }
        }
        defer { watcher.cancel() }
        return await withCheckedContinuation { continuation in
            pending.withLock { $0 = continuation }
            if signals.hasReceived { finish(nil) }
            Thread { finish(read()) }.start()
        }
    }

    /// Stops catching signals.
    func cancel() { signals.cancel() }

    private func willWait(_ notice: WaitNotice) throws {
        if signals.hasReceived { throw WaitInterruption.signal }
        if let stop = state.withLock({ $0.stop }) { throw stop }
        // Waiting one's turn in the account's pace is the work going on (many calls queue at once,
        // seconds apart), not a stall: the progress line shows it, and --max-wait does not count it.
        if case .pacing = notice.reason { return }
        if let maxWait, notice.duration > maxWait {
            let stop = WaitInterruption.tooLong(notice, limit: maxWait)
            state.withLock { $0.stop = $0.stop ?? stop }
            throw stop
        }
        guard notice.duration >= Self.announcedAfter else { return }
        let key = notice.account ?? ""
        // Every call held by the same pause would say the same: one line per account and pause.
        let isNew = state.withLock { state in
            if let last = state.announced[key], abs(last.timeIntervalSince(notice.resumesAt)) < 5 { return false }
            state.announced[key] = notice.resumesAt
            return true
        }
        guard isNew else { return }
        let line =
            "waiting \(PlanRenderer.duration(notice.duration.timeInterval)) for \(describe(notice)) "
            + "(until \(Self.clock(notice.resumesAt))); Ctrl-C to stop, nothing is lost"
        if context.output.isErrorTerminal {
            context.output.standardError("\r\u{1B}[K" + line + "\n")
        } else if StatusLine.outputIsALog(context) {
            context.result(line)
        } else {
            context.output.standardError(line + "\n")  // standard output holds a plan or JSON
        }
    }

    /// Whose wait it is and why, in words.
    func describe(_ notice: WaitNotice) -> String {
        let account = notice.account.map { "'\($0)'" } ?? "the provider"
        let provider = notice.account.flatMap { name in providers.withLock { $0[name] } }
        let owner = provider.map { "\($0.displayName) (\(account))" } ?? account
        switch notice.reason {
        case .retryAfter:
            return "\(owner), which answered 429 Too Many Requests with Retry-After"
        case .budget(let used, let limit, let window):
            let span = window == .seconds(3600) ? "hourly" : "\(PlanRenderer.duration(window.timeInterval))"
            return "\(owner)'s \(span) budget (\(used) of \(limit) calls used)"
        case .pacing:
            return "\(owner)'s pace of calls (its turn among the calls queued)"
        case .backoff:
            return "\(owner) before trying a failed call again"
        }
    }

    /// The line a run stopped by a refused wait ends with.
    func maxWaitLine(_ notice: WaitNotice, limit: Duration) -> String {
        "gave up: the next call would wait \(PlanRenderer.duration(notice.duration.timeInterval)) for "
            + "\(describe(notice)), longer than --max-wait \(PlanRenderer.duration(limit.timeInterval)); "
            + "nothing is lost: run the same command to carry on"
    }

    /// A time of day in UTC, as `18:52:10 UTC`.
    static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}
