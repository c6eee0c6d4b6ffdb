import Foundation
import StatusSyncTestSupport
import Synchronization
import Testing

@testable import StatusSyncCLI

/// Progress on a terminal is one redrawn line on standard error; in a pipe, a sparse line on
/// standard output every 10 % or 30 s, and nothing on standard error.
@Suite struct StatusLineTests {
    /// A clock moved by hand.
    final class Clock: Sendable {
        private let date = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { date.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// A context for `arguments` whose clock is `clock` and whose streams are captured.
    func context(
        _ arguments: [String], clock: Clock, out: CapturedText, err: CapturedText, terminal: Bool = false
    ) throws -> CommandContext {
        guard case .run(let command) = try Invocation.parse(arguments) else {
            throw UsageError.unknownCommand(arguments.joined(separator: " "), suggestion: nil)
        }
        let streams = OutputStreams(
            standardOutput: { out.append($0) }, standardError: { err.append($0) }, isOutputTerminal: terminal,
            isErrorTerminal: terminal)
        return CommandContext(command: command, environment: [:], output: streams, now: { clock.now })
    }

    @Test func inAPipeProgressIsASparseLineOnStandardOutputEveryTenPercentOrThirtySeconds() throws {
        let clock = Clock()
        let (out, err) = (CapturedText(), CapturedText())
        let line = StatusLine(try context(["apply", "migrate"], clock: clock, out: out, err: err))

        line.show(done: 20, of: 100) { "applied 20/100" }  // the first seconds: a quick run prints only its result
        clock.advance(6)
        line.show(done: 25, of: 100) { "applied 25/100" }  // past 20 %
        line.show(done: 29, of: 100) { "applied 29/100" }  // same tenth, a moment later
        line.show(done: 30, of: 100) { "applied 30/100" }  // the next tenth
        clock.advance(20)
        line.show(done: 31, of: 100) { "applied 31/100" }  // 20 s later, same tenth
        clock.advance(11)
        line.show(done: 32, of: 100) { "applied 32/100" }  // 31 s after the last line
        line.clear()

        #expect(out.text == "applied 25/100\napplied 30/100\napplied 32/100\n")
        #expect(err.text.isEmpty)
    }

    @Test func onATerminalTheLineIsRedrawnOnStandardError() throws {
        let clock = Clock()
        let (out, err) = (CapturedText(), CapturedText())
        let line = StatusLine(try context(["apply", "migrate"], clock: clock, out: out, err: err, terminal: true))

        line.show(done: 1, of: 3) { "applied 1/3" }
        line.clear()

        #expect(err.text == "\r\u{1B}[Kapplied 1/3\r\u{1B}[K")
        #expect(out.text.isEmpty)
    }

    @Test func aPlanInAPipeOrJSONOutputGetsNoProgressLines() throws {
        let clock = Clock()
        let (out, err) = (CapturedText(), CapturedText())
        for arguments in [["plan", "migrate"], ["sync", "migrate", "--format", "json"]] {
            let line = StatusLine(try context(arguments, clock: clock, out: out, err: err))
            clock.advance(60)
            line.show(done: 5, of: 10) { "fetched 5/10 calls" }
        }
        #expect(out.text.isEmpty)
        #expect(err.text.isEmpty)
    }
}

/// The text plan is coloured on a terminal (`+` green), and not with `NO_COLOR` or in a pipe.
@Suite struct PlanColourTests {
    @Test func aPlanIsColouredOnATerminalOnly() async throws {
        let workspace = try LiveWorkspace()
        let arguments = ["plan", "migrate", "--offline", "--config", workspace.configPath]
        _ = await workspace.run(["snapshot", "old"])
        _ = await workspace.run(["snapshot", "new"])
        let terminal = await runCLI(arguments, environment: workspace.environment, isTerminal: true)
        let noColor = await runCLI(
            arguments, environment: workspace.environment.merging(["NO_COLOR": "1"]) { $1 }, isTerminal: true)
        let pipe = await runCLI(arguments, environment: workspace.environment)
        #expect(terminal.standardOutput.contains("\u{1B}[32m  + service \"Login\""), "\(terminal.standardOutput)")
        #expect(!noColor.standardOutput.contains("\u{1B}["), "\(noColor.standardOutput)")
        #expect(!pipe.standardOutput.contains("\u{1B}["), "\(pipe.standardOutput)")
        #expect(pipe.standardOutput.contains("  + service \"Login\""), "\(pipe.standardOutput)")
    }
}
