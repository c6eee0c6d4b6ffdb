import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// `statussync snapshot` in-process, against emulators on loopback ports.
@Suite struct SnapshotCommandTests {
    private struct Setup {
        var directory: String
        var emulators: [Emulator]
        var environment: [String: String]
        var config: String { directory + "/statussync.json" }
        var store: String { directory + "/store" }

        func stop() {
            for emulator in emulators { emulator.stop() }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    private static let freshstatusSeed = Data(
        """
        {"groups": [{"id": 1, "name": "Core"}], "services": [{"id": 1, "name": "API", "group": 1}, {"id": 2, "name": "Web"}],
         "incident_statuses": [{"id": 1, "value": "Investigating"}, {"id": 2, "value": "Resolved"}],
         "incidents": [{"id": 3, "title": "Down", "start_time": "2025-03-01T10:00:00Z",
           "incident_updates": [{"id": 30, "message": "Looking", "time": "2025-03-01T10:00:00Z", "incident_status": "Investigating"}]}],
         "maintenances": []}
        """.utf8)

    private static let statusHubSeed = Data(
        """
        {"groups": [{"id": 1, "name": "Core"}], "services": [{"id": 1, "name": "API", "group_id": 1}],
         "incidents": [{"id": 3, "start_time": "2025-03-01T10:00:00Z", "updated_at": "2025-03-01T10:00:00Z",
           "incident_updates": [{"id": 30, "title": "Down", "body": "Looking", "start_time": "2025-03-01T10:00:00Z",
             "incident_type": "investigating", "service_statuses": [{"service_id": 1, "status": "down"}]}]}],
         "maintenances": [], "incident_templates": [], "maintenance_templates": []}
        """.utf8)

    private func setUp() throws -> Setup {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("statussync-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var emulators: [Emulator] = []
        for (provider, seed) in [
            (EmulatedProvider.freshstatus, Self.freshstatusSeed), (.statushub, Self.statusHubSeed),
        ] {
            var options = EmulatorOptions(provider: provider)
            options.seed = seed
            options.rateLimits = .unlimited
            let emulator = try Emulator(options: options)
            try emulator.start()
            emulators.append(emulator)
        }
        let config = """
            {"version": 1, "store": "\(directory)/store", "accounts": {
              "old": {"provider": "freshstatus", "subdomain": "acme", "apiKeyEnv": "FS_KEY",
                      "baseURL": "\(emulators[0].baseURL.absoluteString)"},
              "new": {"provider": "statushub", "account": "acme", "hub": "acme-status", "apiKeyEnv": "SH_KEY",
                      "baseURL": "\(emulators[1].baseURL.absoluteString)",
                      "rateLimit": {"readsPerSecond": 1000, "writesPerSecond": 1000}}}}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: directory + "/statussync.json"))
        return Setup(
            directory: directory, emulators: emulators,
            environment: ["FS_KEY": emulators[0].options.apiKey, "SH_KEY": emulators[1].options.apiKey])
    }

    @Test(arguments: ["old", "new"])
    func savesASnapshotAndPrintsCountsCallsAndTime(account: String) async throws {
        let setup = try setUp()
        defer { setup.stop() }
        let result = await runCLI(["snapshot", account, "--config", setup.config], environment: setup.environment)
        #expect(result.status == .success)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Saved snapshot of '\(account)'") == true)
        #expect(lines.contains { $0.hasPrefix("  incidents") && $0.hasSuffix(" 1") })
        let last = try #require(lines.last)
        #expect(last.hasPrefix("snapshot account=\(account) provider="))
        #expect(last.contains(account == "old" ? "entities=6" : "entities=3"))
        let store = FileStore(root: setup.store)
        let snapshot = try store.latestSnapshot(account: account)
        #expect(snapshot.counts["incidents"] == 1)
        #expect(result.standardError.isEmpty, "a pipe gets no status note: \(result.standardError)")
    }

    @Test func aSecondRunOfAnUnchangedHubReadsOnlyLists() async throws {
        let setup = try setUp()
        defer { setup.stop() }
        _ = await runCLI(["snapshot", "new", "--config", setup.config], environment: setup.environment)
        let second = await runCLI(["snapshot", "new", "--config", setup.config], environment: setup.environment)
        #expect(second.status == .success)
        #expect(second.standardOutput.contains("detail_calls=0 reused=1"))
        let full = await runCLI(
            ["snapshot", "new", "--full", "--config", setup.config], environment: setup.environment)
        #expect(full.standardOutput.contains("detail_calls=1 reused=0"))
    }

    @Test(arguments: [("old", "FS_KEY"), ("new", "SH_KEY")])
    func aWrongKeyFailsWithOneClearLineAndWritesNothing(account: String, variable: String) async throws {
        let setup = try setUp()
        defer { setup.stop() }
        var environment = setup.environment
        environment[variable] = "definitely-wrong-key"
        let result = await runCLI(["snapshot", account, "--config", setup.config], environment: environment)
        #expect(result.status == .failure)
        let errors = result.standardError.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(
            errors == [
                "error: credentials for account '\(account)' were rejected by \(account == "old" ? "Freshstatus" : "StatusHub") (HTTP 401); check $\(variable)"
            ])
        #expect(!result.standardError.contains("definitely-wrong-key"))
        #expect(FileStore(root: setup.store).latestSnapshotPath(account: account) == nil)
    }

    @Test func aMissingKeyNamesTheVariable() async throws {
        let setup = try setUp()
        defer { setup.stop() }
        let result = await runCLI(["snapshot", "new", "--config", setup.config], environment: [:])
        #expect(result.status == .failure)
        #expect(result.standardError.contains("SH_KEY"))
    }

    @Test func aCorruptLatestSnapshotIsLeftAloneAndAFullSnapshotIsTaken() async throws {
        let setup = try setUp()
        defer { setup.stop() }
        let directory = FileStore(root: setup.store).snapshotDirectory(account: "new")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let corrupt = directory + "/2999-01-01T00-00-00Z.json"
        try Data("{\"format\": \"statussync-snapshot\"".utf8).write(to: URL(fileURLWithPath: corrupt))
        let result = await runCLI(["snapshot", "new", "--config", setup.config], environment: setup.environment)
        #expect(result.status == .success)
        #expect(result.standardError.contains("warning: the previous snapshot could not be used"))
        #expect(result.standardError.contains(corrupt))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: corrupt)) == Data("{\"format\": \"statussync-snapshot\"".utf8))
        let saved = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
        #expect(saved.count == 2)
    }

    @Test func aRunWhileAnotherHoldsTheLockFailsAndWritesNothing() async throws {
        let setup = try setUp()
        defer { setup.stop() }
        let lock = try FileStore(root: setup.store).lock(AccountSnapshotter.lockName(account: "old"))
        let result = await runCLI(["snapshot", "old", "--config", setup.config], environment: setup.environment)
        withExtendedLifetime(lock) {}
        #expect(result.status == .failure)
        #expect(result.standardError.contains("error: another statussync run"))
        #expect(FileStore(root: setup.store).latestSnapshotPath(account: "old") == nil)
    }

    @Test func noSecretReachesTheStoreOrTheOutput() async throws {
        let setup = try setUp()
        defer { setup.stop() }
        var output = ""
        for account in ["old", "new"] {
            let result = await runCLI(
                ["snapshot", account, "--verbose", "--config", setup.config], environment: setup.environment,
                isTerminal: true)
            #expect(result.status == .success)
            output += result.standardOutput + result.standardError
        }
        #expect(output.contains("GET /api/"))  // the verbose log ran
        let fsKey = setup.environment["FS_KEY"] ?? ""
        let shKey = setup.environment["SH_KEY"] ?? ""
        let secrets = [fsKey, shKey, Data("\(fsKey):acme".utf8).base64EncodedString(), "Authorization", "X-API-KEY"]
        var stored = ""
        let enumerator = FileManager.default.enumerator(atPath: setup.store)
        while let name = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: setup.store + "/" + name) {
                stored += String(decoding: data, as: UTF8.self)
            }
        }
        #expect(!stored.isEmpty)
        for secret in secrets {
            #expect(!output.contains(secret), "output holds \(secret)")
            #expect(!stored.contains(secret), "the store holds \(secret)")
        }
    }

    @Test func aTerminalGetsAProgressLineThatIsClearedAtTheEnd() async throws {
        let setup = try setUp()
        defer { setup.stop() }
        let result = await runCLI(
            ["snapshot", "new", "--config", setup.config], environment: setup.environment, isTerminal: true)
        #expect(result.status == .success)
        #expect(result.standardError.contains("\r"))
        #expect(result.standardError.hasSuffix("\r\u{1B}[K"))
        let quiet = await runCLI(
            ["snapshot", "new", "--quiet", "--config", setup.config], environment: setup.environment, isTerminal: true)
        #expect(quiet.standardError.isEmpty)
    }
}
