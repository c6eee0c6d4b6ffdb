import Foundation

/// One pair's whole cycle: recover from an interrupted run, snapshot both accounts, plan, apply.
///
/// The CLI's `plan`, `apply` and `sync` and the demo all run through it, so they behave the same.
/// Hold ``lock()`` for the whole cycle: one writer per pair at a time.
package struct PairSync: Sendable {
    /// The pair's name.
    package var pair: String
    /// The source account's name and client.
    package var source: (name: String, client: any StatusPageProvider)
    /// The target account's name and client.
    package var target: (name: String, client: any StatusPageProvider)
    /// The mapping and the path it was read from.
    package var mapper: Mapper
    /// The digest of the mapping file's bytes.
    package var mappingDigest: String
    /// The store.
    package var store: FileStore
    /// The bound on this run's time (`pairs.NAME.timeouts.run`), started when the run began; `nil`: none.
    package var runBound: RunBound?

    /// Creates a pair cycle.
    package init(
        pair: String, source: (name: String, client: any StatusPageProvider),
        target: (name: String, client: any StatusPageProvider), mapper: Mapper, mappingDigest: String, store: FileStore
    ) {
        self.pair = pair
        self.source = source
        self.target = target
        self.mapper = mapper
        self.mappingDigest = mappingDigest
        self.store = store
    }

    /// Takes the pair's lock, failing at once when another run holds it.
    package func lock() throws(StoreError) -> StoreLock {
        try store.lock("pair-\(pair)")
    }

    /// The pair's links after recovering what an interrupted run left in the journal; see ``PairRecovery/recover()``.
    package func recover() throws(StoreError) -> (state: PairState, settlingKeys: Set<String>) {
        try PairRecovery(pair: pair, store: store).recover()
    }

    /// Both accounts' snapshots, fetched concurrently and saved to the store.
    ///
    /// With `recentOnly`, the source's long lists are read only as far as their recent items and the rest is
    /// carried over from its previous snapshot (``PreviousFetch/recentOnly``): the light reconcile of
    /// `statussync serve`. The target is always read whole.
    ///
    /// - Throws: ``RunTimeoutError`` when the run's bound passes first (the fetches are cancelled, nothing is
    ///   saved), or what a fetch or the store throws.
    package func snapshots(
        full: Bool = false, recentOnly: Bool = false, progress: (@Sendable (String, FetchProgress) -> Void)? = nil
    ) async throws -> (source: SnapshotReport, target: SnapshotReport) {
        guard let runBound else { return try await fetchBoth(full: full, recentOnly: recentOnly, progress: progress) }
        return try await runBound.enforce("fetching '\(source.name)' and '\(target.name)'") {
            try await fetchBoth(full: full, recentOnly: recentOnly, progress: progress)
        }
    }

    private func fetchBoth(
        full: Bool, recentOnly: Bool, progress: (@Sendable (String, FetchProgress) -> Void)?
    ) async throws -> (source: SnapshotReport, target: SnapshotReport) {
        let snapshotter = AccountSnapshotter(store: store)
        let sourceName = source.name
        let targetName = target.name
        let sourceClient = source.client
        let targetClient = target.client
        let sourceProgress = Self.progressHandler(progress, account: sourceName)
        let targetProgress = Self.progressHandler(progress, account: targetName)
        async let sourceReport = InFlightCalls.$account.withValue(sourceName) {
            try await snapshotter.snapshot(
                account: sourceName, client: sourceClient, full: full, recentOnly: recentOnly, progress: sourceProgress)
        }
        async let targetReport = InFlightCalls.$account.withValue(targetName) {
            try await snapshotter.snapshot(
                account: targetName, client: targetClient, full: full, progress: targetProgress)
        }
        return (try await sourceReport, try await targetReport)
    }

    private static func progressHandler(
        _ progress: (@Sendable (String, FetchProgress) -> Void)?, account: String
    ) -> FetchProgressHandler? {
        guard let progress else { return nil }
        return { fetch in progress(account, fetch) }
    }

    /// Plans from two snapshots and the pair's links.
    package func plan(
        source: Snapshot, target: Snapshot, state: PairState, options: PlanOptions, isStrict: Bool
    ) throws -> Plan {
        let maker = PlanMaker(
            pair: pair, mapper: mapper, mappingDigest: mappingDigest, options: options, isStrict: isStrict)
        return try maker.makePlan(
            source: try ProviderData.state(from: source.data, provider: source.provider),
            sourceSide: Plan.Side(
                account: source.account, provider: source.provider, digest: source.digest, fetchedAt: source.fetchedAt),
            target: try ProviderData.state(from: target.data, provider: target.provider),
            targetSide: Plan.Side(
                account: target.account, provider: target.provider, digest: target.digest, fetchedAt: target.fetchedAt),
            state: state)
    }

    /// Refuses a saved plan made from snapshots that no longer match the accounts.
    ///
    /// - Throws: ``PlanError/wrongPair(path:planned:requested:)`` or ``PlanError/stale(account:planned:current:)``.
    package func check(_ plan: Plan, path: String, source: Snapshot, target: Snapshot) throws(PlanError) {
        guard plan.pair == pair else { throw .wrongPair(path: path, planned: plan.pair, requested: pair) }
        for (side, snapshot) in [(plan.source, source), (plan.target, target)] where side.digest != snapshot.digest {
            throw .stale(account: side.account, planned: side.digest, current: snapshot.digest)
        }
    }

    /// Applies `plan` to the target, journaling every write, and saves the links.
    ///
    /// Under a ``runBound``, no write starts after the deadline and the writes still in flight a grace
    /// later are cancelled (they stay in the journal, in doubt, for the next run to settle).
    ///
    /// - Throws: ``RunTimeoutError`` when the bound stopped the apply (the links of what was done are
    ///   saved), or what the applier throws.
    package func apply(_ plan: Plan, state: PairState, options: ApplyOptions) async throws -> ApplyReport {
        let journal = try Journal(path: store.journalPath(pair: pair))
        guard let runBound else {
            return try await Applier(
                target: target.client, state: state, journal: journal, store: store, options: options
            )
            .apply(plan)
        }
        var bounded = options
        let signalled = options.shouldStop
        bounded.shouldStop = { signalled?() == true || runBound.hasPassed }
        let applier = Applier(target: target.client, state: state, journal: journal, store: store, options: bounded)
        let account = target.name
        let report = try await runBound.enforce("applying to '\(account)'", after: runBound.grace) {
            try await InFlightCalls.$account.withValue(account) { try await applier.apply(plan) }
        }
        if report.stopped > 0, runBound.hasPassed, signalled?() != true {
            throw runBound.timeout(
                "applying to '\(account)' (\(report.applied) of \(plan.changes.count) change(s) applied, "
                    + "\(report.stopped) not started)")
        }
        return report
    }
}
