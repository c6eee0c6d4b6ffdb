import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// `--format json` on the commands that report something: versioned, one document (sync: one line per cycle).
@Suite struct JSONOutputTests {
    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func snapshotPrintsOneDocumentWithCountsCallsAndThePath() async throws {
        let workspace = try LiveWorkspace()
        let result = await workspace.run(["snapshot", "old", "--format", "json"])
        #expect(result.status == .success, "\(result.standardError)")
        let report = try object(result.standardOutput)
        #expect(report["formatVersion"] as? Int == 1)
        #expect(report["command"] as? String == "snapshot")
        #expect(report["account"] as? String == "old")
        #expect(report["provider"] as? String == "freshstatus")
        let counts = try #require(report["counts"] as? [String: Int])
        #expect(counts["incidents"] == 1 && counts["services"] == 2 && counts["groups"] == 1)
        #expect(report["entities"] as? Int == counts.values.reduce(0, +))
        #expect((report["calls"] as? Int ?? 0) > 0)
        let path = try #require(report["path"] as? String)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect((report["digest"] as? String)?.hasPrefix("sha256:") == true)
    }

    @Test func stateShowNamesBothEndsAndSortsKeysNumerically() async throws {
        let seed = LiveWorkspace.seed(incidents: 12)
        let workspace = try LiveWorkspace(sourceSeed: seed)
        #expect(await workspace.run(["apply", "migrate", "--yes", "--quiet"]).status == .success)
        #expect(await workspace.run(["snapshot", "old", "--quiet"]).status == .success)
        #expect(await workspace.run(["snapshot", "new", "--quiet"]).status == .success)

        let json = await workspace.run(["state", "show", "migrate", "--format", "json"])
        #expect(json.status == .success, "\(json.standardError)")
        let report = try object(json.standardOutput)
        #expect(report["formatVersion"] as? Int == 1)
        #expect(report["command"] as? String == "state show")
        #expect(report["pair"] as? String == "migrate")
        let links = try #require(report["links"] as? [[String: Any]])
        let incidents = links.filter { $0["kind"] as? String == "incident" }
        #expect(incidents.count == 12)
        // Source ids 1000...1011 sort as numbers; names come from the snapshots of both accounts.
        let keys = incidents.compactMap { $0["sourceKey"] as? String }
        #expect(keys == (1000...1011).map { "incident:\($0)" })
        #expect(incidents.first?["sourceName"] as? String == "Incident 0")
        #expect(incidents.first?["targetName"] as? String == "Incident 0")
        let kinds = links.compactMap { ($0["kind"] as? String).flatMap(EntityKind.init(rawValue:)) }
        #expect(kinds == kinds.sorted(), "kinds in write order")

        let text = await workspace.run(["state", "show", "migrate"])
        let lines = text.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("KIND") == true && lines.first?.hasSuffix("NAME") == true)
        #expect(lines.contains { $0.hasPrefix("service ") && $0.hasSuffix("  Login") })
        let incidentLines = lines.filter { $0.hasPrefix("incident ") }
        #expect(incidentLines.first?.hasSuffix("  Incident 0") == true)
        #expect(incidentLines.last?.hasSuffix("  Incident 11") == true)
    }

    @Test func stateShowWithoutSnapshotsShowsDashesAndSaysHowToGetNames() async throws {
        let workspace = try LiveWorkspace()
        #expect(await workspace.run(["apply", "migrate", "--yes", "--quiet"]).status == .success)
        try FileManager.default.removeItem(atPath: workspace.directory + "/store/snapshots")
        let text = await workspace.run(["state", "show", "migrate"])
        #expect(text.status == .success)
        #expect(text.standardOutput.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix("  -") })
        #expect(text.standardError.contains("'statussync snapshot old' adds its names"))
    }

    @Test func mappingCheckReportsValidityAndEveryProblem() async throws {
        let shipped = Workspace.repositoryRoot.appendingPathComponent("mappings/statushub-to-freshstatus.json").path
        let valid = await runCLI(["mapping", "check", shipped, "--format", "json"])
        #expect(valid.status == .success)
        let report = try object(valid.standardOutput)
        #expect(report["formatVersion"] as? Int == 1 && report["command"] as? String == "mapping check")
        #expect(report["valid"] as? Bool == true && report["source"] as? String == "statushub")
        #expect((report["problems"] as? [String])?.isEmpty == true)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("m-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(
            #"{"version": 1, "source": "freshstatus", "target": "statushub", "colour": 1, "componentStatus": {}, "incidentPhases": {"map": {}, "default": "investigating", "resolved": "resolved"}}"#
                .utf8
        ).write(to: URL(fileURLWithPath: path))
        let invalid = await runCLI(["mapping", "check", path, "--format", "json"])
        #expect(invalid.status == .failure)
        #expect(invalid.standardError.isEmpty)
        let problems = try #require(try object(invalid.standardOutput)["problems"] as? [String])
        #expect(problems.count >= 2 && problems.contains { $0.contains("colour") })

        let missing = await runCLI(["mapping", "check", path + ".none", "--format", "json"])
        #expect(missing.status == .failure)
        #expect(try object(missing.standardOutput)["valid"] as? Bool == false)
    }

    @Test func syncPrintsOneJSONLinePerCycle() async throws {
        let workspace = try LiveWorkspace()
        let first = await workspace.run(["sync", "migrate", "--format", "json", "--quiet"])
        #expect(first.status == .success, "\(first.standardError)")
        let lines = first.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        let applied = try object(String(lines[0]))
        #expect(applied["formatVersion"] as? Int == 1 && applied["command"] as? String == "sync")
        #expect(applied["inSync"] as? Bool == false && applied["changes"] as? Int == 5)
        #expect(applied["applied"] as? Int == 5 && applied["failed"] as? Int == 0)
        #expect((applied["time"] as? String)?.hasSuffix("Z") == true)

        let second = await workspace.run(["sync", "migrate", "--format", "json", "--quiet"])
        let inSync = try object(second.standardOutput)
        #expect(inSync["inSync"] as? Bool == true && inSync["writes"] as? Int == 0)
        #expect(!second.standardOutput.dropLast().contains("\n"), "one line")

        let text = await workspace.run(["sync", "migrate", "--quiet"])
        #expect(text.standardOutput.hasSuffix(" sync pair=migrate changes=0 writes=0 (in sync)\n"))
    }
}
