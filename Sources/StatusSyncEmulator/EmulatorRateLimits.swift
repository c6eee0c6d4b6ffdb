/// The request limits an emulator enforces per API key (provider defaults unless overridden).
package struct EmulatorRateLimits: Sendable, Hashable {
    /// Whether any limit is enforced; `false` disables the limiter entirely.
    package var isEnabled: Bool
    /// Freshstatus: calls per sliding hour, every method counted (documented: 1000).
    package var callsPerHour: Int
    /// StatusHub: GET requests in any one-second span (documented: 30).
    package var readsPerSecond: Int
    /// StatusHub: non-GET requests in any one-second span (documented: 5).
    package var writesPerSecond: Int

    /// Makes limits; every parameter defaults to the provider's documented value.
    package init(isEnabled: Bool = true, callsPerHour: Int = 1000, readsPerSecond: Int = 30, writesPerSecond: Int = 5) {
        self.isEnabled = isEnabled
        self.callsPerHour = callsPerHour
        self.readsPerSecond = readsPerSecond
        self.writesPerSecond = writesPerSecond
    }

    /// The documented limits of both providers.
    package static let providerDefaults = EmulatorRateLimits()

    /// No limit at all (for benchmarks and demos).
    package static let unlimited = EmulatorRateLimits(isEnabled: false)
}
