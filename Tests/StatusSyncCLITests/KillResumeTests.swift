import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import StatusSyncTestSupport
import Testing

/// Waits on a thread of its own until `condition` holds or the process exits, then sends it `signal`.
///
/// The Swift concurrency pool is shared with every test running in parallel; a task polling there
/// can be held back for seconds on a loaded machine, and the signal would arrive too late.
/// - Returns: whether the signal was sent while the process still ran.
func sendSignal(_ process: Process, _ signal: Int32, when condition: @escaping @Sendable () -> Bool) async -> Bool {
    await withCheckedContinuation { continuation in
        Thread {
            while process.isRunning, !condition() { usleep(1000) }
            let running = process.isRunning
            if running { kill(process.processIdentifier, signal) }
            continuation.resume(returning: running)
        }.start()
    }
}

/// Runs the real `statussync` binary, kills it with SIGKILL part-way through an apply, and resumes.
@Suite(.serialized, .tags(.slow)) struct KillResumeTests {
    /// The built `statussync` executable beside the test bundle.
    static func binary() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent().deletingLastPathComponent(),
            Workspace.repositoryRoot.appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("statussync") }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
    }

    func start(_ workspace: LiveWorkspace) throws -> Process {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["apply", "migrate", "--yes", "--quiet", "--config", workspace.configPath]
        process.environment = workspace.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func killedAtManyPointsTheNextRunFinishesWithNoDuplicateAndNothingLost() async throws {
        let incidents = 25
        let workspace = try LiveWorkspace(
            sourceSeed: LiveWorkspace.seed(incidents: incidents), targetLatency: .milliseconds(15))
        // 1 service + 25 incidents (created with their first update) + 25 resolving updates.
        let total = 1 + 2 * incidents
        var killedAt: [Int] = []
        // Thresholds count entities in the target: 1 service, then incidents (each with its first update).
        for threshold in [1, 3, 7, 12, 20, 30, 42, 55] {
            let process = try start(workspace)
            // The target's state is read in process, on a thread of its own: a loaded machine cannot delay the kill.
            if await sendSignal(process, SIGKILL, when: { workspace.targetEntityCount() >= threshold }) {
                killedAt.append(workspace.targetEntityCount())
            }
            await process.exited()
        }
        #expect(killedAt.count >= 4, "the apply finished before it could be killed often: \(killedAt)")

        let finish = await workspace.run(["apply", "migrate", "--yes"])
        #expect(finish.status == .success, "\(finish.standardError) \(finish.standardOutput.suffix(3000))")
        let again = await workspace.run(["plan", "migrate", "--detailed-exitcode"])
        #expect(again.status == .success, "\(again.standardOutput)")

        let state = try JSONSerialization.jsonObject(with: workspace.target.stateData()) as? [String: Any]
        let live = (state?["incidents"] as? [[String: Any]] ?? []).filter { ($0["deleted"] as? Bool) != true }
        let titles = live.compactMap { $0["title"] as? String }
        #expect(titles.count == incidents, "incidents in the target: \(titles.count)")
        #expect(Set(titles).count == titles.count, "duplicates: \(titles.sorted())")
        for incident in live {
            let updates = (incident["incident_updates"] as? [[String: Any]] ?? []).filter {
                ($0["deleted"] as? Bool) != true
            }
            #expect(updates.count == 2, "\(incident["title"] ?? ""): \(updates.count) updates")
        }
        let services = (state?["services"] as? [[String: Any]] ?? []).filter { ($0["deleted"] as? Bool) != true }
        #expect(services.count == 1)
        let writes = try await workspace.targetWrites()
        #expect(writes >= total, "every entity was written at least once: \(writes) writes for \(total) entities")
    }
}

/// `sync --watch` stops cleanly on SIGTERM and SIGINT: the writes in flight finish, the state is saved, exit 0.
@Suite(.serialized, .tags(.slow)) struct SignalStopTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalMidApplyFinishesTheWritesInFlightSavesAndExitsZero(signal: Int32) async throws {
        let workspace = try LiveWorkspace(
            sourceSeed: LiveWorkspace.seed(incidents: 25), targetLatency: .milliseconds(15), writesPerSecond: 20)
        let process = Process()
        process.executableURL = try KillResumeTests.binary()
        process.arguments = ["sync", "migrate", "--watch", "--interval", "1h", "--config", workspace.configPath]
        process.environment = workspace.environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let sent = await sendSignal(process, signal, when: { workspace.targetEntityCount() >= 10 })
        #expect(sent, "the sync finished before the signal could be sent")
        await process.exited()
        let printed = String(decoding: await output.fileHandleForReading.readToEndOnItsOwnThread(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("sync pair=migrate"), "one summary line for the interrupted cycle: \(printed)")
        #expect(!printed.contains("stopped=0"), "the cycle was stopped part-way: \(printed)")
        #expect(
            printed.contains("changes; run the same command to carry on\nstopped on a signal after 1 cycle(s)"),
            "the run says how far it got: \(printed)")

        // Nothing was lost or left in doubt: the next run finishes the job and then has nothing to do.
        let finish = await workspace.run(["apply", "migrate", "--yes"])
        #expect(finish.status == .success, "\(finish.standardError)")
        let again = await workspace.run(["plan", "migrate", "--detailed-exitcode"])
        #expect(again.status == .success)
        let state = try JSONSerialization.jsonObject(with: workspace.target.stateData()) as? [String: Any]
        let titles = (state?["incidents"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles.count == 25 && Set(titles).count == 25)
    }
}

/// `sync --watch` keeps cycling: a change made after a cycle reaches the target in a later one.
@Suite(.serialized, .tags(.slow)) struct WatchTests {
    /// Waits on a thread of its own until `condition` holds, for at most `seconds`.
    func wait(seconds: Double, until condition: @escaping @Sendable () -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread {
                let deadline = Date().addingTimeInterval(seconds)
                while !condition(), Date() < deadline { usleep(2000) }
                continuation.resume(returning: condition())
            }.start()
        }
    }

    @Test func aWatcherCarriesChangesMadeAfterItsFirstCycleThenStopsOnASignal() async throws {
        let workspace = try LiveWorkspace()
        let process = Process()
        process.executableURL = try KillResumeTests.binary()
        process.arguments = ["sync", "migrate", "--watch", "--interval", "1s", "--config", workspace.configPath]
        process.environment = workspace.environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let initial = 2 + 1 + 2  // two services, one incident and its two updates, as counted by targetEntityCount
        #expect(await wait(seconds: 60) { workspace.targetEntityCount() >= initial }, "the first cycle migrated")

        try await workspace.addSourceIncident(title: "After the first cycle")
        #expect(await wait(seconds: 60) { workspace.targetEntityCount() > initial }, "a later cycle carried it")
        let afterFirstChange = workspace.targetEntityCount()
        try await workspace.addSourceIncident(title: "After the second cycle")
        #expect(await wait(seconds: 60) { workspace.targetEntityCount() > afterFirstChange }, "and the next one")

        kill(process.processIdentifier, SIGTERM)
        await process.exited()
        let printed = String(decoding: await output.fileHandleForReading.readToEndOnItsOwnThread(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(printed)")
        let state = try JSONSerialization.jsonObject(with: workspace.target.stateData()) as? [String: Any]
        let titles = (state?["incidents"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles.sorted() == ["After the first cycle", "After the second cycle", "Login outage"])
        #expect(printed.split(separator: "\n").count >= 3, "one line per cycle: \(printed)")
    }
}
