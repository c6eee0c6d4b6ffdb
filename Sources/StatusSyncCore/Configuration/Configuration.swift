import Foundation

/// The contents of `statussync.json`: where the store is, the accounts, and the pairs between them.
///
/// Load it with ``ConfigurationLoader``, which validates every key before anything is trusted.
package struct Configuration: Sendable, Hashable {
    /// The newest configuration format this build reads.
    package static let currentVersion = 1

    /// The format version the file declares.
    package var version: Int
    /// The store directory, relative to the working directory unless absolute.
    package var store: String
    /// The accounts, by name.
    package var accounts: [String: Account]
    /// The pairs, by name.
    package var pairs: [String: Pair]
    /// How many snapshots per account the store keeps (`retention.snapshots`), besides those saved plans name.
    package var snapshotRetention: Int = FileStore.defaultSnapshotRetention

    /// Creates a configuration.
    package init(
        version: Int = Configuration.currentVersion, store: String = ".statussync", accounts: [String: Account],
        pairs: [String: Pair] = [:]
    ) {
        self.version = version
        self.store = store
        self.accounts = accounts
        self.pairs = pairs
    }

    /// Returns the account named `name`, or throws an error that lists the names there are.
    package func account(named name: String) throws(ConfigurationError) -> Account {
        guard let account = accounts[name] else {
            throw .unknownName(kind: "account", name: name, known: accounts.keys.sorted())
        }
        return account
    }

    /// Returns the pair named `name`, or throws an error that lists the names there are.
    package func pair(named name: String) throws(ConfigurationError) -> Pair {
        guard let pair = pairs[name] else {
            throw .unknownName(kind: "pair", name: name, known: pairs.keys.sorted())
        }
        return pair
    }
}

/// One provider account statussync reads from or writes to.
package struct Account: Sendable, Hashable {
    /// The account's name in the configuration (`old`, `new`, ...).
    package var name: String
    /// Which provider it lives at.
    package var provider: ProviderID
    /// The Freshstatus subdomain (`acme` for acme.freshstatus.io); the Basic-auth password.
    package var subdomain: String?
    /// The StatusHub account subdomain (`acme` for acme.app.statushub.io).
    package var statusHubAccount: String?
    /// The StatusHub hub subdomain every resource lives under (`/hubs/{hub}/`).
    package var hub: String?
    /// The StatusHub region.
    package var region: StatusHubRegion
    /// A replacement for the provider's API root, such as an emulator on loopback.
    package var baseURLOverride: URL?
    /// Rate limits that replace the provider's documented ones.
    package var rateLimit: RateLimitOverride?
    /// The environment variable that holds the API key; the key itself is never stored.
    package var apiKeyEnv: String
    /// Timeouts and the largest answer accepted (`timeouts`, `maxResponseBytes`).
    package var http: HTTPLimits = .standard

    /// Creates an account.
    package init(
        name: String, provider: ProviderID, subdomain: String? = nil, statusHubAccount: String? = nil,
        hub: String? = nil, region: StatusHubRegion = .us, baseURLOverride: URL? = nil,
        rateLimit: RateLimitOverride? = nil, apiKeyEnv: String
    ) {
        self.name = name
        self.provider = provider
        self.subdomain = subdomain
        self.statusHubAccount = statusHubAccount
        self.hub = hub
        self.region = region
        self.baseURLOverride = baseURLOverride
        self.rateLimit = rateLimit
        self.apiKeyEnv = apiKeyEnv
    }

    /// The API root: the override when set, else the provider's documented base URL.
    package var baseURL: URL {
        if let baseURLOverride { return baseURLOverride }
        switch provider {
        case .freshstatus:
            return URL(string: "https://public-api.freshstatus.io/api/v1/") ?? URL(fileURLWithPath: "/")
        case .statushub:
            let host = "\(statusHubAccount ?? "account").\(region.hostPart).statushub.io"
            return URL(string: "https://\(host)/api/v3") ?? URL(fileURLWithPath: "/")
        }
    }

    /// Reads the API key from the environment variable the account names.
    ///
    /// - Throws: ``ConfigurationError/missingAPIKey(account:variable:)`` when it is unset or empty.
    package func apiKey(from environment: [String: String]) throws(ConfigurationError) -> String {
        guard let key = environment[apiKeyEnv], !key.isEmpty else {
            throw .missingAPIKey(account: name, variable: apiKeyEnv)
        }
        return key
    }
}

/// The StatusHub region, which decides the API host.
package enum StatusHubRegion: String, Sendable, Hashable, CaseIterable {
    /// The main US region: `{account}.app.statushub.io`.
    case us
    /// The EU region: `{account}.app-eu1.statushub.io`.
    case eu

    /// The host label after the account subdomain.
    package var hostPart: String {
        switch self {
        case .us: "app"
        case .eu: "app-eu1"
        }
    }
}

/// Rate limits set in the configuration instead of the provider's documented ones.
///
/// Lower, when another tool shares the key; higher, for an emulator or a plan that allows more.
package struct RateLimitOverride: Sendable, Hashable {
    /// Read calls per second (StatusHub GET).
    package var readsPerSecond: Double?
    /// Write calls per second (StatusHub POST, PUT, DELETE).
    package var writesPerSecond: Double?
    /// Calls of every kind per hour (Freshstatus).
    package var callsPerHour: Int?

    /// Creates an override; unset fields keep the provider's limit.
    package init(readsPerSecond: Double? = nil, writesPerSecond: Double? = nil, callsPerHour: Int? = nil) {
        self.readsPerSecond = readsPerSecond
        self.writesPerSecond = writesPerSecond
        self.callsPerHour = callsPerHour
    }
}

/// A source account, a target account and the mapping between them.
package struct Pair: Sendable, Hashable {
    /// The pair's name in the configuration (`migrate`, `mirror`, ...).
    package var name: String
    /// The account data is read from.
    package var source: String
    /// The account data is written to.
    package var target: String
    /// The mapping file's path, resolved against the configuration file's directory.
    package var mapping: String
    /// How `statussync serve` authenticates the source's webhooks for this pair; `nil` when it takes none.
    package var webhook: Webhook?
    /// The longest one run of the pair may take (`timeouts.run`): a plan, an apply or a sync cycle; `nil`: no bound.
    package var runTimeout: Duration?

    /// Creates a pair.
    package init(name: String, source: String, target: String, mapping: String, webhook: Webhook? = nil) {
        self.name = name
        self.source = source
        self.target = target
        self.mapping = mapping
        self.webhook = webhook
    }

    /// The `webhook` object of a pair: where its secret token comes from.
    package struct Webhook: Sendable, Hashable {
        /// The environment variable holding the token a webhook must carry (`?token=` or `X-Statussync-Token`).
        package var tokenEnvironmentVariable: String

        /// Creates the settings.
        package init(tokenEnvironmentVariable: String) {
            self.tokenEnvironmentVariable = tokenEnvironmentVariable
        }
    }
}
