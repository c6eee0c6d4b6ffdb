import Foundation
import Synchronization

/// The progress of long work (fetching, applying), shown where its reader can follow it.
///
/// On a terminal, one line on standard error redrawn in place at most ten times a second. In a pipe
/// (a log, a cron mail), a sparse line on standard output every 30 s or each further 10 % of the
/// work, and nothing in a run's first ``quietStart`` so that quick runs print only their result; never
/// control characters, and never on standard error, which holds only the one error line. Off with
/// `--quiet`, with `--verbose` on a terminal (the log lines would tear it), and in a pipe whose standard
/// output is not a log (``outputIsALog(_:)``).
final class StatusLine: Sendable {
    /// How a line is shown.
    enum Mode {
        /// Redrawn in place on standard error.
        case redrawn
        /// Printed now and then on standard output.
        case sparse
        /// Not shown.
        case off
    }

    /// How long a run works before the first sparse line.
    static let quietStart: TimeInterval = 5
    /// The most time between two sparse lines while work advances.
    static let sparseInterval: TimeInterval = 30

    let mode: Mode
    private let output: OutputStreams
    private let now: @Sendable () -> Date
    private let started: Date
    private let state = Mutex((lastDrawn: Date?.none, isVisible: false, lastDecile: 0))

    /// Creates a line for the context's streams.
    init(_ context: CommandContext) {
        let global = context.command.global
        output = context.output
        now = context.now
        started = context.now()
        mode =
            if global.isQuiet {
                .off
            } else if context.output.isErrorTerminal {
                global.isVerbose ? .off : .redrawn
            } else {
                Self.outputIsALog(context) ? .sparse : .off
            }
    }

    /// Whether the command's standard output is a log that progress lines may join: not a document
    /// (`plan` prints the plan there) and not JSON.
    static func outputIsALog(_ context: CommandContext) -> Bool {
        context.command.spec.name != "plan" && !JSONOutput.isRequested(by: context)
    }

    /// Shows `text()` for `done` of `total` units of work, when it is due (`force` shows it anyway).
    func show(done: Int, of total: Int, force: Bool = false, _ text: () -> String) {
        let now = now()
        switch mode {
        case .off:
            return
        case .redrawn:
            let due = state.withLock { state -> Bool in
                if !force, let last = state.lastDrawn, now.timeIntervalSince(last) < 0.1 { return false }
                state.lastDrawn = now
                state.isVisible = true
                return true
            }
            if due { output.standardError("\r\u{1B}[K" + text()) }
        case .sparse:
            guard now.timeIntervalSince(started) >= Self.quietStart, done > 0 else { return }
            let decile = total > 0 ? min(done * 10 / total, 10) : 0
            let due = state.withLock { state -> Bool in
                let since = now.timeIntervalSince(state.lastDrawn ?? started)
                guard decile > state.lastDecile || since >= Self.sparseInterval else { return false }
                state.lastDrawn = now
                state.lastDecile = decile
                return true
            }
            if due { output.standardOutput(text() + "\n") }
        }
    }

    /// Erases a redrawn line.
    func clear() {
        guard mode == .redrawn else { return }
        let wasVisible = state.withLock { state in
            defer { state.isVisible = false }
            return state.isVisible
        }
        if wasVisible { output.standardError("\r\u{1B}[K") }
    }
}
