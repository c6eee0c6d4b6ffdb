import Foundation
import StatusSyncCore
import StatusSyncEmulator

/// Migrates the example Freshstatus seed to a StatusHub emulator that answers after 150 ms and
/// allows 20 writes per second, first with the scheduler, then strictly one write at a time, and
/// compares both with the floor the rate limit sets (writes ÷ 20 per second); then the whole command
/// as a user runs it, against the same floor.
enum ApplyBenchmark {
    static let writesPerSecond = 20
    static let latency: Duration = .milliseconds(150)

    static func run(seedPath: String) async throws {
        guard let seed = FileManager.default.contents(atPath: seedPath) else {
            throw StoreError.io(path: seedPath, reason: "cannot read the seed; run from the project's root")
        }
        print("Apply of \(seedPath) to StatusHub at \(latency) latency and \(writesPerSecond) writes/s")
        let concurrent = try await migrate(seed: seed, concurrency: 16)
        print(row("scheduler", concurrent))
        let sequential = try await migrate(seed: seed, concurrency: 1)
        print(row("sequential", sequential))
        print(
            String(
                format: "scheduler: %.3f× the floor; sequential: %.2f× the floor; sequential ÷ scheduler: %.2f×",
                concurrent.seconds / concurrent.floor, sequential.seconds / sequential.floor,
                sequential.seconds / concurrent.seconds))
        guard let binary = releaseBinary else {
            print("end to end: skipped; build the command first with `swift build -c release`")
            return
        }
        let command = try await runCommand(binary: binary, seed: seed)
        print(
            String(
                format:
                    "end to end (`statussync apply --yes`, source also at %@): %.2f s, exit %d; 429 received: %d; writes received: %d",
                "\(latency)" as NSString, command.seconds, command.exitStatus, command.throttled,
                command.writesReceived))
        print("  its last line: \(command.lastLine)")
        print(
            String(
                format: "end to end: %.3f× the floor; apply only: %.3f× the floor",
                command.seconds / concurrent.floor, concurrent.seconds / concurrent.floor))
    }

    struct Result {
        var writes: Int
        var seconds: Double
        var floor: Double
        var throttled: Int
        var rejected: Int
        var complete: Bool
    }

    static func row(_ name: String, _ result: Result) -> String {
        String(
            format:
                "%-11@ %5d writes in %7.2f s; floor %6.2f s (×%.3f); 429 received: %d; rejected by the server: %d; complete: %@",
            name as NSString, result.writes, result.seconds, result.floor, result.seconds / result.floor,
            result.throttled,
            result.rejected, result.complete ? "yes" : "no")
    }

    /// The scheduler's apply against a target that answers 500, loses answers and throttles at the given
    /// rates (`--faults FAIL,LOSE,THROTTLE`), then a check of the target: every incident once, none missing.
    static func runWithFaults(seedPath: String, faults: [Double]) async throws {
        guard let seed = FileManager.default.contents(atPath: seedPath), faults.count == 3 else {
            throw StoreError.io(path: seedPath, reason: "cannot read the seed, or --faults is not FAIL,LOSE,THROTTLE")
        }
        print(
            "Apply of \(seedPath) to StatusHub at \(latency) latency and \(writesPerSecond) writes/s, faults: "
                + "\(faults[0]) answered 500, \(faults[1]) answers lost, \(faults[2]) spurious 429")
        var check: (incidents: Int, distinct: Int) = (0, 0)
        let result = try await migrate(seed: seed, concurrency: 16) { options in
            options.failRate = faults[0]
            options.loseResponseRate = faults[1]
            options.throttleRate = faults[2]
            options.faultSeed = 2026
        } inspect: { target in
            let state = (try? JSONSerialization.jsonObject(with: target.stateData())) as? [String: Any]
            let incidents = (state?["incidents"] as? [[String: Any]] ?? []).filter { ($0["deleted"] as? Bool) != true }
            let keys = incidents.map { "\($0["title"] ?? "") @ \($0["start_time"] ?? "")" }
            check = (incidents.count, Set(keys).count)
        }
        print(row("faults", result))
        print(
            String(
                format: "with faults: %.3f× the floor; target incidents: %d, distinct: %d (duplicates: %d)",
                result.seconds / result.floor, check.incidents, check.distinct, check.incidents - check.distinct))
    }

    /// One migration into a fresh target emulator; times the apply only (snapshots and planning excluded).
    static func migrate(
        seed: Data, concurrency: Int, faults: (inout EmulatorOptions) -> Void = { _ in },
        inspect: (Emulator) -> Void = { _ in }
    ) async throws -> Result {
        var sourceOptions = EmulatorOptions(provider: .freshstatus)
        sourceOptions.seed = seed
        sourceOptions.rateLimits = .unlimited
        var targetOptions = EmulatorOptions(provider: .statushub)
        targetOptions.latency = latency
        targetOptions.rateLimits = EmulatorRateLimits(readsPerSecond: 30, writesPerSecond: writesPerSecond)
        faults(&targetOptions)
        let source = try Emulator(options: sourceOptions)
        let target = try Emulator(options: targetOptions)
        try source.start()
        try target.start()
        defer {
            source.stop()
            target.stop()
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "apply-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }

        let sourceStack = TransportStack.live(
            credential: .freshstatus(apiKey: sourceOptions.apiKey, subdomain: sourceOptions.subdomain),
            rateLimits: .shared(.unlimited))
        let targetStack = TransportStack.live(
            credential: .statusHub(apiKey: targetOptions.apiKey),
            rateLimits: AccountRateLimits.perVerbClass(
                reads: .evenPace(perSecond: 30), writes: .evenPace(perSecond: Double(writesPerSecond))
            ).withHeadroom())
        let sync = PairSync(
            pair: "bench",
            source: (
                "old",
                FreshstatusClient(baseURL: source.baseURL, transport: sourceStack, account: "old", apiKeyEnv: "K")
            ),
            target: (
                "new",
                StatusHubClient(
                    baseURL: target.baseURL, hub: targetOptions.hub, transport: targetStack, account: "new",
                    apiKeyEnv: "K")
            ),
            mapper: Mapper(
                mapping: try MappingLoader.parse(Data(PlanBenchmark.mapping.utf8), path: "m"), mappingPath: "m",
                now: Instant(Date())),
            mappingDigest: "m", store: FileStore(root: directory.path))
        let (sourceReport, targetReport) = try await sync.snapshots()
        let plan = try sync.plan(
            source: sourceReport.snapshot, target: targetReport.snapshot, state: PairState(pair: "bench"),
            options: PlanOptions(now: Instant(Date())), isStrict: false)
        let before = await targetStack.usage()
        let report = try await sync.apply(
            plan, state: PairState(pair: "bench"), options: ApplyOptions(concurrency: concurrency))
        let after = await targetStack.usage()
        inspect(target)
        let seconds = Double(report.duration.components.seconds) + Double(report.duration.components.attoseconds) / 1e18
        return Result(
            writes: report.writes, seconds: seconds, floor: Double(report.writes) / Double(writesPerSecond),
            throttled: after.throttled - before.throttled, rejected: report.failures.count, complete: report.isComplete)
    }
}
