import Foundation
import StatusSyncCLI
import StatusSyncCore
import Testing

/// A temporary project: a configuration, the shipped mappings and a store with snapshots.
struct Workspace {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let directory: String

    init(mapping: String = "freshstatus-to-statushub") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let mappingPath = Self.repositoryRoot.appendingPathComponent("mappings/\(mapping).json").path
        let configuration = """
            {"version": 1, "store": "\(directory)/store",
             "accounts": {"old": {"provider": "freshstatus", "subdomain": "acme", "apiKeyEnv": "FS_KEY"},
                          "new": {"provider": "statushub", "account": "acme", "hub": "acme-status", "apiKeyEnv": "SH_KEY"}},
             "pairs": {"migrate": {"source": "old", "target": "new", "mapping": "\(mappingPath)"}}}
            """
        try Data(configuration.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    var configPath: String { directory + "/statussync.json" }
    var store: FileStore { FileStore(root: directory + "/store") }

    func storeSnapshot(account: String, provider: ProviderID, json: String) throws {
        let data = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        _ = try store.save(
            Snapshot(
                provider: provider, account: account, fetchedAt: Instant(secondsSince1970: 1_767_225_600), calls: 1,
                data: data))
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    static let freshstatusAccount = """
        {"groups": [{"id": 1, "name": "Platform", "order": 1, "parent": null}],
         "services": [{"id": 10, "name": "Login", "order": 1, "group": {"id": 1, "name": "Platform"}, "status": "MO"}],
         "incident_statuses": [{"id": 1, "value": "Investigating"}, {"id": 2, "value": "Resolved"}],
         "incidents": [{"id": 100, "title": "Login down", "description": "", "start_time": "2026-01-01T00:00:00Z",
                        "end_time": null, "is_private": false,
                        "affected_components": [{"component": "10", "new_status": "MO"}],
                        "incident_updates": [{"id": 1, "message": "Looking", "time": "2026-01-01T00:00:00Z",
                                              "incident_status": "Investigating", "is_private": false}]}],
         "maintenances": []}
        """
    static let emptyHub = #"{"groups": [], "services": [], "incidents": [], "maintenances": []}"#
}

@Suite struct PlanCommandTests {
    @Test func plansOfflineFromStoredSnapshotsInEveryFormat() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.storeSnapshot(account: "old", provider: .freshstatus, json: Workspace.freshstatusAccount)
        try workspace.storeSnapshot(account: "new", provider: .statushub, json: Workspace.emptyHub)
        let base = ["plan", "migrate", "--offline", "--config", workspace.configPath]

        let text = await runCLI(base)
        #expect(text.status == .success, "\(text.standardError)")
        #expect(text.standardOutput.contains("+ incident \"Login down\""))
        #expect(
            text.standardOutput.contains(
                "Plan: 3 to create, 0 to update, 0 to adopt, 0 to delete, 3 write calls to new"))

        let detailed = await runCLI(base + ["--detailed-exitcode"])
        #expect(detailed.status == .changesPending)

        let markdown = await runCLI(base + ["--format", "markdown"])
        #expect(markdown.standardOutput.hasPrefix("## statussync plan: migrate"))
        let html = await runCLI(base + ["--format", "html"])
        #expect(html.standardOutput.hasPrefix("<!doctype html>"))
        #expect(html.standardOutput.contains("<article class=\"card m-new\" data-filter data-kind=\"incident\""))
        let full = await runCLI(base + ["--full"])
        #expect(full.status == .success, "\(full.standardError)")
        #expect(full.standardOutput.contains("+ incident \"Login down\""))

        let json = await runCLI(base + ["--format", "json"])
        let plan = try PlanRenderer.decode(Data(json.standardOutput.utf8), path: "stdout")
        #expect(plan.formatVersion == 2)
        #expect(plan.source.digest.hasPrefix("sha256:"))
        #expect(plan.changes.count == 3)

        let out = workspace.directory + "/plan.json"
        _ = await runCLI(base + ["--out", out, "--quiet"])
        #expect(try PlanRenderer.decode(Data(contentsOf: URL(fileURLWithPath: out)), path: out).changes == plan.changes)
    }

    @Test func anInSyncTargetExitsZeroEvenWithDetailedExitCode() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.storeSnapshot(account: "old", provider: .freshstatus, json: #"{"groups": [], "services": []}"#)
        try workspace.storeSnapshot(account: "new", provider: .statushub, json: Workspace.emptyHub)
        let result = await runCLI([
            "plan", "migrate", "--offline", "--detailed-exitcode", "--config", workspace.configPath,
        ])
        #expect(result.status == .success)
        #expect(result.standardOutput.contains("No changes: the target is in sync."))
    }

    @Test func withoutSnapshotsItSaysWhichCommandToRun() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = await runCLI(["plan", "migrate", "--offline", "--config", workspace.configPath])
        #expect(result.status == .failure)
        #expect(result.standardError.contains("run 'statussync snapshot old' first"))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    @Test func aCorruptSnapshotIsNamedAndLeftAlone() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.storeSnapshot(account: "old", provider: .freshstatus, json: Workspace.freshstatusAccount)
        try workspace.storeSnapshot(account: "new", provider: .statushub, json: Workspace.emptyHub)
        let path = try #require(workspace.store.latestSnapshotPath(account: "new"))
        try Data("{\"format\": \"statussync-snapshot\", \"formatVersion\": 1, \"provider\"".utf8).write(
            to: URL(fileURLWithPath: path))
        let result = await runCLI(["plan", "migrate", "--offline", "--config", workspace.configPath])
        #expect(result.status == .failure)
        #expect(result.standardError.hasPrefix("error: \(path) is corrupt"))
    }

    @Test func aMissingConfigurationSaysWhatToDo() async {
        let result = await runCLI(["plan", "migrate", "--offline", "--config", "/nonexistent/statussync.json"])
        #expect(result.status == .failure)
        #expect(
            result.standardError
                == "error: no configuration file at /nonexistent/statussync.json; create one (see the README, section Configuration) or pass --config FILE\n"
        )
    }
}

@Suite struct MappingCheckCommandTests {
    @Test func aShippedMappingIsValid() async {
        let path = Workspace.repositoryRoot.appendingPathComponent("mappings/statushub-to-freshstatus.json").path
        let result = await runCLI(["mapping", "check", path])
        #expect(result.status == .success)
        #expect(result.standardOutput == "\(path): valid (StatusHub → Freshstatus, version 1)\n")
    }

    @Test func listsEveryProblemAndExitsOne() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(
            #"{"version": 1, "source": "freshstatus", "target": "statushub", "colour": 1, "componentStatus": {}, "incidentPhases": {"map": {}, "default": "investigating", "resolved": "resolved"}}"#
                .utf8
        )
        .write(to: URL(fileURLWithPath: path))
        let result = await runCLI(["mapping", "check", path])
        #expect(result.status == .failure)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 6)  // colour, and the five unmapped Freshstatus statuses
        #expect(lines.allSatisfy { $0.hasPrefix("\(path): ") })
        #expect(result.standardError == "error: \(path) has 6 problems\n")
    }

    @Test func aWrongVersionIsOneLine() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v9-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"version": 9}"#.utf8).write(to: URL(fileURLWithPath: path))
        let result = await runCLI(["mapping", "check", path])
        #expect(result.status == .failure)
        #expect(
            result.standardError
                == "error: mapping \(path) has version 9; this statussync reads version 1 at most; upgrade statussync\n"
        )
    }
}

@Suite struct StateShowCommandTests {
    @Test func showsNoLinksBeforeAnyApplyAndEveryLinkAfter() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let empty = await runCLI(["state", "show", "migrate", "--config", workspace.configPath])
        #expect(empty.status == .success)
        #expect(empty.standardOutput == "Pair 'migrate' has no links yet: nothing has been applied.\n")

        var state = PairState(pair: "migrate")
        state.links["service:10"] = Link(
            kind: .service, targetID: "77", origin: .adopted, updatedAt: Instant(secondsSince1970: 0))
        try workspace.store.save(state)
        let shown = await runCLI(["state", "show", "migrate", "--config", workspace.configPath])
        #expect(shown.standardOutput.contains("service"))
        #expect(shown.standardOutput.contains("service:10"))
        #expect(shown.standardOutput.contains("77"))
        #expect(shown.standardOutput.contains("adopted"))
        let json = await runCLI(["state", "show", "migrate", "--format", "json", "--config", workspace.configPath])
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let links = try #require(object?["links"] as? [[String: Any]])
        #expect(links.count == 1 && links.first?["sourceKey"] as? String == "service:10")
        #expect(links.first?["targetID"] as? String == "77" && links.first?["origin"] as? String == "adopted")
    }
}
