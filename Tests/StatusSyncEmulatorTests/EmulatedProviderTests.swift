import StatusSyncEmulator
import Testing

@Suite struct EmulatedProviderTests {
    @Test func namesBothProviders() {
        #expect(EmulatedProvider.allCases.map(\.rawValue) == ["freshstatus", "statushub"])
    }
}
