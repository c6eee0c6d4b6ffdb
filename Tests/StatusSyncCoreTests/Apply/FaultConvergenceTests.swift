import Foundation
import StatusSyncCore
import StatusSyncEmulator
import Testing

@Suite struct FaultConvergenceTests {
    /// The target's state as the emulator holds it: incidents (not deleted) with their updates.
    static func targetIncidents(_ pair: EmulatedPair) throws -> [[String: Any]] {
        let state = try JSONSerialization.jsonObject(with: pair.target.stateData()) as? [String: Any]
        let incidents = state?["incidents"] as? [[String: Any]] ?? []
        return incidents.filter { ($0["deleted"] as? Bool) != true }
    }

    /// Asserts every incident and update exists once.
    static func expectNoDuplicates(_ pair: EmulatedPair, incidents expected: Int) throws {
        let incidents = try targetIncidents(pair)
        #expect(incidents.count == expected, "incidents: \(incidents.count)")
        let keys = incidents.map { "\($0["title"] ?? "") @ \($0["start_time"] ?? "")" }
        #expect(Set(keys).count == keys.count, "duplicate incidents: \(keys.sorted())")
        for incident in incidents {
            let updates =
                (incident["incident_updates"] as? [[String: Any]] ?? incident["updates"] as? [[String: Any]] ?? [])
                .filter { ($0["deleted"] as? Bool) != true }
            let updateKeys = updates.map {
                "\($0["start_time"] ?? $0["time"] ?? "") \($0["incident_type"] ?? $0["incident_status"] ?? "")"
            }
            #expect(
                Set(updateKeys).count == updateKeys.count,
                "duplicate updates in \(incident["title"] ?? ""): \(updateKeys)")
        }
    }

    /// Runs cycles until a plan is empty; returns how many it took.
    static func converge(_ pair: EmulatedPair, cycles: Int = 8) async throws -> Int {
        for cycle in 1...cycles {
            let (plan, _) = try await pair.cycle(options: ApplyOptions(concurrency: 4, maxAttempts: 3))
            if plan.isEmpty { return cycle }
        }
        Issue.record("did not converge in \(cycles) cycles")
        return cycles
    }

    @Test(arguments: [
        ("fail", 0.3, 0.0, 0.0), ("lose", 0.0, 0.3, 0.0), ("throttle", 0.0, 0.0, 0.3), ("all", 0.15, 0.15, 0.15),
    ])
    func convergesWithoutDuplicatesUnderFaults(name: String, fail: Double, lose: Double, throttle: Double) async throws
    {
        let pair = try EmulatedPair(from: .freshstatus, to: .statushub) { options in
            options.failRate = fail
            options.loseResponseRate = lose
            options.throttleRate = throttle
            options.faultSeed = 42
        }
        let cycles = try await Self.converge(pair)
        #expect(cycles >= 2, "the last cycle must find nothing to do")
        try Self.expectNoDuplicates(pair, incidents: 2)
        let requests = try await pair.targetRequests()
        let failed = requests.count { $0["status"] as? Int == 500 }
        let lost = requests.count { $0["responseLost"] as? Bool == true }
        let throttled = requests.count { $0["status"] as? Int == 429 }
        #expect(fail == 0 || failed > 0, "no 500 was injected")
        #expect(lose == 0 || lost > 0, "no response was lost")
        #expect(throttle == 0 || throttled > 0, "no 429 was injected")
    }

    @Test func aWriteAnswered500IsSettledAndSentAgainInTheSameApply() async throws {
        let pair = try EmulatedPair(from: .freshstatus, to: .statushub) { options in
            options.failRate = 0.3
            options.faultSeed = 42
        }
        let first = try await pair.cycle()
        let requests = try await pair.targetRequests()
        let failedWrites = requests.count { $0["status"] as? Int == 500 && $0["isWrite"] as? Bool == true }
        #expect(failedWrites > 0, "no write was answered 500")
        #expect(first.report.isComplete, "\(first.report.failures)")
        #expect(try await pair.cycle().plan.isEmpty)
        try Self.expectNoDuplicates(pair, incidents: 2)
    }

    @Test func aPartialFailureKeepsIndependentWorkAndARerunCarriesOn() async throws {
        let pair = try EmulatedPair(from: .freshstatus, to: .statushub) { options in
            options.failRate = 0.35
            options.faultSeed = 7
        }
        let first = try await pair.cycle(options: ApplyOptions(concurrency: 4, maxAttempts: 1))
        #expect(!first.report.failures.isEmpty, "the seed should make some writes fail")
        #expect(first.report.applied > 0, "independent work goes on")
        #expect(
            first.report.applied + first.report.failures.count + first.report.skipped.count == first.plan.changes.count)

        try await pair.setTargetFaults(#"{"failRate": 0}"#)
        let second = try await pair.cycle()
        #expect(second.report.isComplete)
        #expect(!second.plan.isEmpty)
        let third = try await pair.cycle()
        #expect(third.plan.isEmpty)
        try Self.expectNoDuplicates(pair, incidents: 2)
    }
}
