extension StatusPageProvider {
    /// Reads every entity of the account, reusing what the account's previous snapshot allows.
    ///
    /// - Parameters:
    ///   - previous: The account's previous snapshot, or `nil` for a full fetch.
    ///   - recentOnly: Whether a long list may be read only as far as its recent items (``PreviousFetch/recentOnly``).
    ///   - progress: Called after each request with the calls made and expected so far.
    /// - Returns: The data and the calls the fetch used.
    /// - Throws: ``ProviderError``, or `CancellationError`.
    package func fetchAccount(
        previous: Snapshot?, recentOnly: Bool = false, progress: FetchProgressHandler?
    ) async throws -> FetchResult {
        try await fetchAccount(
            since: previous.map {
                PreviousFetch(provider: $0.provider, data: $0.data, startedAt: $0.startedAt, recentOnly: recentOnly)
            },
            progress: progress)
    }
}
