import Foundation
import StatusSyncEmulator

/// A full migration by the release `statussync`, killed with SIGKILL at many random points and resumed each
/// time, then finished; counts the duplicates and the missing entities in the target (0 and 0 expected).
enum CrashBenchmark {
    /// Runs the migration of `seedPath` with `kills` kills drawn from `seed`.
    ///
    /// - Parameters:
    ///   - kills: How many times the apply is killed.
    ///   - seed: The seed of the kill points, so a run can be repeated.
    ///   - seedPath: The Freshstatus account to migrate.
    /// - Throws: when the seed file, the emulators or the child process cannot be set up.
    static func run(kills: Int, seed: UInt64, seedPath: String) async throws {
        guard let data = FileManager.default.contents(atPath: seedPath) else {
            throw BenchError("cannot read \(seedPath); run from the project's root")
        }
        let binary = try releaseBinary()
        var sourceOptions = EmulatorOptions(provider: .freshstatus)
        sourceOptions.seed = data
        sourceOptions.rateLimits = .unlimited
        var targetOptions = EmulatorOptions(provider: .statushub)
        targetOptions.rateLimits = .unlimited
        targetOptions.latency = .milliseconds(5)
        let source = try Emulator(options: sourceOptions)
        let target = try Emulator(options: targetOptions)
        let reference = try Emulator(options: targetOptions)
        for emulator in [source, target, reference] { try emulator.start() }
        defer { for emulator in [source, target, reference] { emulator.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "crash-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["FS_KEY": sourceOptions.apiKey, "SH_KEY": targetOptions.apiKey]
        // The reference: the same migration, never interrupted, into a target of its own.
        let referenceDirectory = directory.appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: referenceDirectory, withIntermediateDirectories: true)
        let referenceConfig = try WatchBenchmark.writeConfiguration(
            in: referenceDirectory, source: source, target: reference, writesPerSecond: 200)
        let referenceExit = try runToEnd(
            binary, ["apply", "migrate", "--yes", "--quiet"], referenceConfig, environment)
        let expected = TargetCount(reference)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configPath = try WatchBenchmark.writeConfiguration(
            in: directory, source: source, target: target, writesPerSecond: 200)
        WatchBenchmark.say(
            "crash: \(kills) kill -9 during a migration of \(seedPath); the uninterrupted reference (exit "
                + "\(referenceExit)) holds \(expected.incidents) incidents, \(expected.updates) updates, "
                + "\(expected.services) services; kill points from seed \(seed)")

        var random = SplitMix(seed: seed)
        var killed = 0
        var finishedEarly = 0
        var byPhase: [String: Int] = [:]
        let started = Date()
        while killed < kills {
            let before = TargetCount(target).entities
            let remaining = max(expected.entities - before, 1)
            let step = max(remaining / max(kills - killed, 1), 1)
            // One kill in five at a random instant from the start (fetch, plan, journal replay); the rest when
            // the target has gained a random number of entities.
            let byTime = random.next() % 5 == 0
            let delay = Double(random.next() % 1500) / 1000
            let threshold = before + 1 + Int(random.next() % UInt64(2 * step))
            let child = Process()
            child.executableURL = binary
            child.arguments = ["apply", "migrate", "--yes", "--quiet", "--config", configPath]
            child.environment = environment
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            let launched = Date()
            try child.run()
            let sent = await killWhen(child) {
                byTime ? Date().timeIntervalSince(launched) >= delay : TargetCount(target).entities >= threshold
            }
            child.waitUntilExit()
            if sent {
                killed += 1
                byPhase[byTime ? "at a random instant" : "mid-apply", default: 0] += 1
            } else if child.terminationStatus == 0, TargetCount(target).entities >= expected.entities {
                finishedEarly += 1
                if finishedEarly > 3 { break }
            }
        }
        let finish = try runToEnd(binary, ["apply", "migrate", "--yes", "--quiet"], configPath, environment)
        let plan = try runToEnd(binary, ["plan", "migrate", "--detailed-exitcode", "--quiet"], configPath, environment)
        let verify = try runToEnd(binary, ["verify", "migrate", "--quiet"], configPath, environment)
        let count = TargetCount(target)
        let seconds = Date().timeIntervalSince(started)
        WatchBenchmark.say(
            "kills: \(killed) (\(byPhase.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))); "
                + String(format: "%.0f s in all", seconds))
        WatchBenchmark.say(
            "final apply exit \(finish), plan --detailed-exitcode exit \(plan), verify exit \(verify)")
        WatchBenchmark.say(
            "target: incidents \(count.incidents) (distinct \(count.distinctIncidents), reference \(expected.incidents)), "
                + "updates \(count.updates) (distinct \(count.distinctUpdates), reference \(expected.updates)), "
                + "services \(count.services) (reference \(expected.services)), "
                + "maintenances \(count.maintenances) (reference \(expected.maintenances))")
        let duplicates =
            (count.incidents - count.distinctIncidents) + (count.updates - count.distinctUpdates)
            + (count.services - count.serviceNames.count) + (count.maintenances - count.maintenanceKeys.count)
        let missing =
            expected.incidentKeys.subtracting(count.incidentKeys).count
            + expected.updateKeys.subtracting(count.updateKeys).count
            + expected.serviceNames.subtracting(count.serviceNames).count
            + expected.maintenanceKeys.subtracting(count.maintenanceKeys).count
        WatchBenchmark.say("duplicates: \(duplicates), missing: \(missing)")
    }

    /// The `statussync` built beside this benchmark.
    static func releaseBinary() throws -> URL {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("statussync")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchError("no statussync beside the bench at \(binary.path); run `swift build -c release` first")
        }
        return binary
    }

    /// Sends SIGKILL on a thread of its own as soon as `condition` holds, unless the process exits first.
    static func killWhen(_ process: Process, _ condition: @escaping @Sendable () -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread {
                while process.isRunning, !condition() { usleep(500) }
                let running = process.isRunning
                if running { kill(process.processIdentifier, SIGKILL) }
                continuation.resume(returning: running)
            }.start()
        }
    }

    /// Runs the binary to its end and returns its exit status.
    static func runToEnd(
        _ binary: URL, _ arguments: [String], _ configPath: String, _ environment: [String: String]
    ) throws -> Int32 {
        let child = Process()
        child.executableURL = binary
        child.arguments = arguments + ["--config", configPath]
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        return child.terminationStatus
    }
}

/// What a StatusHub emulator holds, read in process: live incidents, their live updates, services and maintenances, and how
/// many of them are distinct (an incident by title and start, an update by its incident, time and body).
///
/// Duplicates are the entities beyond the distinct ones; missing are the reference's distinct entities the
/// target lacks (the reference is the same migration, never interrupted).
struct TargetCount {
    var incidents = 0
    var distinctIncidents = 0
    var updates = 0
    var distinctUpdates = 0
    var services = 0
    var incidentKeys = Set<String>()
    var updateKeys = Set<String>()
    var serviceNames = Set<String>()
    var maintenances = 0
    var maintenanceKeys = Set<String>()

    var entities: Int { incidents + updates + services + maintenances }

    init(_ target: Emulator) {
        let state = (try? JSONSerialization.jsonObject(with: target.stateData())) as? [String: Any] ?? [:]
        let live = { (items: Any?) in (items as? [[String: Any]] ?? []).filter { ($0["deleted"] as? Bool) != true } }
        let incidentItems = live(state["incidents"])
        for incident in incidentItems {
            let key = "\(incident["title"] ?? "")|\(incident["start_time"] ?? "")"
            incidentKeys.insert(key)
            for update in live(incident["incident_updates"]) {
                updates += 1
                updateKeys.insert("\(key)|\(update["start_time"] ?? "")|\(update["body"] ?? "")")
            }
        }
        incidents = incidentItems.count
        distinctIncidents = incidentKeys.count
        distinctUpdates = updateKeys.count
        let serviceItems = live(state["services"])
        services = serviceItems.count
        serviceNames = Set(serviceItems.map { "\($0["name"] ?? "")" })
        let maintenanceItems = live(state["maintenances"])
        maintenances = maintenanceItems.count
        maintenanceKeys = Set(maintenanceItems.map { "\($0["title"] ?? "")|\($0["start_time"] ?? "")" })
    }

}

/// SplitMix64: a small seeded generator, so the kill points repeat with the seed.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
