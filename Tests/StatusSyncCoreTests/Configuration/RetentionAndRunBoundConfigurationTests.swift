import Foundation
import StatusSyncCore
import Testing

/// The store's `retention` and a pair's `timeouts.run`.
@Suite struct RetentionAndRunBoundConfigurationTests {
    private func configuration(top: String = "", pair: String = "") -> Data {
        Data(
            """
            {"version": 1\(top),
             "accounts": {"a": {"provider": "freshstatus", "subdomain": "x", "apiKeyEnv": "K"},
                          "b": {"provider": "statushub", "account": "x", "hub": "h", "apiKeyEnv": "L"}},
             "pairs": {"p": {"source": "a", "target": "b", "mapping": "m.json"\(pair)}}}
            """.utf8)
    }

    @Test func readsTheRetentionAndThePairsRunBound() throws {
        let loaded = try ConfigurationLoader.parse(
            configuration(top: #", "retention": {"snapshots": 3}"#, pair: #", "timeouts": {"run": "90s"}"#),
            path: "statussync.json")
        #expect(loaded.snapshotRetention == 3)
        #expect(loaded.pairs["p"]?.runTimeout == .seconds(90))
        let defaults = try ConfigurationLoader.parse(configuration(), path: "statussync.json")
        #expect(defaults.snapshotRetention == FileStore.defaultSnapshotRetention)
        #expect(defaults.pairs["p"]?.runTimeout == nil, "no bound unless one is set")
    }

    @Test(arguments: [
        (#", "retention": {"snapshots": 0}"#, "", "retention.snapshots: must be at least 1"),
        (#", "retention": {"snapshots": "all"}"#, "", "retention.snapshots:"),
        (#", "retention": {"days": 3}"#, "", "retention.days: unknown key 'days'"),
        (#", "retention": 5"#, "", "retention: expected an object"),
        ("", #", "timeouts": {"run": "soon"}"#, "pairs.p.timeouts.run: 'soon' is not a duration"),
        ("", #", "timeouts": {"read": "5s"}"#, "pairs.p.timeouts.read: unknown key 'read'"),
        ("", #", "timeouts": {}"#, "pairs.p.timeouts.run: missing"),
    ])
    func aWrongSettingIsReportedWithItsPath(top: String, pair: String, problem: String) {
        #expect {
            try ConfigurationLoader.parse(configuration(top: top, pair: pair), path: "statussync.json")
        } throws: { error in
            guard case ConfigurationError.invalid(_, let problems) = error else { return false }
            return problems.contains { $0.hasPrefix(problem) }
        }
    }
}
