import Foundation
import StatusSyncCLI
import StatusSyncCore
import Testing

@Suite struct DemoCommandTests {
    @Test func theDemosMappingMeansWhatTheShippedMappingMeans() throws {
        let shipped = try MappingLoader.load(
            path: Workspace.repositoryRoot.appendingPathComponent("mappings/freshstatus-to-statushub.json").path)
        let embedded = try MappingLoader.parse(Data(DemoSeed.mapping.utf8), path: "demo")
        #expect(embedded == shipped)
    }
}
