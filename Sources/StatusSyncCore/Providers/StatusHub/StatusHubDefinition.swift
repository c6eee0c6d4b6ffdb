import Foundation

/// StatusHub v3 as statussync knows it: its kinds, data, limits, settings and client.
package struct StatusHubDefinition: ProviderDefinition {
    /// Creates the definition.
    package init() {}

    package var id: ProviderID { .statushub }
    package var listedKinds: [EntityKind] {
        [.group, .service, .incident, .maintenance, .incidentTemplate, .maintenanceTemplate]
    }
    package var defaultRateLimits: AccountRateLimits { .statusHub }
    package var settingKeys: [String] { ["account", "hub", "region"] }
    package var rateLimitKeys: [String] { ["readsPerSecond", "writesPerSecond"] }

    package func readSettings(
        of object: [String: JSONValue], at path: String, validator: JSONValidator
    ) -> ProviderSettings {
        var settings: ProviderSettings = [:]
        settings["account"] = validator.hostLabel("account", of: object, at: path)
        settings["hub"] = validator.hostLabel("hub", of: object, at: path)
        if let region = validator.string("region", of: object, at: path, required: false) {
            if StatusHubRegion(rawValue: region) != nil {
                settings["region"] = region
            } else {
                validator.report(JSONValidator.path(path, "region"), "unknown region '\(region)' (known: us, eu)")
            }
        }
        return settings
    }

    package func readRateLimit(
        _ limits: [String: JSONValue], at path: String, validator: JSONValidator
    ) -> RateLimitOverride {
        var override = RateLimitOverride()
        override.readsPerSecond = validator.positiveNumber("readsPerSecond", of: limits, at: path)
        override.writesPerSecond = validator.positiveNumber("writesPerSecond", of: limits, at: path)
        if limits.isEmpty { validator.report(path, "set readsPerSecond, writesPerSecond or both") }
        return override
    }

    /// `https://{account}.{region host}.statushub.io/api/v3`.
    package func baseURL(settings: ProviderSettings) throws(InternalError) -> URL {
        let region = settings["region"].flatMap(StatusHubRegion.init(rawValue:)) ?? .us
        let host = "\(settings["account"] ?? "account").\(region.hostPart).statushub.io"
        guard let url = URL(string: "https://\(host)/api/v3") else {
            throw InternalError("'\(host)' does not make a StatusHub API root")
        }
        return url
    }

    package func secretForms(apiKey: String, settings: ProviderSettings) -> [String] { [apiKey] }

    package func state(from data: StatusHub.AccountData) throws -> AccountState {
        try AccountState(data)
    }

    package func makeClient(_ setup: ClientSetup) throws(ProviderSetupError) -> (
        provider: any StatusPageProvider, transport: TransportStack
    ) {
        let hub = try setup.required("hub", by: id)
        let stack = setup.liveStack(credential: .statusHub(apiKey: setup.apiKey))
        let client = StatusHubClient(
            baseURL: setup.baseURL, hub: hub, transport: stack, account: setup.account, apiKeyEnv: setup.apiKeyEnv)
        return (client, stack)
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
