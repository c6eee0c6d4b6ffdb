import Foundation
import StatusSyncEmulator

/// Migrations by the release `statussync`, each killed with SIGKILL at random points and resumed each time,
/// then finished; counts the duplicates and the missing entities in each target (0 and 0 expected).
enum CrashBenchmark {
    /// Kills per migration on average: once a migration is done, the next kills go to a fresh target.
    static let killsPerMigration = 10

    /// Migrates `seedPath` into fresh targets until `kills` kills have been made, at points drawn from `seed`.
    ///
    /// - Parameters:
    ///   - kills: How many times an apply is killed in all.
    ///   - seed: The seed of the kill points, so a run can be repeated.
    ///   - seedPath: The Freshstatus account to migrate.
    /// - Throws: when the seed file, the emulators or the child processes cannot be set up.
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
        try source.start()
        defer { source.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "crash-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["FS_KEY": sourceOptions.apiKey, "SH_KEY": targetOptions.apiKey]
        // The reference: the same migration, never interrupted, into a target of its own.
        let reference = try Migration(
            number: 0, source: source, targetOptions: targetOptions, directory: directory, binary: binary,
            environment: environment)
        defer { reference.target.stop() }
        let referenceExit = try reference.run(["apply", "migrate", "--yes", "--quiet"])
        let expected = TargetCount(reference.target)
        WatchBenchmark.say(
            "crash: \(kills) kill -9 in migrations of \(seedPath), kill points from seed \(seed); the uninterrupted "
                + "reference (exit \(referenceExit)) holds \(expected.incidents) incidents, \(expected.updates) updates, "
                + "\(expected.services) services, \(expected.maintenances) maintenances")

        var random = SplitMix(seed: seed)
        var killed = 0
        var totals = (duplicates: 0, missing: 0, byTime: 0, midApply: 0, migrations: 0)
        let started = Date()
        while killed < kills {
            totals.migrations += 1
            let migration = try Migration(
                number: totals.migrations, source: source, targetOptions: targetOptions, directory: directory,
                binary: binary, environment: environment)
            defer { migration.target.stop() }
            var killedHere = 0
            while killed < kills {
                let before = TargetCount(migration.target).entities
                let step = max(expected.entities / killsPerMigration, 1)
                // One kill in five at a random instant from the start (fetch, plan, journal replay); the rest
                // when the target has gained a random number of entities.
                let byTime = random.next() % 5 == 0
                let delay = Double(random.next() % 1500) / 1000
                let threshold = before + 1 + Int(random.next() % UInt64(2 * step))
                guard try migration.killed(byTime: byTime, delay: delay, threshold: threshold) else { break }
                killed += 1
                killedHere += 1
                if byTime { totals.byTime += 1 } else { totals.midApply += 1 }
            }
            let finish = try migration.run(["apply", "migrate", "--yes", "--quiet"])
            let plan = try migration.run(["plan", "migrate", "--detailed-exitcode", "--quiet"])
            let verify = try migration.run(["verify", "migrate", "--quiet"])
            let count = TargetCount(migration.target)
            let duplicates = count.duplicates
            let missing = count.missing(from: expected)
            totals.duplicates += duplicates
            totals.missing += missing
            WatchBenchmark.say(
                "migration \(totals.migrations): \(killedHere) kills; then apply exit \(finish), plan "
                    + "--detailed-exitcode exit \(plan), verify exit \(verify); incidents \(count.incidents), updates "
                    + "\(count.updates), services \(count.services), maintenances \(count.maintenances); "
                    + "duplicates \(duplicates), missing \(missing)")
        }
        WatchBenchmark.say(
            "kills: \(killed) (\(totals.midApply) mid-apply, \(totals.byTime) at a random instant from the start) over "
                + "\(totals.migrations) migrations in "
                + String(format: "%.0f s", Date().timeIntervalSince(started)))
        WatchBenchmark.say("duplicates: \(totals.duplicates), missing: \(totals.missing)")
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

    /// The entities beyond the distinct ones.
    var duplicates: Int {
        (incidents - distinctIncidents) + (updates - distinctUpdates) + (services - serviceNames.count)
            + (maintenances - maintenanceKeys.count)
    }

    /// The reference's distinct entities this target lacks.
    func missing(from reference: TargetCount) -> Int {
        reference.incidentKeys.subtracting(incidentKeys).count + reference.updateKeys.subtracting(updateKeys).count
            + reference.serviceNames.subtracting(serviceNames).count
            + reference.maintenanceKeys.subtracting(maintenanceKeys).count
    }

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

/// One migration: a fresh StatusHub target, a store and a configuration of its own.
struct Migration {
    let target: Emulator
    let configPath: String
    let binary: URL
    let environment: [String: String]

    init(
        number: Int, source: Emulator, targetOptions: EmulatorOptions, directory: URL, binary: URL,
        environment: [String: String]
    ) throws {
        target = try Emulator(options: targetOptions)
        try target.start()
        let own = directory.appendingPathComponent("migration-\(number)")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        configPath = try WatchBenchmark.writeConfiguration(
            in: own, source: source, target: target, writesPerSecond: 200)
        self.binary = binary
        self.environment = environment
    }

    /// Runs `statussync` with `arguments` to its end and returns its exit status.
    func run(_ arguments: [String]) throws -> Int32 {
        try CrashBenchmark.runToEnd(binary, arguments, configPath, environment)
    }

    /// Starts an apply and kills it after `delay` seconds (`byTime`) or once the target holds `threshold`
    /// entities; returns whether it was killed, or ended by itself first.
    func killed(byTime: Bool, delay: Double, threshold: Int) throws -> Bool {
        let child = Process()
        child.executableURL = binary
        child.arguments = ["apply", "migrate", "--yes", "--quiet", "--config", configPath]
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        let launched = Date()
        try child.run()
        let target = self.target
        while child.isRunning,
            !(byTime ? Date().timeIntervalSince(launched) >= delay : TargetCount(target).entities >= threshold)
        {
            // Reading the target's whole state is not free: poll it every 20 ms, the clock every 0.5 ms.
            usleep(byTime ? 500 : 20_000)
        }
        let running = child.isRunning
        if running { kill(child.processIdentifier, SIGKILL) }
        child.waitUntilExit()
        return running
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
