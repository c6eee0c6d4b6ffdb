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
    package var snapshotRetention: Int = Configuration.defaultSnapshotRetention

    /// How many snapshots per account a store keeps when the configuration does not say (`retention.snapshots`).
    package static let defaultSnapshotRetention = 10

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
    /// The provider's own settings, read by its ``ProviderDefinition``: `subdomain` (Freshstatus, the
    /// Basic-auth password); `account`, `hub` and `region` (StatusHub).
    package var settings: ProviderSettings
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
        name: String, provider: ProviderID, settings: ProviderSettings = [:], baseURLOverride: URL? = nil,
        rateLimit: RateLimitOverride? = nil, apiKeyEnv: String
    ) {
        self.name = name
        self.provider = provider
        self.settings = settings
        self.baseURLOverride = baseURLOverride
        self.rateLimit = rateLimit
        self.apiKeyEnv = apiKeyEnv
    }

    /// The API root: the override when set, else the provider's documented base URL.
    ///
    /// - Throws: ``InternalError`` when the provider's settings make no URL (validated settings always do).
    package var baseURL: URL {
        get throws(InternalError) {
            if let baseURLOverride { return baseURLOverride }
            return try provider.definition.baseURL(settings: settings)
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
