import Foundation

/// Everything that configures one emulator instance; the defaults give a strict emulator with the documented limits.
package struct EmulatorOptions: Sendable {
    /// Which provider to emulate.
    package var provider: EmulatedProvider
    /// The IPv4 address to bind; keep it on loopback.
    package var host: String = "127.0.0.1"
    /// The port to bind; 0 lets the kernel choose (read it back from ``Emulator/port``).
    package var port: UInt16 = 0
    /// The only API key accepted (Freshstatus Basic-auth user name, StatusHub `X-API-KEY`).
    package var apiKey: String
    /// Freshstatus: the account subdomain, which is the Basic-auth password.
    package var subdomain: String = "acme"
    /// StatusHub: the hub subdomain in `/hubs/{hub}/`.
    package var hub: String = "acme-status"
    /// Seed JSON in the provider's seed shape, or a statussync snapshot envelope whose `data` holds it.
    package var seed: Data?
    /// A file the state is loaded from (when it exists) and saved to after every change.
    package var statePath: String?
    /// Delay added before answering every provider request.
    package var latency: Duration = .zero
    /// Probability that a provider request gets a 500 before any change is made.
    package var failRate: Double = 0
    /// Probability that a write is committed and then the connection is closed without an answer.
    package var loseResponseRate: Double = 0
    /// Probability that a provider request gets a spurious 429, with `Retry-After:` ``throttleRetryAfter``.
    package var throttleRate: Double = 0
    /// The seconds a spurious 429 asks the client to wait (its `Retry-After`).
    package var throttleRetryAfter: Int = 1
    /// Whether spurious 429s answer writes only (reads are answered as usual).
    package var throttlesWritesOnly = false
    /// Seed of the fault-injection PRNG (SplitMix64), so runs are reproducible.
    package var faultSeed: UInt64 = 0x5EED
    /// The rate limits per API key: provider defaults, overrides, or ``EmulatorRateLimits/unlimited``.
    package var rateLimits: EmulatorRateLimits = .providerDefaults
    /// StatusHub: how list responses announce further pages.
    package var paging: StatusHubPaging = .meta
    /// Freshstatus: the server-fixed page size of every list (clients cannot change it).
    package var pageSize: Int = 10
    /// StatusHub: the largest `per_page` honoured; larger requests are silently capped.
    package var perPageCap: Int = 100
    /// StatusHub: the `per_page` used when the client sends none.
    package var defaultPerPage: Int = 25
    /// Freshstatus only: where to post, after each change made through the API, the webhook Freshstatus would
    /// send (`nil`: none).
    package var webhookURL: URL?
    /// The emulator's clock; tests inject a ``ManualEmulatorClock``.
    package var clock: EmulatorClock = .system

    /// Makes options for `provider` with every other field at its default.
    package init(provider: EmulatedProvider) {
        self.provider = provider
        self.apiKey = Self.demoAPIKey(for: provider)
    }

    /// The fixed, obviously fake key an emulator accepts unless told otherwise.
    package static func demoAPIKey(for provider: EmulatedProvider) -> String {
        switch provider {
        case .freshstatus: "demo-freshstatus-key-not-a-secret"
        case .statushub: "demo-statushub-key-not-a-secret"
        }
    }
}
