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

    @Test(arguments: [["--config", "statussync.json"], ["--store", "/tmp/elsewhere"]])
    func refusesTheOptionsItCannotHonour(arguments: [String]) async {
        let result = await runCLI(["demo"] + arguments)
        #expect(result.status == .failure)
        #expect(
            result.standardError.hasPrefix(
                "error: the demo uses its own emulators, configuration and temporary "
                    + "store, so \(arguments[0]) does not apply"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func underQuietItPrintsOnlyTheResults() async {
        let result = await runCLI(["demo", "--quiet"])
        #expect(result.status == .success, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 5, "\(result.standardOutput)")
        #expect(lines.first?.hasPrefix("Review page: ") == true)
        #expect(lines.contains { $0.hasPrefix("Applied 1036 of 1036 change(s)") })
        #expect(lines.contains { $0.hasPrefix("No changes: the target is in sync.") })
        #expect(lines.last?.contains("Verify: faithful") == true)
        #expect(result.standardError.isEmpty, "\(result.standardError)")
    }
}
