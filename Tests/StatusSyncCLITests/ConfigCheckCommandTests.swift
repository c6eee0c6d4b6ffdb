import Foundation
import StatusSyncCLI
import StatusSyncCore
import Testing

/// `statussync config check [--online]` against emulators on loopback.
@Suite struct ConfigCheckCommandTests {
    @Test func onlineWithGoodKeysEveryCheckPasses() async throws {
        let workspace = try LiveWorkspace()
        let result = await workspace.run(["config", "check", "--online"])
        #expect(result.status == .success, "\(result.standardOutput)\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "configuration, two accounts, one pair: \(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("ok       ") })
        #expect(lines[1].hasPrefix("ok       account new (StatusHub): SH_KEY is set; an authenticated read of "))
        #expect(lines[2].hasPrefix("ok       account old (Freshstatus): FS_KEY is set; an authenticated read of "))
        for key in workspace.environment.values { #expect(!result.standardOutput.contains(key)) }
        #expect(result.standardError.isEmpty)
    }

    @Test func onlineAWrongKeyIsAProblemThatNamesTheVariableNotTheKey() async throws {
        let workspace = try LiveWorkspace()
        var environment = workspace.environment
        environment["SH_KEY"] = "not-the-key-\(UUID().uuidString)"
        let result = await runCLI(
            ["config", "check", "--online", "--config", workspace.configPath], environment: environment)
        #expect(result.status == .failure)
        let problems = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("problem") }
        #expect(problems.count == 1, "\(result.standardOutput)")
        #expect(
            problems.first?.contains("account new (StatusHub): credentials for account 'new' were rejected") == true)
        #expect(problems.first?.contains("$SH_KEY") == true)
        #expect(result.standardOutput.contains("ok       account old (Freshstatus)"))
        for key in environment.values {
            #expect(!result.standardOutput.contains(key) && !result.standardError.contains(key))
        }
        #expect(result.standardError == "error: \(workspace.configPath): 1 problem (listed above)\n")
    }

    @Test func offlineMissingKeysAndABrokenMappingAreAllListed() async throws {
        let workspace = try LiveWorkspace()
        let mapping = workspace.directory + "/broken.json"
        try Data(
            #"{"version": 1, "source": "freshstatus", "target": "statushub", "colour": 1, "componentStatus": {}, "incidentPhases": {"map": {}, "default": "investigating", "resolved": "resolved"}}"#
                .utf8
        ).write(to: URL(fileURLWithPath: mapping))
        var text = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        let shipped = Workspace.repositoryRoot.appendingPathComponent("mappings/freshstatus-to-statushub.json").path
        text = text.replacingOccurrences(of: shipped, with: mapping)
        try Data(text.utf8).write(to: URL(fileURLWithPath: workspace.configPath))

        let result = await runCLI(["config", "check", "--config", workspace.configPath], environment: [:])
        #expect(result.status == .failure)
        let problems = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("problem") }
        #expect(problems.contains { $0.contains("account new (StatusHub): SH_KEY is not set") })
        #expect(problems.contains { $0.contains("account old (Freshstatus): FS_KEY is not set") })
        #expect(
            problems.contains { $0.contains("pair migrate (old → new): mapping \(mapping): ") && $0.contains("colour") }
        )
        #expect(problems.count >= 4, "every problem on a line of its own: \(result.standardOutput)")
        #expect(result.standardError == "error: \(workspace.configPath): \(problems.count) problems (listed above)\n")
    }

    @Test func anInvalidConfigurationListsEveryProblemAndAMissingOneSaysHowToStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/statussync.json"
        try Data(
            #"{"version": 1, "accounts": {"a": {"provider": "statushub", "apiKeyEnv": "K", "colour": 1}}, "extra": 2}"#
                .utf8
        ).write(to: URL(fileURLWithPath: path))
        let invalid = await runCLI(["config", "check", "--config", path])
        #expect(invalid.status == .failure)
        let problems = invalid.standardOutput.split(separator: "\n")
        #expect(problems.count >= 4, "unknown key, missing account and hub, unknown account key: \(problems)")
        #expect(problems.allSatisfy { $0.hasPrefix("problem  configuration \(path): ") })

        let missing = await runCLI(["config", "check", "--config", directory + "/none.json"])
        #expect(missing.status == .failure)
        #expect(missing.standardOutput.contains("'statussync init' writes a starter one"))
    }

    @Test func jsonIsVersionedAndHoldsEveryCheck() async throws {
        let workspace = try LiveWorkspace()
        var environment = workspace.environment
        environment["FS_KEY"] = nil
        let result = await runCLI(
            ["config", "check", "--format", "json", "--config", workspace.configPath], environment: environment)
        #expect(result.status == .failure)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["formatVersion"] as? Int == 1)
        #expect(object["command"] as? String == "config check")
        #expect(object["ok"] as? Bool == false)
        #expect(object["online"] as? Bool == false)
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.count == 4)
        let failed = checks.filter { $0["ok"] as? Bool == false }
        #expect(failed.count == 1)
        #expect(failed.first?["kind"] as? String == "account")
        #expect(failed.first?["detail"] as? String == "FS_KEY is not set; export the account's API key in it")
    }
}
