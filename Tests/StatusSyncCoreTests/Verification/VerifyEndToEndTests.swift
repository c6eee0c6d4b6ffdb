import Foundation
import StatusSyncCore
import Testing

extension EmulatedPair {
    /// Snapshots both accounts and verifies the target against the mapped source, with the providers' witnesses.
    func verify(since: Instant? = nil) async throws -> Verifier.Result {
        let (sourceReport, targetReport) = try await sync.snapshots()
        let source = sourceReport.snapshot
        let target = targetReport.snapshot
        var mapper = sync.mapper
        mapper.now = Instant(Date())
        var result = try Verifier(mapper: mapper, since: since).verify(
            pair: sync.pair, source: try ProviderData.state(from: source.data, provider: source.provider),
            sourceSide: Verification.Side(account: source.account, provider: source.provider),
            target: try ProviderData.state(from: target.data, provider: target.provider),
            targetSide: Verification.Side(account: target.account, provider: target.provider),
            state: try sync.store.pairState(sync.pair))
        try await Verifier.addWitnesses(to: &result, source: sync.source.client, target: sync.target.client)
        return result
    }
}

@Suite struct VerifyEndToEndTests {
    @Test(arguments: [
        (ProviderID.freshstatus, ProviderID.statushub), (.statushub, .freshstatus), (.freshstatus, .freshstatus),
        (.statushub, .statushub),
    ])
    func afterApplyingTheExampleAccountTheTargetIsFaithful(from: ProviderID, to: ProviderID) async throws {
        let seed = try Data(
            contentsOf: MappingLoaderTests.repositoryRoot.appendingPathComponent("examples/\(from.rawValue)-seed.json"))
        let pair = try EmulatedPair(from: from, to: to, sourceSeed: seed)
        let applied = try await pair.cycle(options: ApplyOptions(concurrency: 8))
        #expect(applied.report.isComplete)
        let verification = try await pair.verify().verification
        #expect(
            verification.isFaithful,
            "\(verification.differences.prefix(8).map(VerificationRenderer.line).joined(separator: "\n"))")
        #expect(verification.carried(.incident) > 200)
        // Where uptime differs, the mapping explains it (StatusHub → Freshstatus keeps one status per incident).
        let rows = verification.uptime.services + verification.uptime.groups + [verification.uptime.page]
        #expect(rows.allSatisfy { $0.isEqualToTheMinute || $0.rule != nil })
        if to == from || to == .statushub {
            #expect(verification.uptime.servicesEqual == verification.uptime.services.count)
        }
        // Where a side is StatusHub its uptime endpoint is a witness, and it agrees with the timeline to the second.
        for row in rows {
            if from == .statushub { #expect(row.witness?.source == row.sourceDowntime, "\(row.name)") }
            if to == .statushub { #expect(row.witness?.target == row.targetDowntime, "\(row.name)") }
        }
    }
}
