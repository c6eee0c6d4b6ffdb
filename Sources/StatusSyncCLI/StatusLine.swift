import Foundation
import Synchronization

/// One line of progress on standard error, redrawn in place at most ten times a second.
///
/// Drawn only when standard error is a terminal and neither `--quiet` nor `--verbose` is given;
/// otherwise every call does nothing, so scripts and logs see no control characters.
final class StatusLine: Sendable {
    private let output: OutputStreams
    private let isEnabled: Bool
    private let state = Mutex((lastDrawn: Date?.none, isVisible: false))

    /// Creates a line for the context's standard error.
    init(_ context: CommandContext) {
        let global = context.command.global
        output = context.output
        isEnabled = context.output.isErrorTerminal && !global.isQuiet && !global.isVerbose
    }

    /// Redraws the line with `text()`, unless it was drawn less than 0.1 s ago (`force` draws anyway).
    func show(force: Bool = false, _ text: () -> String) {
        guard isEnabled else { return }
        let now = Date()
        let due = state.withLock { state -> Bool in
            if !force, let last = state.lastDrawn, now.timeIntervalSince(last) < 0.1 { return false }
            state.lastDrawn = now
            state.isVisible = true
            return true
        }
        if due { output.standardError("\r\u{1B}[K" + text()) }
    }

    /// Erases the line.
    func clear() {
        guard isEnabled else { return }
        let wasVisible = state.withLock { state in
            defer { state.isVisible = false }
            return state.isVisible
        }
        if wasVisible { output.standardError("\r\u{1B}[K") }
    }
}
