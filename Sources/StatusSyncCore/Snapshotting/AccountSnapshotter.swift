import Foundation

/// Takes a snapshot of one account: lock, fetch, save.
///
/// The account's store lock (`account-NAME`) is held for the whole run, so two snapshots of one
/// account never interleave. The previous snapshot, when it can be read, lets the provider skip
/// unchanged StatusHub incident details; one that cannot (corrupt, too new) is reported, left
/// untouched and ignored, so the fetch is a full one. Nothing is written unless the fetch
/// succeeds; the new snapshot is then saved atomically under a new name, unless its content is
/// the latest snapshot's (same digest): that file is reused. The account's oldest snapshots are
/// then pruned to the store's retention (``FileStore/pruneSnapshots(account:)``).
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
    ///   - recentOnly: Read a long list only as far as its recent items, carrying the rest over from the previous
    ///     snapshot (``PreviousFetch/recentOnly``); ignored when there is no previous snapshot or with `full`.
    ///   - progress: Receives the fetch's progress.
    /// - Returns: What was fetched and where it was saved.
    /// - Throws: ``StoreError/locked(path:holder:)`` when another run holds the account's lock, ``ProviderError``
    ///   when the fetch fails, ``StoreError`` when the snapshot cannot be saved. Nothing is written then.
    package func snapshot(
        account: String, client: any StatusPageProvider, full: Bool, recentOnly: Bool = false,
        progress: FetchProgressHandler? = nil
    ) async throws -> SnapshotReport {
        let lock = try store.lock(Self.lockName(account: account))
        defer { withExtendedLifetime(lock) {} }
        var latest: (snapshot: Snapshot, path: String)?
        var previousProblem: StoreError?
        if let path = store.latestSnapshotPath(account: account) {
            do {
                let snapshot = try Snapshot.decode(try store.read(path), path: path)
                if snapshot.provider == client.provider { latest = (snapshot, path) }
            } catch {
                // A full fetch does not need the previous snapshot: only an incremental one reports it.
                if !full { previousProblem = error }
            }
        }
        let previous = full ? nil : latest?.snapshot
        let start = time.now()
        let fetch = try await client.fetchAccount(previous: previous, recentOnly: recentOnly, progress: progress)
        let finished = time.now()
        var snapshot = Snapshot(
            provider: client.provider, account: account, fetchedAt: Instant(finished), startedAt: Instant(start),
            calls: fetch.calls, data: fetch.data)
        snapshot.scopeCalls = fetch.scopeCalls
        snapshot.carriedOver = fetch.carriedOver
        // Unchanged content is not written again: the latest file already holds it.
        let reused = latest.map { $0.snapshot.digest == snapshot.digest } ?? false
        let path = try latest.flatMap { reused ? $0.path : nil } ?? store.save(snapshot)
        store.pruneSnapshots(account: account)
        return SnapshotReport(
            snapshot: snapshot, path: path, fetch: fetch, duration: finished.duration(since: start),
            usedPrevious: previous != nil, previousProblem: previousProblem, reused: reused)
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
    /// Whether the content was the latest snapshot's, so that file was kept and nothing was written.
    ///
    /// ``path`` is then the earlier file, whose fetch time is that of the fetch that first saw this content.
    package var reused: Bool

    /// Creates a report.
    package init(
        snapshot: Snapshot, path: String, fetch: FetchResult, duration: Duration, usedPrevious: Bool,
        previousProblem: StoreError?, reused: Bool = false
    ) {
        self.snapshot = snapshot
        self.path = path
        self.fetch = fetch
        self.duration = duration
        self.usedPrevious = usedPrevious
        self.previousProblem = previousProblem
        self.reused = reused
    }
}
