import Foundation

/// Takes a snapshot of one account: lock, fetch, save.
///
/// The account's store lock (`account-NAME`) is held for the whole run, so two snapshots of one
/// account never interleave. The previous snapshot, when it can be read, lets the provider skip
/// unchanged StatusHub incident details; one that cannot (corrupt, too new) is reported, left
/// untouched and ignored, so the fetch is a full one. Nothing is written unless the fetch
/// succeeds; the new snapshot is then saved atomically under a new name.
package struct AccountSnapshotter: Sendable {
    /// The store snapshots are read from and saved to.
    package var store: FileStore
    /// The clock that stamps the snapshot and times the fetch.
    package var time: TimeSource

    /// Creates a snapshotter.
    package init(store: FileStore, time: TimeSource = .live) {
        self.store = store
        self.time = time
    }

    /// The name of the store lock a snapshot of `account` holds.
    package static func lockName(account: String) -> String { "account-\(account)" }

    /// Fetches `account` through `client` and saves the snapshot.
    ///
    /// - Parameters:
    ///   - account: The account's name in the configuration.
    ///   - client: The account's provider client.
    ///   - full: Ignore the previous snapshot: fetch every incident in detail.
    ///   - progress: Receives the fetch's progress.
    /// - Returns: What was fetched and where it was saved.
    /// - Throws: ``StoreError/locked(path:holder:)`` when another run holds the account's lock, ``ProviderError``
    ///   when the fetch fails, ``StoreError`` when the snapshot cannot be saved. Nothing is written then.
    package func snapshot(
        account: String, client: any StatusPageProvider, full: Bool, progress: FetchProgressHandler? = nil
    ) async throws -> SnapshotReport {
        let lock = try store.lock(Self.lockName(account: account))
        defer { withExtendedLifetime(lock) {} }
        var previous: Snapshot?
        var previousProblem: StoreError?
        if !full {
            do {
                let latest = try store.latestSnapshot(account: account)
                if latest.provider == client.provider { previous = latest }
            } catch {
                if case .noSnapshot = error {} else { previousProblem = error }
            }
        }
        let start = time.now()
        let fetch = try await client.fetchAccount(previous: previous, progress: progress)
        let finished = time.now()
        let snapshot = Snapshot(
            provider: client.provider, account: account, fetchedAt: Instant(finished), startedAt: Instant(start),
            calls: fetch.calls, data: fetch.data)
        let path = try store.save(snapshot)
        return SnapshotReport(
            snapshot: snapshot, path: path, fetch: fetch, duration: finished.duration(since: start),
            usedPrevious: previous != nil, previousProblem: previousProblem)
    }
}

/// What ``AccountSnapshotter/snapshot(account:client:full:progress:)`` did.
package struct SnapshotReport: Sendable {
    /// The snapshot saved.
    package var snapshot: Snapshot
    /// Where it was saved.
    package var path: String
    /// What the fetch read and the calls it used.
    package var fetch: FetchResult
    /// How long the fetch took.
    package var duration: Duration
    /// Whether a previous snapshot was offered for reuse.
    package var usedPrevious: Bool
    /// Why the previous snapshot could not be used, when it exists but cannot be read; it was left untouched.
    package var previousProblem: StoreError?

    /// Creates a report.
    package init(
        snapshot: Snapshot, path: String, fetch: FetchResult, duration: Duration, usedPrevious: Bool,
        previousProblem: StoreError?
    ) {
        self.snapshot = snapshot
        self.path = path
        self.fetch = fetch
        self.duration = duration
        self.usedPrevious = usedPrevious
        self.previousProblem = previousProblem
    }
}
