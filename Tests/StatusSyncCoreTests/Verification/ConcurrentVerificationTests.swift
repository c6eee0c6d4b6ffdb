import Testing

@testable import StatusSyncCore

/// The concurrent verification (mapping, timelines and comparison at the same time) gives what the
/// sequential one gives, whatever the target's differences.
@Suite struct ConcurrentVerificationTests {
    @Test(arguments: [0, 1, 2, 3])
    func givesTheSameResultAsTheSequentialVerification(edits: Int) async throws {
        let source = VerificationRendererTests.source(incidents: 1000)
        let (mapper, target, state) = try VerificationRendererTests.migrated(source) { target in
            guard edits > 0 else { return }
            for index in stride(from: 0, to: target.incidents.count, by: 7) {
                target.incidents[index].updates[0].message = "Edited"
            }
            guard edits > 1 else { return }
            // Downtime that differs, a service renamed and an extra incident.
            target.incidents[5].endTime = target.incidents[5].endTime?.adding(seconds: 3600)
            target.services[0].name = "Renamed"
            var extra = target.incidents[0]
            extra.id = "extra"
            target.incidents.append(extra)
            guard edits > 2 else { return }
            // An update left unlinked: the timelines are then compared on one core.
            target.incidents[990].updates.removeLast()
        }
        let verifier = Verifier(mapper: mapper)
        let sides = (
            Verification.Side(account: "old", provider: .freshstatus),
            Verification.Side(account: "new", provider: .statushub)
        )
        let sequential = try verifier.verify(
            pair: "p", source: source, sourceSide: sides.0, target: target, targetSide: sides.1, state: state)
        let concurrent = try await verifier.verifyConcurrently(
            pair: "p", source: source, sourceSide: sides.0, target: target, targetSide: sides.1, state: state)
        #expect(concurrent.verification == sequential.verification)
        #expect(concurrent.desired == sequential.desired)
        #expect(concurrent.targetIDs == sequential.targetIDs)
        #expect(concurrent.target == sequential.target)
        #expect(sequential.verification.isFaithful == (edits == 0))
        if edits > 1 { #expect(sequential.verification.differences.contains { $0.kind == .uptime }) }
    }

    /// The mapping's diagnostics are grouped while the entities are compared, the comparison's notes after:
    /// merged, the groups are those of both lists grouped at once.
    @Test func groupsMergedAreTheGroupsOfBothLists() {
        func diagnostic(_ index: Int, _ message: String) -> Diagnostic {
            Diagnostic(key: "incident:\(index)", message: message)
        }
        let mapping =
            (0..<40).map { diagnostic($0 * 3, "status \($0 % 4) collapsed") }
            + (0..<5).map { diagnostic($0, "dated 2026-01-0\($0 + 1)T00:00:00Z") }
        let notes =
            (0..<7).map { diagnostic($0 * 5 + 1, "status \($0) collapsed") }
            + [diagnostic(2, "affected services changed"), diagnostic(4, "affected services changed")]
        let merged = Verification.ExpectedGroup.merging(
            Verification.ExpectedGroup.grouping(mapping), Verification.ExpectedGroup.grouping(notes))
        #expect(merged == Verification.ExpectedGroup.grouping(mapping + notes))
        #expect(merged.map(\.count) == [47, 5, 2])
        #expect(
            Verification.ExpectedGroup.merging(Verification.ExpectedGroup.grouping(mapping), [])
                == Verification.ExpectedGroup.grouping(mapping))
    }

    /// The incidents mapped in slices at the same time give the one pass's result, and its first error.
    @Test func mappingInSlicesGivesTheOnePassResultAndItsFirstError() async throws {
        var source = VerificationRendererTests.source(incidents: 1000)
        source.incidents[3].visibility = .private
        source.incidents[700].affected = []
        let (mapper, _, _) = try VerificationRendererTests.migrated(source) { _ in }
        let concurrent = try await mapper.mapConcurrently(source)
        #expect(concurrent == (try mapper.map(source)))
        #expect(concurrent.desired.incidents.count == 998)
        source.incidents[950].updates[0].phase = "Unknown phase"
        source.incidents[620].updates[1].phase = "Another unknown phase"
        var expected: MappingError?
        do { _ = try mapper.map(source) } catch { expected = error }
        let error = try #require(expected)
        #expect(
            error == .unmappedValue(path: mapper.mappingPath, key: "incidentPhases.map", value: "Another unknown phase")
        )
        await #expect(throws: error) { try await mapper.mapConcurrently(source) }
    }
}
