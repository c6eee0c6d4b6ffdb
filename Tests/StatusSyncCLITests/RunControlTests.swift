import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

@testable import StatusSyncCLI

/// Which waits are announced and which `--max-wait` refuses.
@Suite(.serialized) struct RunControlTests {
    func control(_ arguments: [String], out: CapturedText, err: CapturedText) throws -> RunControl {
        guard case .run(let command) = try Invocation.parse(arguments) else {
            throw UsageError.unknownCommand(arguments.joined(separator: " "), suggestion: nil)
        }
        let streams = OutputStreams(standardOutput: { out.append($0) }, standardError: { err.append($0) })
        let context = CommandContext(command: command, environment: [:], output: streams)
        let account = Account(name: "new", provider: .statushub, apiKeyEnv: "SH_KEY")
        return RunControl(context, accounts: [account])
    }

    func notice(_ reason: WaitNotice.Reason, seconds: Int64) -> WaitNotice {
        WaitNotice(
            account: "new", reason: reason, duration: .seconds(seconds),
            resumesAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(seconds)))
    }

    @Test func aLongRetryAfterIsAnnouncedOnceInAPipeAndATurnInThePaceIsNot() throws {
        let (out, err) = (CapturedText(), CapturedText())
        let control = try control(["apply", "migrate"], out: out, err: err)
        defer { control.cancel() }

        try control.time.willWait(notice(.pacing, seconds: 6))
        try control.time.willWait(notice(.retryAfter, seconds: 3600))
        try control.time.willWait(notice(.retryAfter, seconds: 3600))  // another call held by the same pause
        try control.time.willWait(notice(.retryAfter, seconds: 2))

        #expect(
            out.text
                == "waiting 1 h for StatusHub ('new'), which answered 429 Too Many Requests with Retry-After "
                + "(until 09:00:00 UTC); Ctrl-C to stop, nothing is lost\n")
        #expect(err.text.isEmpty)
    }

    @Test func maxWaitRefusesALongerWaitForABudgetButNotATurnInThePace() throws {
        let (out, err) = (CapturedText(), CapturedText())
        let control = try control(["sync", "migrate", "--max-wait", "10s"], out: out, err: err)
        defer { control.cancel() }

        try control.time.willWait(notice(.pacing, seconds: 30))
        #expect(!control.isStopping)
        #expect(throws: WaitInterruption.self) {
            try control.time.willWait(notice(.budget(used: 1000, limit: 1000, window: .seconds(3600)), seconds: 2442))
        }
        #expect(control.isStopping)
        guard case .tooLong(let refused, let limit) = control.stopReason else {
            Issue.record("no refused wait")
            return
        }
        #expect(
            control.maxWaitLine(refused, limit: limit)
                == "gave up: the next call would wait 40 min 42 s for StatusHub ('new')'s hourly budget (1000 of "
                + "1000 calls used), longer than --max-wait 10 s; nothing is lost: run the same command to carry on")
        // Once refused, every later wait is refused too, so the run stops rather than trying call after call.
        #expect(throws: WaitInterruption.self) { try control.time.willWait(notice(.backoff, seconds: 1)) }
    }
}
