import Foundation

/// Freshstatus v1 as statussync knows it: its kinds, data, limits, settings and client.
package struct FreshstatusDefinition: ProviderDefinition {
    /// Creates the definition.
    package init() {}

    package var id: ProviderID { .freshstatus }
    package var listedKinds: [EntityKind] { [.group, .service, .phase, .incident, .maintenance] }
    package var defaultRateLimits: AccountRateLimits { .freshstatus }
    package var settingKeys: [String] { ["subdomain"] }
    package var rateLimitKeys: [String] { ["callsPerHour"] }

    package func readSettings(
        of object: [String: JSONValue], at path: String, validator: JSONValidator
    ) -> ProviderSettings {
        var settings: ProviderSettings = [:]
        settings["subdomain"] = validator.hostLabel("subdomain", of: object, at: path)
        return settings
    }

    package func readRateLimit(
        _ limits: [String: JSONValue], at path: String, validator: JSONValidator
    ) -> RateLimitOverride {
        var override = RateLimitOverride()
        if let calls = validator.integer("callsPerHour", of: limits, at: path, required: true) {
            if calls > 0 {
                override.callsPerHour = calls
            } else {
                validator.report(JSONValidator.path(path, "callsPerHour"), "must be greater than 0")
            }
        }
        return override
    }

    package func baseURL(settings: ProviderSettings) throws(InternalError) -> URL {
        guard let url = URL(string: "https://public-api.freshstatus.io/api/v1/") else {
            throw InternalError("the Freshstatus API root is not a URL")
        }
        return url
    }

    package func secretForms(apiKey: String, settings: ProviderSettings) -> [String] {
        guard let subdomain = settings["subdomain"] else { return [apiKey] }
        return [apiKey, Data("\(apiKey):\(subdomain)".utf8).base64EncodedString()]
    }

    package func state(from data: Freshstatus.AccountData) throws -> AccountState {
        try AccountState(data)
    }

    package func makeClient(_ setup: ClientSetup) throws(ProviderSetupError) -> (
        provider: any StatusPageProvider, transport: TransportStack
    ) {
        let subdomain = try setup.required("subdomain", by: id)
        let stack = setup.liveStack(credential: .freshstatus(apiKey: setup.apiKey, subdomain: subdomain))
        let client = FreshstatusClient(
            baseURL: setup.baseURL, transport: stack, account: setup.account, apiKeyEnv: setup.apiKeyEnv)
        return (client, stack)
    }
}
