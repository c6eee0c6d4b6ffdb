import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import StatusSyncTestSupport
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The calls made against a key are recorded in the store, so every process on it keeps within the limit together.
@Suite(.serialized) struct CallBudgetTests {
    @Test func twoLedgersOnOneStoreShareOneWindow() async throws {
        let store = FileStore(
            root: FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)").path)
        let clock = VirtualClock()
        let waits = Mutex<[String]>([])
        let first = CallLedger(store: store, account: "old", limit: 3, window: .seconds(3600), time: clock.timeSource)
        let second = CallLedger(
            store: store, account: "old", limit: 3, window: .seconds(3600), time: clock.timeSource,
            onWait: { line in waits.withLock { $0.append(line) } })
        try await first.admit()
        clock.advance(by: .seconds(600))
        try await first.admit()
        try await second.admit()
        #expect(try second.recentCalls() == 3)
        #expect(try first.callsLeft() == 0)

        // The window is full: the next call waits until the first call, made 10 minutes ago, is an hour old.
        try await second.admit()
        #expect(clock.wakeUps == [.seconds(3600)])
        #expect(waits.withLock { $0 }.count == 1)
        #expect(
            waits.withLock { $0 }.first?.contains("3 calls made in the last 1h by every process on this store") == true)
        #expect(try first.recentCalls() == 3)
        let other = CallLedger(store: store, account: "new", limit: 3, window: .seconds(3600), time: clock.timeSource)
        #expect(try other.recentCalls() == 0)
    }

    /// The requests the source emulator has answered, without clearing its log.
    private func sourceRequests(_ workspace: LiveWorkspace) async throws -> Int {
        let url = workspace.source.inspectionURL.appendingPathComponent("requests")
        let (data, _) = try await URLSession.shared.data(from: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["requests"] as? [Any])?.count ?? 0
    }

    private func start(_ workspace: LiveWorkspace, _ arguments: [String], errors: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try KillResumeTests.binary()
        process.arguments = arguments + ["--config", workspace.configPath]
        process.environment = workspace.environment
        process.standardOutput = FileHandle.nullDevice
        if let errors {
            _ = FileManager.default.createFile(atPath: errors, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: errors)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    @Test func processesOnOneStoreRecordEveryCallAndAThirdWaitsForTheWindowTheyFilled() async throws {
        let workspace = try LiveWorkspace(sourceSeed: LiveWorkspace.seed(incidents: 40))
        // A snapshot and then a plan (which snapshots both accounts), each a process of its own.
        for arguments in [["snapshot", "old"], ["plan", "migrate"]] {
            let process = try start(workspace, arguments)
            await process.exited()
            #expect(process.terminationStatus == 0 || process.terminationStatus == 2, "\(arguments)")
        }
        let made = try await sourceRequests(workspace)
        #expect(made >= 2)
        let store = FileStore(root: workspace.directory + "/store")
        let ledger = CallLedger(store: store, account: "old", limit: 100_000, window: .seconds(3600))
        #expect(try ledger.recentCalls() == made, "every call of both processes is in the store's record")

        // With a limit of the calls already made, a third process has nothing left: it waits, and says so.
        let configuration = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        try Data(configuration.replacingOccurrences(of: "100000", with: "\(made)").utf8)
            .write(to: URL(fileURLWithPath: workspace.configPath))
        let errors = workspace.directory + "/third.err"
        let third = try start(workspace, ["snapshot", "old"], errors: errors)
        try await waitUntil("the third process waits for the shared window") {
            let text = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            return text.contains("\(made) calls made in the last 1h by every process on this store")
        }
        #expect(third.isRunning)
        #expect(try await sourceRequests(workspace) == made, "the waiting process made no call")
        third.terminate()
        await third.exited()
    }
}
