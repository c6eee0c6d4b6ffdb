import Foundation
import StatusSyncCore
import Testing

/// The capability table and the definition registry agree with each other for every provider.
@Suite struct ProviderRegistryTests {
    @Test(arguments: ProviderID.allCases)
    func eachDefinitionIsItsProvidersAndListsWhatItsCapabilitiesSay(provider: ProviderID) {
        let definition = provider.definition
        let can = provider.capabilities
        #expect(definition.id == provider)
        #expect(definition.listedKinds.contains(.phase) == (can.fixedPhases == nil))
        #expect(definition.listedKinds.contains(.incidentTemplate) == can.hasTemplates)
        #expect(definition.listedKinds.contains(.maintenanceTemplate) == can.hasTemplates)
        #expect(!definition.settingKeys.isEmpty && !definition.rateLimitKeys.isEmpty)
    }

    @Test(arguments: ProviderID.allCases)
    func eachStatusVocabularyIsOneToOneAndNamesTheEnds(provider: ProviderID) {
        let codes = provider.capabilities.statusCodes
        #expect(Set(codes.values).count == codes.count)
        #expect(codes[.operational] != nil && codes[.majorOutage] != nil)
        #expect(provider.capabilities.collapsesStatuses == (codes.count < ComponentStatus.allCases.count))
    }

    @Test func aSettingTheClientNeedsIsNamedWhenMissing() throws {
        let setup = ClientSetup(
            account: "new", apiKey: "key", apiKeyEnv: "K", baseURL: try #require(URL(string: "http://127.0.0.1:9/")),
            settings: [:], rateLimits: ProviderID.statushub.definition.defaultRateLimits, limits: .standard,
            timeout: nil, log: nil)
        #expect(throws: ProviderSetupError(account: "new", provider: .statushub, setting: "hub")) {
            _ = try ProviderID.statushub.definition.makeClient(setup)
        }
        #expect(
            ProviderSetupError(account: "old", provider: .freshstatus, setting: "subdomain").description
                == #"account 'old' needs its Freshstatus "subdomain""#)
    }

    @Test func anInternalErrorSaysSoAndAsksForAReport() {
        #expect(InternalError("x").description == "internal error: x; please report it")
    }
}
