import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// `statussync init`: a starter configuration and its mapping, never overwriting, valid once keys are set.
@Suite struct InitCommandTests {
    private static func scratch() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("init-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test(arguments: [
        ("freshstatus", "statushub", ["FRESHSTATUS_API_KEY", "STATUSHUB_API_KEY"]),
        ("statushub", "freshstatus", ["STATUSHUB_API_KEY", "FRESHSTATUS_API_KEY"]),
        ("freshstatus", "freshstatus", ["FRESHSTATUS_SOURCE_API_KEY", "FRESHSTATUS_TARGET_API_KEY"]),
        ("statushub", "statushub", ["STATUSHUB_SOURCE_API_KEY", "STATUSHUB_TARGET_API_KEY"]),
    ])
    func writesAConfigurationAndTheShippedMappingThatPassTheCheckOnceKeysAreSet(
        source: String, target: String, variables: [String]
    ) async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/project/statussync.json"
        let result = await runCLI(["init", "--source", source, "--target", target, "--config", config])
        #expect(result.status == .success, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        #expect(result.standardOutput.hasPrefix("Wrote \(config)"))
        for variable in variables { #expect(result.standardOutput.contains("\(variable)=...")) }
        #expect(result.standardOutput.contains("statussync config check --online --config \(config)"))

        // The mapping is the shipped file, byte for byte, next to the configuration.
        let name = "\(source)-to-\(target).json"
        let copied = try Data(contentsOf: URL(fileURLWithPath: directory + "/project/" + name))
        let shipped = try Data(contentsOf: Workspace.repositoryRoot.appendingPathComponent("mappings/" + name))
        #expect(copied == shipped, "the binary carries mappings/\(name) as it is; run scripts/embed-mappings")

        // Without the keys, the check names each variable; with them, it passes.
        let without = await runCLI(["config", "check", "--config", config])
        #expect(without.status == .failure)
        for variable in variables { #expect(without.standardOutput.contains("\(variable) is not set")) }
        let keys = Dictionary(uniqueKeysWithValues: variables.map { ($0, "key-\($0)") })
        let with = await runCLI(["config", "check", "--config", config], environment: keys)
        #expect(with.status == .success, "\(with.standardOutput)\(with.standardError)")
        #expect(with.standardOutput.contains("ok       pair migrate (old → new): mapping"))
        for key in keys.values { #expect(!with.standardOutput.contains(key), "a key's value is never printed") }
    }

    @Test func refusesToOverwriteEitherFile() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/statussync.json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: directory + "/freshstatus-to-statushub.json"))
        let first = await runCLI(["init", "--config", config])
        #expect(first.status == .failure)
        #expect(first.standardError.hasPrefix("error: \(directory)/freshstatus-to-statushub.json already exists"))
        #expect(first.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: config), "nothing is written when one file exists")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: directory + "/freshstatus-to-statushub.json")) == Data("{}".utf8))

        try FileManager.default.removeItem(atPath: directory + "/freshstatus-to-statushub.json")
        #expect(await runCLI(["init", "--config", config]).status == .success)
        let before = try Data(contentsOf: URL(fileURLWithPath: config))
        let again = await runCLI(["init", "--config", config])
        #expect(again.status == .failure)
        #expect(again.standardError.contains("already exists"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == before)
    }

    @Test func theStarterConfigurationRunsAPlanOnceItsPlaceholdersPointAtRealAccounts() async throws {
        let live = try LiveWorkspace()
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/statussync.json"
        #expect(await runCLI(["init", "--config", config]).status == .success)

        // What a user does next: fill in the placeholders (here: the emulators) and export the keys.
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as? [String: Any])
        var accounts = try #require(object["accounts"] as? [String: [String: Any]])
        accounts["old"]?["subdomain"] = live.source.options.subdomain
        accounts["old"]?["baseURL"] = live.source.baseURL.absoluteString
        accounts["old"]?["rateLimit"] = ["callsPerHour": 100_000]
        accounts["new"]?["hub"] = live.target.options.hub
        accounts["new"]?["baseURL"] = live.target.baseURL.absoluteString
        accounts["new"]?["rateLimit"] = ["readsPerSecond": 1000, "writesPerSecond": 1000]
        object["accounts"] = accounts
        object["store"] = directory + "/store"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: config))
        let environment = [
            "FRESHSTATUS_API_KEY": live.source.options.apiKey, "STATUSHUB_API_KEY": live.target.options.apiKey,
        ]

        let check = await runCLI(["config", "check", "--online", "--config", config], environment: environment)
        #expect(check.status == .success, "\(check.standardOutput)\(check.standardError)")
        let plan = await runCLI(
            ["plan", "migrate", "--detailed-exitcode", "--config", config], environment: environment)
        #expect(plan.status == .changesPending, "\(plan.standardError)")
        #expect(plan.standardOutput.contains("Login outage"))
    }
}
