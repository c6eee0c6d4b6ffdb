import StatusSyncCore

extension RandomSource {
    /// A source that always returns `value`, so backoff delays are exact.
    ///
    /// - Parameter value: The number returned, in `0..<1`.
    /// - Returns: A constant random source.
    package static func constant(_ value: Double) -> RandomSource {
        RandomSource { value }
    }
}
