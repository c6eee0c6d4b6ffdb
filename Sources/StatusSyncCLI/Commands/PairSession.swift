import Foundation
import StatusSyncCore

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
        self.context = context
        configuration = try context.loadConfiguration()
        pair = try configuration.pair(named: context.command.argument("PAIR"))
        source = try configuration.account(named: pair.source)
        target = try configuration.account(named: pair.target)
        mapping = try MappingLoader.load(path: pair.mapping)
        guard mapping.source == source.provider, mapping.target == target.provider else {
            throw MappingError.providerMismatch(
                path: pair.mapping, expected: "\(source.provider) → \(target.provider)",
                found: "\(mapping.source) → \(mapping.target)")
        }
        mappingDigest =
            "sha256:" + SHA256.hex(of: (try? Data(contentsOf: URL(fileURLWithPath: pair.mapping))) ?? Data())
        store = FileStore(root: context.storeDirectory(configuration))
    }

    /// The latest stored snapshot of an account, read as the model.
    func storedAccount(_ account: Account) throws -> (side: Plan.Side, state: AccountState) {
        guard let path = store.latestSnapshotPath(account: account.name) else {
            throw StoreError.noSnapshot(
                account: account.name, directory: store.snapshotDirectory(account: account.name))
        }
        let (header, state) = try AccountState.fromSnapshot(try store.read(path), path: path)
        guard header.provider == account.provider else {
            throw StoreError.corrupt(
                path: path,
                reason: "it holds \(header.provider) data, but account '\(account.name)' is \(account.provider)")
        }
        return (Plan.Side(account: account.name, provider: account.provider, digest: header.digest), state)
    }

    /// The target account's rate limits: the provider's documented ones or the configuration's override.
    func rateLimits(of account: Account) throws -> AccountRateLimits {
        let defaults: AccountRateLimits = account.provider == .freshstatus ? .freshstatus : .statusHub
        return try AccountRateLimits(
            defaults: defaults, readsPerSecond: account.rateLimit?.readsPerSecond,
            writesPerSecond: account.rateLimit?.writesPerSecond, callsPerHour: account.rateLimit?.callsPerHour)
    }

    /// Makes the plan from the latest stored snapshots.
    func makePlan(now: Instant) throws -> Plan {
        let (sourceSide, sourceState) = try storedAccount(source)
        let (targetSide, targetState) = try storedAccount(target)
        let command = context.command
        let options = PlanOptions(
            now: now, matching: mapping.matching, allowsDeletes: command.flag("--prune"),
            ignoresDeleteThreshold: command.flag("--force"))
        let maker = PlanMaker(
            pair: pair.name, mapper: Mapper(mapping: mapping, mappingPath: pair.mapping, now: now),
            mappingDigest: mappingDigest, options: options, isStrict: command.flag("--strict"))
        var plan = try maker.makePlan(
            source: sourceState, sourceSide: sourceSide, target: targetState, targetSide: targetSide,
            state: try store.pairState(pair.name))
        plan.estimate = try estimate(plan)
        return plan
    }

    /// The calls an apply makes and the least time they take at the target's rate limits.
    func estimate(_ plan: Plan) throws -> Plan.Estimate {
        let limits = try rateLimits(of: target)
        let writes = plan.writeCalls
        // Each StatusHub incident created is read back once to link its first update.
        let reads =
            target.provider == .statushub ? plan.changes.count { $0.kind == .incident && $0.action == .create } : 0
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
