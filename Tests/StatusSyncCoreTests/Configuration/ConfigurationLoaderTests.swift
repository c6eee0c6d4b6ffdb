import Foundation
import StatusSyncCore
import Testing

@Suite struct ConfigurationLoaderTests {
    private static let valid = """
        {
          "version": 1,
          "store": ".statussync",
          "accounts": {
            "old": { "provider": "freshstatus", "subdomain": "acme", "apiKeyEnv": "FRESHSTATUS_API_KEY" },
            "new": { "provider": "statushub", "account": "acme", "hub": "acme-status", "region": "us",
                     "apiKeyEnv": "STATUSHUB_API_KEY" }
          },
          "pairs": {
            "migrate": { "source": "old", "target": "new", "mapping": "mappings/freshstatus-to-statushub.json" }
          }
        }
        """

    private func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationLoader.parse(Data(text.utf8), path: "statussync.json")
    }

    /// Returns the problems a configuration is rejected with, or fails the test if it is accepted.
    private func problems(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            Issue.record("expected the configuration to be rejected")
            return []
        } catch {
            guard case .invalid(let path, let problems) = error else {
                Issue.record("expected .invalid, got \(error)")
                return []
            }
            #expect(path == "statussync.json")
            return problems
        }
    }

    @Test func readsTheDocumentedExample() throws {
        let configuration = try parse(Self.valid)
        #expect(configuration.version == 1)
        #expect(configuration.store == ".statussync")
        let old = try configuration.account(named: "old")
        #expect(old.provider == .freshstatus)
        #expect(old.settings["subdomain"] == "acme")
        #expect(try old.baseURL.absoluteString == "https://public-api.freshstatus.io/api/v1/")
        let new = try configuration.account(named: "new")
        #expect(new.provider == .statushub)
        #expect(new.settings["hub"] == "acme-status")
        #expect(try new.baseURL.absoluteString == "https://acme.app.statushub.io/api/v3")
        let pair = try configuration.pair(named: "migrate")
        #expect(pair.source == "old" && pair.target == "new")
        #expect(pair.mapping == "mappings/freshstatus-to-statushub.json")
    }

    @Test func usesTheEURegionHost() throws {
        let configuration = try parse(
            #"{"version":1,"accounts":{"eu":{"provider":"statushub","account":"acme","hub":"h","region":"eu","apiKeyEnv":"K"}}}"#
        )
        #expect(
            try configuration.account(named: "eu").baseURL.absoluteString == "https://acme.app-eu1.statushub.io/api/v3")
        #expect(configuration.store == ".statussync")
        #expect(configuration.pairs.isEmpty)
    }

    @Test(arguments: [
        // (configuration, a fragment every rejection must contain)
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","apiKey":"s"}}}"#,
            "accounts.a.apiKey: unknown key 'apiKey'"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K"}},"extra":1}"#,
            "extra: unknown key 'extra'"
        ),
        (#"{"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K"}}}"#, "version: missing"),
        (
            #"{"version":"1","accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K"}}}"#,
            "version: expected a whole number, found a string"
        ),
        (#"{"version":1}"#, "accounts: missing"),
        (#"{"version":1,"accounts":{}}"#, "accounts: must define at least one account"),
        (#"{"version":1,"accounts":[]}"#, "accounts: expected an object, found an array"),
        (#"{"version":1,"accounts":{"a":{"subdomain":"x","apiKeyEnv":"K"}}}"#, "accounts.a.provider: missing"),
        (
            #"{"version":1,"accounts":{"a":{"provider":"statuspage","apiKeyEnv":"K"}}}"#,
            "accounts.a.provider: unknown provider 'statuspage'"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","apiKeyEnv":"K"}}}"#,
            "accounts.a.subdomain: missing"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x"}}}"#,
            "accounts.a.apiKeyEnv: missing"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"sk-123 456"}}}"#,
            "accounts.a.apiKeyEnv: 'sk-123 456' is not an environment variable name"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","hub":"h"}}}"#,
            "accounts.a.hub: unknown key 'hub'"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"statushub","account":"x","apiKeyEnv":"K"}}}"#,
            "accounts.a.hub: missing"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"statushub","hub":"x","apiKeyEnv":"K"}}}"#,
            "accounts.a.account: missing"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"statushub","account":"x","hub":"h","region":"ap","apiKeyEnv":"K"}}}"#,
            "accounts.a.region: unknown region 'ap'"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"statushub","account":"x y","hub":"h","apiKeyEnv":"K"}}}"#,
            "accounts.a.account: 'x y' is not a subdomain"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","baseURL":"http://example.com/api/v1/"}}}"#,
            "accounts.a.baseURL: http:// is allowed only for loopback hosts"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","baseURL":"ftp://127.0.0.1/"}}}"#,
            "accounts.a.baseURL: unsupported scheme 'ftp'"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","baseURL":"not a url"}}}"#,
            "accounts.a.baseURL: 'not a url' is not an absolute URL"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","baseURL":"https://k:s@h.io/"}}}"#,
            "accounts.a.baseURL: must not contain credentials"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","rateLimit":{"readsPerSecond":3}}}}"#,
            "accounts.a.rateLimit.readsPerSecond: unknown key 'readsPerSecond'"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","rateLimit":{"callsPerHour":0}}}}"#,
            "accounts.a.rateLimit.callsPerHour: must be greater than 0"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"statushub","account":"x","hub":"h","apiKeyEnv":"K","rateLimit":{"writesPerSecond":-1}}}}"#,
            "accounts.a.rateLimit.writesPerSecond: must be greater than 0"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"statushub","account":"x","hub":"h","apiKeyEnv":"K","rateLimit":{}}}}"#,
            "accounts.a.rateLimit: set readsPerSecond, writesPerSecond or both"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K"}},"pairs":{"p":{"source":"a","target":"b","mapping":"m.json"}}}"#,
            "pairs.p.target: no account named 'b'"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K"}},"pairs":{"p":{"source":"a","target":"a","mapping":"m.json"}}}"#,
            "pairs.p: source and target are the same account 'a'"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K"}},"pairs":{"p":{"source":"a","target":"a"}}}"#,
            "pairs.p.mapping: missing"
        ),
        (
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K"}},"pairs":{"p":{"source":"a","target":"a","mapping":"m","notify":true}}}"#,
            "pairs.p.notify: unknown key 'notify'"
        ),
        (
            #"{"version":1,"store":"","accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K"}}}"#,
            "store: must not be empty"
        ),
        (#"[1,2]"#, "expected an object, found an array"),
    ])
    func rejectsWithTheKeyNamed(configuration: String, expected: String) {
        let found = problems(configuration)
        #expect(found.contains { $0.contains(expected) }, "problems: \(found)")
    }

    @Test func reportsEveryProblemAtOnce() {
        let found = problems(
            #"{"version":1,"accounts":{"a":{"provider":"freshstatus","apiKeyEnv":"K","x":1},"b":{"provider":"statushub"}}}"#
        )
        #expect(found.count == 5, "problems: \(found)")  // a.x, a.subdomain, b.apiKeyEnv, b.account, b.hub
    }

    @Test func acceptsHTTPOnlyForLoopback() throws {
        for host in ["127.0.0.1:8081", "127.1.2.3", "localhost:9", "[::1]:8080"] {
            let configuration = try parse(
                #"{"version":1,"accounts":{"a":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","baseURL":"http://\#(host)/api/v1/"}}}"#
            )
            #expect(try configuration.account(named: "a").baseURL.absoluteString == "http://\(host)/api/v1/")
        }
        #expect(!ConfigurationLoader.isLoopback("128.0.0.1"))
        #expect(!ConfigurationLoader.isLoopback("127.0.0.1.example.com"))
        #expect(!ConfigurationLoader.isLoopback("10.0.0.1"))
    }

    @Test func readsRateLimitOverrides() throws {
        let configuration = try parse(
            #"{"version":1,"accounts":{"f":{"provider":"freshstatus","subdomain":"x","apiKeyEnv":"K","rateLimit":{"callsPerHour":500}},"s":{"provider":"statushub","account":"x","hub":"h","apiKeyEnv":"K","rateLimit":{"writesPerSecond":20}}}}"#
        )
        #expect(try configuration.account(named: "f").rateLimit == RateLimitOverride(callsPerHour: 500))
        #expect(try configuration.account(named: "s").rateLimit == RateLimitOverride(writesPerSecond: 20))
    }

    @Test func readsTimeoutsAndTheLargestAnswerPerAccount() throws {
        let configuration = try parse(
            #"{"version":1,"accounts":{"s":{"provider":"statushub","account":"x","hub":"h","apiKeyEnv":"K","timeouts":{"write":"3s","total":"90s"},"maxResponseBytes":1048576}}}"#
        )
        let limits = try configuration.account(named: "s").http
        #expect(limits.writeTimeout == .seconds(3) && limits.totalTimeout == .seconds(90))
        #expect(limits.readTimeout == HTTPLimits.standard.readTimeout)
        #expect(limits.maxResponseBytes == 1_048_576)
        #expect(
            problems(
                #"{"version":1,"accounts":{"s":{"provider":"statushub","account":"x","hub":"h","apiKeyEnv":"K","timeouts":{"write":"soon","idle":"1s"},"maxResponseBytes":10}}}"#
            ).sorted() == [
                "accounts.s.maxResponseBytes: must be at least 1024",
                "accounts.s.timeouts.idle: unknown key 'idle' (allowed here: read, write, total)",
                "accounts.s.timeouts.write: 'soon' is not a duration such as \"500ms\", \"8s\" or \"2m\"",
            ])
    }

    @Test func refusesANewerVersionByName() {
        #expect(throws: ConfigurationError.unsupportedVersion(path: "statussync.json", found: 2, newestSupported: 1)) {
            try parse(#"{"version":2,"accounts":{},"something":"new"}"#)
        }
    }

    @Test func refusesMalformedJSONWithThePath() {
        do {
            _ = try parse(#"{"version": 1,"#)
            Issue.record("expected a rejection")
        } catch {
            guard case .malformed(let path, _) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(path == "statussync.json")
            #expect(error.description.hasPrefix("statussync.json is not valid JSON"))
        }
    }

    @Test func readsAPIKeysOnlyFromTheNamedVariable() throws {
        let account = try parse(Self.valid).account(named: "old")
        #expect(try account.apiKey(from: ["FRESHSTATUS_API_KEY": "secret-1"]) == "secret-1")
        #expect(throws: ConfigurationError.missingAPIKey(account: "old", variable: "FRESHSTATUS_API_KEY")) {
            try account.apiKey(from: ["STATUSHUB_API_KEY": "secret-2"])
        }
        #expect(throws: ConfigurationError.missingAPIKey(account: "old", variable: "FRESHSTATUS_API_KEY")) {
            try account.apiKey(from: ["FRESHSTATUS_API_KEY": ""])
        }
    }

    @Test func namesKnownAccountsWhenOneIsMissing() throws {
        let configuration = try parse(Self.valid)
        #expect(throws: ConfigurationError.unknownName(kind: "pair", name: "mirror", known: ["migrate"])) {
            try configuration.pair(named: "mirror")
        }
        #expect(throws: ConfigurationError.unknownName(kind: "account", name: "x", known: ["new", "old"])) {
            try configuration.account(named: "x")
        }
    }

    @Test func resolvesMappingPathsAgainstTheFileAndReportsMissingFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("statussync.json")
        try Data(Self.valid.utf8).write(to: file)
        let configuration = try ConfigurationLoader.load(path: file.path)
        #expect(
            try configuration.pair(named: "migrate").mapping == directory.path
                + "/mappings/freshstatus-to-statushub.json")

        let missing = directory.appendingPathComponent("absent.json").path
        #expect(throws: ConfigurationError.unreadable(path: missing, reason: "no such file")) {
            try ConfigurationLoader.load(path: missing)
        }
    }
}

@Suite struct ExampleConfigurationTests {
    @Test func theExampleConfigurationIsValidAndItsMappingsExist() throws {
        let path = MappingLoaderTests.repositoryRoot.appendingPathComponent("examples/statussync.json").path
        let configuration = try ConfigurationLoader.load(path: path)
        #expect(Set(configuration.pairs.keys) == ["migrate", "mirror"])
        for pair in configuration.pairs.values {
            let mapping = try MappingLoader.load(path: pair.mapping)
            #expect(mapping.source == (try configuration.account(named: pair.source)).provider)
            #expect(mapping.target == (try configuration.account(named: pair.target)).provider)
        }
    }
}
