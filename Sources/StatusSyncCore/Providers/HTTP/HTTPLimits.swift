/// How long a call may take and how much it may bring back, per account.
///
/// Set in `statussync.json` with an account's `"timeouts": {"read": "30s", "write": "8s", "total": "2m"}`
/// and `"maxResponseBytes"`.
package struct HTTPLimits: Sendable, Hashable {
    /// How long a read may wait for data before it fails (and is retried).
    package var readTimeout: Duration
    /// How long a write may wait for its answer before its outcome is unknown and it is settled by
    /// reading the target; providers answer writes in well under a second.
    package var writeTimeout: Duration
    /// How long one attempt may take from the first byte sent to the last byte received, however
    /// steadily the server trickles its answer.
    package var totalTimeout: Duration
    /// The largest response body accepted; a larger one fails the call.
    package var maxResponseBytes: Int

    /// Creates limits; the defaults are ``standard``'s.
    package init(
        readTimeout: Duration = .seconds(30), writeTimeout: Duration = .seconds(8),
        totalTimeout: Duration = .seconds(120),
        maxResponseBytes: Int = 32 * 1024 * 1024
    ) {
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// 30 s for a read, 8 s for a write, 2 minutes for any one attempt in total, 32 MiB per answer.
    package static let standard = HTTPLimits()

    /// The limits with both the read and the write timeout set to `timeout`.
    package func withTimeout(_ timeout: Duration) -> HTTPLimits {
        var limits = self
        limits.readTimeout = timeout
        limits.writeTimeout = timeout
        return limits
    }
}
