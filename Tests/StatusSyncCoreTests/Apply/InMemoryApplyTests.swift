import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

/// The applier against an in-memory provider: the scheduling, linking and convergence of an apply in
/// milliseconds, with no HTTP server.
@Suite struct InMemoryApplyTests {
    func plan(_ source: AccountState, mapping: String, target: AccountState, links: PairState) throws -> Plan {
        let maker = PlanMaker(
            pair: "p", mapper: try Sample.mapper(mapping), mappingDigest: "sha256:m",
            options: PlanOptions(now: Sample.now), isStrict: false)
        return try maker.makePlan(
            source: source, sourceSide: Plan.Side(account: "old", provider: source.provider, digest: "sha256:s"),
            target: target, targetSide: Plan.Side(account: "new", provider: target.provider, digest: "sha256:t"),
            state: links)
    }

    @Test(arguments: [
        "freshstatus-to-statushub", "freshstatus-to-freshstatus", "statushub-to-freshstatus", "statushub-to-statushub",
    ])
    func anApplyLinksEveryChangeAndLeavesNothingToPlan(mapping: String) async throws {
        let source = mapping.hasPrefix("statushub") ? Sample.statushub : Sample.freshstatus
        let targetProvider: ProviderID = mapping.hasSuffix("statushub") ? .statushub : .freshstatus
        let target = InMemoryProvider(AccountState(provider: targetProvider), now: Sample.now)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = FileStore(root: directory)
        let first = try plan(source, mapping: mapping, target: target.state, links: PairState(pair: "p"))
        #expect(!first.isEmpty)

        let applier = Applier(
            target: target, state: PairState(pair: "p"), journal: try Journal(path: store.journalPath(pair: "p")),
            store: store, options: ApplyOptions(concurrency: 4))
        let report = try await applier.apply(first)

        #expect(report.isComplete, "\(report.failures)")
        #expect(report.writes == first.writeCalls)
        #expect(target.writes.count == first.writeCalls)
        let second = try plan(source, mapping: mapping, target: target.state, links: applier.links)
        #expect(second.isEmpty, "\(mapping): \(PlanRenderer.text(second))")
    }
}
