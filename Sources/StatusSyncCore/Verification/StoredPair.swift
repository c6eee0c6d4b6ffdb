/// What an offline verification reads from the store: both accounts' latest snapshots and the
/// pair's links, the three files decoded at once.
package struct StoredPair: Sendable {
    /// The source's snapshot header.
    package var sourceHeader: SnapshotHeader
    /// The source account.
    package var source: AccountState
    /// The target's snapshot header.
    package var targetHeader: SnapshotHeader
    /// The target account.
    package var target: AccountState
    /// The pair's links.
    package var state: PairState

    /// Reads the latest snapshots of `source` and `target` and the links of `pair`, concurrently.
    ///
    /// - Parameters:
    ///   - store: the store.
    ///   - pair: the pair's name.
    ///   - source: the source account's name and provider.
    ///   - target: the target account's name and provider.
    /// - Returns: both accounts with their snapshot headers, and the links.
    /// - Throws: ``StoreError`` when a file is missing or cannot be trusted; ``ConversionError`` for
    ///   provider values outside the model's vocabulary.
    package static func read(
        from store: FileStore, pair: String, source: (name: String, provider: ProviderID),
        target: (name: String, provider: ProviderID)
    ) async throws -> StoredPair {
        async let sourceRead = latest(store, account: source.name, provider: source.provider)
        async let targetRead = latest(store, account: target.name, provider: target.provider)
        async let state = store.pairState(pair)
        let (sourceHeader, sourceState) = try await sourceRead
        let (targetHeader, targetState) = try await targetRead
        return StoredPair(
            sourceHeader: sourceHeader, source: sourceState, targetHeader: targetHeader, target: targetState,
            state: try await state)
    }

    /// The latest snapshot of `account`, read as the model.
    private static func latest(
        _ store: FileStore, account: String, provider: ProviderID
    ) throws -> (header: SnapshotHeader, state: AccountState) {
        guard let path = store.latestSnapshotPath(account: account) else {
            throw StoreError.noSnapshot(account: account, directory: store.snapshotDirectory(account: account))
        }
        return try AccountState.fromSnapshot(try store.read(path), path: path, provider: provider)
    }
}
