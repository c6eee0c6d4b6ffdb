import Foundation
import StatusSyncCore
import Testing

/// The plans for the example seeds into an empty target, in every direction, against golden files.
///
/// The files are in `Fixtures/golden/`. Set `STATUSSYNC_UPDATE_GOLDEN=1` to rewrite them after an
/// intended change, and review the diff.
@Suite struct GoldenPlanTests {
    static let now = Instant(iso8601: "2026-11-01T00:00:00Z") ?? Instant(secondsSince1970: 0)

    static func seed(_ provider: ProviderID) throws -> AccountState {
        let url = MappingLoaderTests.repositoryRoot.appendingPathComponent("examples/\(provider.rawValue)-seed.json")
        let data = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
        return try ProviderData.state(from: data, provider: provider)
    }

    @Test(arguments: [
        (ProviderID.freshstatus, ProviderID.statushub), (.statushub, .freshstatus), (.freshstatus, .freshstatus),
        (.statushub, .statushub),
    ])
    func theExamplePlanMatchesItsGoldenFile(from: ProviderID, to: ProviderID) throws {
        let name = "\(from.rawValue)-to-\(to.rawValue)"
        let mapper = Mapper(
            mapping: try Sample.mapping(name), mappingPath: "mappings/\(name).json", now: Self.now)
        let plan = try PlanMaker(
            pair: "example", mapper: mapper, mappingDigest: "sha256:mapping", options: PlanOptions(now: Self.now),
            isStrict: false
        ).makePlan(
            source: try Self.seed(from),
            sourceSide: Plan.Side(account: "source", provider: from, digest: "sha256:source"),
            target: AccountState(provider: to),
            targetSide: Plan.Side(account: "target", provider: to, digest: "sha256:target"),
            state: PairState(pair: "example"))
        let text = PlanRenderer.text(plan)
        let golden = MappingLoaderTests.repositoryRoot.appendingPathComponent(
            "Tests/StatusSyncCoreTests/Fixtures/golden/\(name).txt")
        if ProcessInfo.processInfo.environment["STATUSSYNC_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: golden)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(text == expected, "the plan for \(name) differs from \(golden.lastPathComponent)")
        #expect(!plan.changes.isEmpty)
    }
}
