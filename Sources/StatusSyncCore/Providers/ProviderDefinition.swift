import Foundation

/// An account's provider-specific settings as its configuration object gives them, validated by the
/// provider's definition: `subdomain` for Freshstatus; `account`, `hub` and `region` for StatusHub.
package typealias ProviderSettings = [String: String]

/// Everything statussync knows about one provider, chosen once by its id (``ProviderID/definition``).
///
/// What a provider *can do* is its ``ProviderCapabilities``; what it *is* lives here: the kinds it
/// lists, how its snapshot data decodes, its documented rate limits, its account settings and
/// credential, and how its client is built. The configuration loader, snapshot reading and the
/// command line ask the definition instead of switching on the provider.
package protocol ProviderDefinition: Sendable {
    /// The provider's JSON for a whole account, in the snapshot `data` shape.
    associatedtype AccountData: Codable & Sendable

    /// The provider.
    var id: ProviderID { get }
    /// The kinds the provider lists, in the order a snapshot holds them.
    var listedKinds: [EntityKind] { get }
    /// The provider's documented rate limits.
    var defaultRateLimits: AccountRateLimits { get }
    /// The keys of an account's configuration object that belong to this provider.
    var settingKeys: [String] { get }
    /// The keys an account's `rateLimit` object takes.
    var rateLimitKeys: [String] { get }

    /// Reads the provider's settings from an account's configuration object, reporting each problem.
    ///
    /// - Parameters:
    ///   - object: The account's configuration object.
    ///   - path: The object's JSON path, for problems.
    ///   - validator: Collects the problems.
    /// - Returns: The settings that were valid.
    func readSettings(of object: [String: JSONValue], at path: String, validator: JSONValidator) -> ProviderSettings

    /// Reads an account's `rateLimit` object, whose keys are already checked against ``rateLimitKeys``.
    ///
    /// - Parameters:
    ///   - limits: The `rateLimit` object.
    ///   - path: Its JSON path, for problems.
    ///   - validator: Collects the problems.
    /// - Returns: The override.
    func readRateLimit(_ limits: [String: JSONValue], at path: String, validator: JSONValidator) -> RateLimitOverride

    /// The provider's documented API root for an account with these settings.
    ///
    /// - Throws: ``InternalError`` when the settings cannot make a URL (validated settings always do).
    func baseURL(settings: ProviderSettings) throws(InternalError) -> URL

    /// The forms the account's key travels in, for redaction: the key and any encoding of it.
    func secretForms(apiKey: String, settings: ProviderSettings) -> [String]

    /// Converts the provider's account data into the model.
    ///
    /// - Throws: ``ConversionError`` for a value outside the model's vocabulary.
    func state(from data: AccountData) throws -> AccountState

    /// Builds the account's client over a live transport stack.
    ///
    /// - Parameter setup: The account's name, key, root, settings, limits and logging.
    /// - Returns: The client and the stack under it.
    /// - Throws: ``ProviderSetupError`` when a setting the client needs is missing.
    func makeClient(_ setup: ClientSetup) throws(ProviderSetupError) -> (
        provider: any StatusPageProvider, transport: TransportStack
    )
}

extension ProviderDefinition {
    /// Decodes snapshot-shaped JSON bytes in this provider's shape into the model.
    ///
    /// Read by the provider's ``JSONReader`` when its data has one, else (or when the reader does not read the
    /// bytes the obvious way) by `JSONDecoder`, which also gives the errors.
    func state(fromJSON bytes: Data) throws -> AccountState {
        if let readable = AccountData.self as? any JSONReadable.Type,
            let data = try? JSONReader.read(bytes, { try readable.init(reading: &$0) }) as? AccountData
        {
            return try state(from: data)
        }
        return try state(from: JSONCoding.makeDecoder().decode(AccountData.self, from: bytes))
    }
}

/// What an account's client is built from, in the provider layer's terms.
package struct ClientSetup: Sendable {
    /// The account's name in the configuration, for errors and log lines.
    package var account: String
    /// The API key.
    package var apiKey: String
    /// The environment variable the key came from, named when the provider rejects it.
    package var apiKeyEnv: String
    /// The API root.
    package var baseURL: URL
    /// The provider's settings for the account.
    package var settings: ProviderSettings
    /// The rate limits the client keeps to.
    package var rateLimits: AccountRateLimits
    /// Timeouts and the largest answer accepted.
    package var limits: HTTPLimits
    /// When given, replaces the read and write timeouts.
    package var timeout: Duration?
    /// Receives one line per HTTP call; never a secret.
    package var log: (@Sendable (String) -> Void)?
    /// The clock every call waits on (a command's makes its waits announced and stoppable).
    package var time: TimeSource = .live
    /// A call budget shared with other processes on the same store; `nil` shares nothing.
    package var budget: (any SharedCallBudget)?

    /// Creates a setup.
    package init(
        account: String, apiKey: String, apiKeyEnv: String, baseURL: URL, settings: ProviderSettings,
        rateLimits: AccountRateLimits, limits: HTTPLimits, timeout: Duration?, log: (@Sendable (String) -> Void)?
    ) {
        self.account = account
        self.apiKey = apiKey
        self.apiKeyEnv = apiKeyEnv
        self.baseURL = baseURL
        self.settings = settings
        self.rateLimits = rateLimits
        self.limits = limits
        self.timeout = timeout
        self.log = log
    }
}

extension ClientSetup {
    /// The setting `key`, which the client of `provider` cannot do without.
    ///
    /// - Throws: ``ProviderSetupError`` when it is missing or empty.
    package func required(_ key: String, by provider: ProviderID) throws(ProviderSetupError) -> String {
        guard let value = settings[key], !value.isEmpty else {
            throw ProviderSetupError(account: account, provider: provider, setting: key)
        }
        return value
    }

    /// The account's live transport stack, sending `credential`.
    package func liveStack(credential: Credential) -> TransportStack {
        TransportStack.live(
            credential: credential, rateLimits: rateLimits, limits: limits, timeout: timeout, time: time,
            label: account, log: log, budget: budget)
    }
}

/// A configured account lacks a setting its provider's client needs.
package struct ProviderSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The account's name.
    package var account: String
    /// The provider.
    package var provider: ProviderID
    /// The missing setting's key.
    package var setting: String

    /// Creates the error.
    package init(account: String, provider: ProviderID, setting: String) {
        self.account = account
        self.provider = provider
        self.setting = setting
    }

    /// `account 'old' needs its Freshstatus "subdomain"`.
    package var description: String { "account '\(account)' needs its \(provider.displayName) \"\(setting)\"" }
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
