import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Long waits (a target answering `Retry-After: 3600`) are announced, end on a signal within a
/// second or two, and are refused past `--max-wait`.
@Suite(.serialized) struct WaitTests {
    /// Text read from a pipe as it arrives, on a thread of its own.
    final class PipeText: Sendable {
        private let text = Mutex("")
        private let closed = Mutex<Date?>(nil)

        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread { [self] in
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    self.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
                }
                self.closed.withLock { $0 = Date() }
            }.start()
        }

        var value: String { text.withLock { $0 } }
        /// When the writing end closed (the process exited), as this thread saw it.
        var closedAt: Date? { closed.withLock { $0 } }
    }

    /// Waits on a thread of its own until `condition` holds, for at most `seconds`.
    func wait(seconds: Double, until condition: @escaping @Sendable () -> Bool) async -> Bool {
        await WatchTests().wait(seconds: seconds, until: condition)
    }

    /// Makes the target answer every request (every write with `writesOnly`) with 429 and
    /// `Retry-After: 3600`, or stop doing so.
    func throttle(_ workspace: LiveWorkspace, on: Bool, writesOnly: Bool = false) async throws {
        var request = URLRequest(url: workspace.target.inspectionURL.appendingPathComponent("faults"))
        request.httpMethod = "POST"
        request.httpBody = Data(
            #"{"throttleRate": \#(on ? 1 : 0), "throttleRetryAfter": 3600, "throttleWritesOnly": \#(writesOnly)}"#
                .utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }

    @Test func aSignalDuringAnHourLongRetryAfterEndsTheRunWithinTwoSecondsAndNothingIsLost() async throws {
        let workspace = try LiveWorkspace(
            sourceSeed: LiveWorkspace.seed(incidents: 25), targetLatency: .milliseconds(15), writesPerSecond: 20)
        // Every write is refused for an hour, whenever it comes: how far the apply got first does not matter.
        try await throttle(workspace, on: true, writesOnly: true)
        let process = Process()
        process.executableURL = try KillResumeTests.binary()
        process.arguments = ["apply", "migrate", "--yes", "--config", workspace.configPath]
        process.environment = workspace.environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let printed = PipeText(output)
        let complaints = PipeText(errors)
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        #expect(
            await wait(seconds: 60) { printed.value.contains("waiting 1 h for StatusHub ('new')") },
            "the wait is announced on standard output in a pipe: \(printed.value)")
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        // The process's end is when its standard output closes, seen by the thread reading it (not
        // Process.isRunning, which a loaded test process may update late).
        #expect(await wait(seconds: 30) { printed.closedAt != nil }, "the run ended")
        let seconds = (printed.closedAt ?? Date()).timeIntervalSince(signalled)
        #expect(seconds < 2, "the run ended \(seconds) s after SIGTERM")
        // Not waitUntilExit(): it would hold one of the test process's few concurrency threads.
        #expect(await wait(seconds: 30) { !process.isRunning })
        #expect(await wait(seconds: 5) { printed.value.contains("carry on") })
        let text = printed.value
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("429 Too Many Requests with Retry-After (until "), "\(text)")
        #expect(text.contains("Ctrl-C to stop, nothing is lost"), "\(text)")
        let stopped = try #require(
            text.split(separator: "\n").first { $0.hasPrefix("stopped after ") }, "the stopped line: \(text)")
        #expect(stopped.hasSuffix("changes; run the same command to carry on"), "\(stopped)")
        #expect(stopped.hasPrefix("stopped after 0 of 51 changes"), "\(stopped)")
        #expect(complaints.value.isEmpty, "standard error stays empty: \(complaints.value)")
        // The changes left when the signal came are not counted as progress made.
        let afterWait = text.components(separatedBy: "Ctrl-C to stop, nothing is lost\n").last ?? ""
        #expect(!afterWait.contains("\napplied ") && !afterWait.hasPrefix("applied "), "\(text)")

        // Nothing was lost or left in doubt: once the target accepts again, the same command finishes.
        try await throttle(workspace, on: false)
        let finish = await workspace.run(["apply", "migrate", "--yes"])
        #expect(finish.status == .success, "\(finish.standardError)")
        let state = try JSONSerialization.jsonObject(with: workspace.target.stateData()) as? [String: Any]
        let titles = (state?["incidents"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles.count == 25 && Set(titles).count == 25)
    }

    @Test func aWaitLongerThanMaxWaitEndsTheRunWithOneLineAndExitOne() async throws {
        let workspace = try LiveWorkspace()
        try await throttle(workspace, on: true)
        let run = await workspace.run(["sync", "migrate", "--max-wait", "10m"])
        #expect(run.status == .failure)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(run.standardError)")
        #expect(
            lines.first?.hasPrefix(
                "error: gave up: the next call would wait 1 h for StatusHub ('new'), which answered 429") == true,
            "\(run.standardError)")
        #expect(run.standardError.contains("longer than --max-wait 10 min; nothing is lost"))
        #expect(workspace.targetEntityCount() == 0)

        // Without the limit's refusal the same command carries on and finishes.
        try await throttle(workspace, on: false)
        let again = await workspace.run(["sync", "migrate", "--max-wait", "10m"])
        #expect(again.status == .success, "\(again.standardError)")
        #expect(workspace.targetEntityCount() > 0)
    }
}
