import Foundation
import StatusSyncCore

/// Builds the provider client for a configured account.
///
/// The client talks through the account's ``TransportStack``: its credential from the
/// environment variable the account names, the provider's documented rate limits (or the
/// account's `rateLimit` override), its `baseURL`, and, with `--verbose`, one log line per call.
/// What is particular to a provider comes from its ``ProviderDefinition``.
package enum ProviderFactory {
    /// A client and the transport stack under it, whose usage counters a command can report.
    package struct Client: Sendable {
        /// The client.
        package var provider: any StatusPageProvider
        /// The stack every request of the client goes through.
        package var transport: TransportStack
    }

    /// The provider's documented limits.
    package static func defaultLimits(of provider: ProviderID) -> AccountRateLimits {
        provider.definition.defaultRateLimits
    }

    /// The account's limits: the provider's documented ones with the account's override applied.
    ///
    /// - Parameter account: The account.
    /// - Returns: The limits.
    /// - Throws: ``RateLimitOverrideError`` when the override is unusable.
    package static func rateLimits(for account: Account) throws -> AccountRateLimits {
        let defaults = defaultLimits(of: account.provider)
        guard let override = account.rateLimit else { return defaults.withHeadroom() }
        return try AccountRateLimits(
            defaults: defaults, readsPerSecond: override.readsPerSecond, writesPerSecond: override.writesPerSecond,
            callsPerHour: override.callsPerHour
        ).withHeadroom()
    }

    /// Builds the client of `account` over a live `URLSession` stack.
    ///
    /// - Parameters:
    ///   - account: The configured account.
    ///   - environment: Where the API key is read from, by the variable the account names.
    ///   - timeout: When given, replaces the account's read and write timeouts.
    ///   - time: The clock the client's calls wait on (a command's makes its waits announced and stoppable).
    ///   - log: Receives one line per HTTP call (`--verbose`); never a secret.
    ///   - store: The store whose call ledger (``CallLedger``) the account's hourly budget is shared through
    ///     with every other process on it; `nil` shares nothing.
    ///   - note: Told, in one line, when a call waits for the shared budget.
    /// - Returns: The client and its stack.
    /// - Throws: ``ConfigurationError/missingAPIKey(account:variable:)``, or ``CommandError`` when the account
    ///   lacks its subdomain or hub.
    package static func makeClient(
        for account: Account, environment: [String: String],
        timeout: Duration? = nil, time: TimeSource = .live, log: (@Sendable (String) -> Void)? = nil,
        store: FileStore? = nil, note: (@Sendable (String) -> Void)? = nil
    ) throws -> Client {
        var setup = ClientSetup(
            account: account.name, apiKey: try account.apiKey(from: environment), apiKeyEnv: account.apiKeyEnv,
            baseURL: try account.baseURL, settings: account.settings, rateLimits: try rateLimits(for: account),
            limits: account.http, timeout: timeout, log: log)
        setup.time = time
        setup.budget = store.flatMap {
            CallLedger.forAccount(account.name, limits: setup.rateLimits, store: $0, onWait: note)
        }
        do {
            let built = try account.provider.definition.makeClient(setup)
            return Client(provider: built.provider, transport: built.transport)
        } catch {
            throw CommandError.invalidInput(error.description)
        }
    }
}
