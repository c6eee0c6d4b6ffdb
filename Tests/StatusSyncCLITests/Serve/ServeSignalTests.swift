import Foundation
import StatusSyncCLI
import StatusSyncEmulator
import StatusSyncTestSupport
import Testing

/// `statussync serve` stops cleanly on SIGTERM and SIGINT: the writes in flight finish, the state is saved, exit 0.
@Suite(.serialized) struct ServeSignalTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalMidCycleFinishesTheWritesInFlightSavesAndExitsZero(signal: Int32) async throws {
        let workspace = try LiveWorkspace(
            sourceSeed: LiveWorkspace.seed(incidents: 25), targetLatency: .milliseconds(15), writesPerSecond: 20)
        let process = Process()
        process.executableURL = try KillResumeTests.binary()
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--reconcile", "1h", "--config", workspace.configPath]
        process.environment = workspace.environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let sent = await sendSignal(process, signal, when: { workspace.targetEntityCount() >= 10 })
        #expect(sent, "the first cycle finished before the signal could be sent")
        await process.exited()
        let printed = String(decoding: await output.fileHandleForReading.readToEndOnItsOwnThread(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("stopping on signal \(signal): finishing the cycle in flight"), "\(printed)")
        #expect(printed.contains("sync pair=migrate"), "the interrupted cycle's summary: \(printed)")
        #expect(!printed.contains("stopped=0"), "the cycle was stopped part-way: \(printed)")
        #expect(printed.hasSuffix("stopped; state saved\n"), "\(printed)")

        // Nothing was lost or left in doubt: the next run finishes the job and then has nothing to do.
        let finish = await workspace.run(["apply", "migrate", "--yes"])
        #expect(finish.status == .success, "\(finish.standardError)")
        let state = try JSONSerialization.jsonObject(with: workspace.target.stateData()) as? [String: Any]
        let titles = (state?["incidents"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles.count == 25 && Set(titles).count == 25)
    }
}
