import Foundation
import StatusSyncCore
import Synchronization

/// Everything a command about one pair needs: the configuration, both accounts, the mapping and the store.
struct PairSession {
    let context: CommandContext
    let configuration: Configuration
    let pair: Pair
    let source: Account
    let target: Account
    let mapping: MappingFile
    let mappingDigest: String
    let store: FileStore

    /// Loads the configuration, the pair and its mapping, and checks the mapping fits the accounts.
    init(_ context: CommandContext) throws {
        try self.init(context, pairName: context.command.argument("PAIR"))
    }

    /// Loads the configuration, the pair named `pairName` and its mapping, as ``init(_:)``.
    init(_ context: CommandContext, pairName: String) throws {
        self.context = context
        configuration = try context.loadConfiguration()
        pair = try configuration.pair(named: pairName)
        source = try configuration.account(named: pair.source)
        target = try configuration.account(named: pair.target)
        (mapping, mappingDigest) = try MappingLoader.loadWithDigest(path: pair.mapping)
        guard mapping.source == source.provider, mapping.target == target.provider else {
            throw MappingError.providerMismatch(
                path: pair.mapping, expected: "\(source.provider) → \(target.provider)",
                found: "\(mapping.source) → \(mapping.target)")
        }
        store = FileStore(
            root: context.storeDirectory(configuration), snapshotRetention: configuration.snapshotRetention)
    }

    /// The latest stored snapshot of an account, read as the model.
    func storedAccount(_ account: Account) throws -> (side: Plan.Side, state: AccountState) {
        guard let path = store.latestSnapshotPath(account: account.name) else {
            throw StoreError.noSnapshot(
                account: account.name, directory: store.snapshotDirectory(account: account.name))
        }
        let (header, state) = try AccountState.fromSnapshot(
            try store.read(path), path: path, provider: account.provider)
        return (
            Plan.Side(
                account: account.name, provider: account.provider, digest: header.digest, fetchedAt: header.fetchedAt),
            state
        )
    }

    /// The plan options the command line asks for.
    func planOptions(now: Instant, settlingKeys: Set<String> = []) -> PlanOptions {
        var options = PlanOptions(
            now: now, matching: mapping.matching, allowsDeletes: context.command.flag("--prune"),
            ignoresDeleteThreshold: context.command.flag("--force"))
        options.settlingKeys = settlingKeys
        return options
    }

    /// Makes the plan from the latest stored snapshots.
    func makeOfflinePlan(now: Instant) throws -> Plan {
        let (sourceSide, sourceState) = try storedAccount(source)
        let (targetSide, targetState) = try storedAccount(target)
        let maker = PlanMaker(
            pair: pair.name, mapper: Mapper(mapping: mapping, mappingPath: pair.mapping, now: now),
            mappingDigest: mappingDigest, options: planOptions(now: now),
            isStrict: context.command.flag("--strict"))
        var plan = try maker.makePlan(
            source: sourceState, sourceSide: sourceSide, target: targetState, targetSide: targetSide,
            state: try store.pairState(pair.name))
        plan.estimate = try estimate(plan)
        return plan
    }

    /// A pair ready for a run: live clients, the pair's lock held (while this value lives) and what an
    /// interrupted run left recovered.
    struct Opened {
        let sync: PairSync
        let target: ProviderFactory.Client
        let lock: StoreLock
        let state: PairState
        let settlingKeys: Set<String>
    }

    /// Makes live clients, takes the pair's lock and recovers what an interrupted run left, saying so.
    ///
    /// - Parameters:
    ///   - now: The run's clock, for the mapper.
    ///   - time: The clock the clients' calls wait on.
    /// - Returns: The opened pair; keep it alive as long as the lock is needed.
    /// - Throws: ``StoreError`` when the pair is locked by another run or its journal cannot be read, or a
    ///   configuration error when an account cannot be reached.
    func open(now: Instant, time: TimeSource = .live) throws -> Opened {
        let (sync, target) = try makeSync(now: now, time: time)
        let lock = try sync.lock()
        let (state, settling) = try sync.recover()
        if !settling.isEmpty {
            context.note(
                "Recovering an interrupted run: \(settling.count) write(s) of unknown outcome are settled first.")
        }
        return Opened(sync: sync, target: target, lock: lock, state: state, settlingKeys: settling)
    }

    /// The pair cycle with live clients for both accounts, whose calls wait on `time`.
    func makeSync(now: Instant, time: TimeSource = .live) throws -> (sync: PairSync, target: ProviderFactory.Client) {
        let output = context.output
        let log: (@Sendable (String) -> Void)? =
            context.command.global.isVerbose ? { @Sendable line in output.standardError(line + "\n") } : nil
        let note: @Sendable (String) -> Void = { output.standardError("note: \($0)\n") }
        let sourceClient = try ProviderFactory.makeClient(
            for: source, environment: context.environment, time: time, log: log, store: store, note: note)
        let targetClient = try ProviderFactory.makeClient(
            for: target, environment: context.environment, time: time, log: log, store: store, note: note)
        var sync = PairSync(
            pair: pair.name, source: (source.name, sourceClient.provider), target: (target.name, targetClient.provider),
            mapper: Mapper(mapping: mapping, mappingPath: pair.mapping, now: now), mappingDigest: mappingDigest,
            store: store)
        sync.runBound = pair.runTimeout.map { RunBound(limit: $0, setting: "pairs.\(pair.name).timeouts.run") }
        return (sync, targetClient)
    }

    /// Snapshots both accounts (progress on a terminal) and plans; the caller holds the pair's lock.
    ///
    /// With `recentOnly`, long lists are read only as far as their recent items (``PairSync/snapshots(full:recentOnly:progress:)``).
    func makeOnlinePlan(
        _ sync: PairSync, state: PairState, settlingKeys: Set<String>, now: Instant, recentOnly: Bool = false
    ) async throws -> (plan: Plan, source: Snapshot, target: Snapshot) {
        let line = StatusLine(context)
        let counts = Mutex<[String: FetchProgress]>([:])
        let reports: (source: SnapshotReport, target: SnapshotReport)
        do {
            reports = try await sync.snapshots(recentOnly: recentOnly) { account, progress in
                let all = counts.withLock { counts in
                    counts[account] = progress
                    return counts
                }
                let made = all.values.reduce(0) { $0 + $1.callsMade }
                let expected = all.values.reduce(0) { $0 + max($1.callsExpected, $1.callsMade) }
                line.show(done: made, of: expected) {
                    "fetched "
                        + all.keys.sorted().map {
                            "\($0) \(all[$0]?.callsMade ?? 0)/\(all[$0]?.callsExpected ?? 0) calls"
                        }
                        .joined(separator: ", ")
                }
            }
            line.clear()
        } catch {
            line.clear()
            throw error
        }
        var plan = try sync.plan(
            source: reports.source.snapshot, target: reports.target.snapshot, state: state,
            options: planOptions(now: now, settlingKeys: settlingKeys), isStrict: context.command.flag("--strict"))
        plan.estimate = try estimate(plan)
        return (plan, reports.source.snapshot, reports.target.snapshot)
    }

    /// Plans online as ``makeOnlinePlan(_:state:settlingKeys:now:)`` for a run `control` can stop.
    ///
    /// - Returns: The plan and both snapshots; `nil` when a signal ended a wait while fetching (the
    ///   run's stopped line is then printed, and the command exits 0).
    /// - Throws: What fetching and planning throw, and ``CommandError`` when a wait went past `--max-wait`.
    func makeOnlinePlan(
        _ pair: Opened, control: RunControl, now: Instant
    ) async throws -> (plan: Plan, source: Snapshot, target: Snapshot)? {
        do {
            return try await makeOnlinePlan(pair.sync, state: pair.state, settlingKeys: pair.settlingKeys, now: now)
        } catch let interruption as WaitInterruption {
            _ = try ApplyCommand.stopped(by: interruption, control: control, context: context, counts: nil)
            return nil
        }
    }

    /// The calls an apply makes and the least time they take at the target's rate limits.
    func estimate(_ plan: Plan) throws -> Plan.Estimate {
        let limits = try ProviderFactory.rateLimits(for: target)
        let writes = plan.writeCalls
        // Where an incident is created with its first update, each one created is read back once to link that update.
        let reads =
            target.provider.capabilities.incidentCreatedWithFirstUpdate
            ? plan.changes.count { $0.kind == .incident && $0.action == .create } : 0
        let seconds: Double
        switch limits {
        case .shared(let policy):
            seconds = policy.minimumDuration(forCalls: writes + reads).timeInterval
        case .perVerbClass(let readPolicy, let writePolicy):
            seconds = max(
                writePolicy.minimumDuration(forCalls: writes).timeInterval,
                readPolicy.minimumDuration(forCalls: reads).timeInterval)
        }
        return Plan.Estimate(writeCalls: writes, readCalls: reads, seconds: seconds)
    }
}
