import Foundation
import StatusSyncCore
import Testing

@Suite struct ApplyEndToEndTests {
    @Test(arguments: [
        (ProviderID.freshstatus, ProviderID.statushub), (.statushub, .freshstatus), (.freshstatus, .freshstatus),
        (.statushub, .statushub),
    ])
    func applyThenPlanAgainIsEmptyAndASecondApplyWritesNothing(from: ProviderID, to: ProviderID) async throws {
        let pair = try EmulatedPair(from: from, to: to)
        let first = try await pair.cycle()
        #expect(!first.plan.isEmpty)
        #expect(first.report.isComplete, "\(first.report.failures)")
        #expect(first.report.writes == first.plan.writeCalls)

        try await pair.clearTargetRequests()
        let second = try await pair.cycle()
        #expect(second.plan.isEmpty, "\(PlanRenderer.text(second.plan))")
        #expect(second.report.writes == 0)
        let writes = try await pair.targetRequests().filter { $0["isWrite"] as? Bool == true }
        #expect(writes.isEmpty, "\(writes)")
    }
}

@Suite struct ExampleSeedEndToEndTests {
    @Test(arguments: [
        (ProviderID.freshstatus, ProviderID.statushub), (.statushub, .freshstatus), (.freshstatus, .freshstatus),
        (.statushub, .statushub),
    ])
    func theExampleAccountMigratesAndThenNothingIsLeft(from: ProviderID, to: ProviderID) async throws {
        let seed = try Data(
            contentsOf: MappingLoaderTests.repositoryRoot.appendingPathComponent("examples/\(from.rawValue)-seed.json"))
        let pair = try EmulatedPair(from: from, to: to, sourceSeed: seed)
        let first = try await pair.cycle(options: ApplyOptions(concurrency: 8))
        #expect(first.plan.changes.count > 500)
        #expect(first.report.isComplete, "\(first.report.failures.prefix(3))")
        try await pair.clearTargetRequests()
        let second = try await pair.cycle()
        #expect(second.plan.isEmpty, "\(second.plan.changes.prefix(5).map(\.key))")
        #expect(try await pair.targetRequests().filter { $0["isWrite"] as? Bool == true }.isEmpty)
    }
}
