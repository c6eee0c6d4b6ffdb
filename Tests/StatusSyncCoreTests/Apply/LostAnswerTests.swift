import Foundation
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// Under lost answers, the target receives each write exactly as often as the journal intends it.
@Suite struct LostAnswerTests {
    /// A Freshstatus account with `count` incidents of two updates each.
    static func seed(incidents count: Int) -> Data {
        let incidents = (0..<count).map { index in
            let day = String(format: "%02d", index % 28 + 1)
            let month = String(format: "%02d", index / 28 + 1)
            return """
                {"id": \(100 + index), "title": "Incident \(index)", "description": "", "start_time": "2026-\(month)-\(day)T00:00:00Z",
                 "end_time": "2026-\(month)-\(day)T01:00:00Z", "is_private": false,
                 "affected_components": [{"component": "10", "new_status": "MO"}],
                 "incident_updates": [
                   {"id": \(1000 + 2 * index), "message": "Looking", "time": "2026-\(month)-\(day)T00:00:00Z", "incident_status": "Investigating"},
                   {"id": \(1001 + 2 * index), "message": "Fixed", "time": "2026-\(month)-\(day)T01:00:00Z", "incident_status": "Resolved"}]}
                """
        }
        return Data(
            """
            {"subdomain": "acme", "groups": [], "services": [{"id": 10, "name": "Login", "order": 1}],
             "incident_statuses": [{"id": 1, "value": "Investigating", "order": 1}, {"id": 4, "value": "Resolved", "order": 4}],
             "incidents": [\(incidents.joined(separator: ","))], "maintenances": []}
            """.utf8)
    }

    @Test func everyWriteTheTargetReceivesWasIntendedOnceAndNoneArrivesWithoutItsBody() async throws {
        let pair = try EmulatedPair(from: .freshstatus, to: .statushub, sourceSeed: Self.seed(incidents: 30)) {
            options in
            options.loseResponseRate = 0.2
            options.faultSeed = 11
        }
        _ = try await pair.targetRequests()
        let lock = try pair.sync.lock()
        let (state, _) = try pair.sync.recover()
        let (sourceReport, targetReport) = try await pair.sync.snapshots()
        let plan = try pair.sync.plan(
            source: sourceReport.snapshot, target: targetReport.snapshot, state: state,
            options: PlanOptions(now: Instant(Date()), matching: pair.sync.mapper.mapping.matching), isStrict: false)
        _ = try await pair.targetRequests()
        let report = try await pair.sync.apply(plan, state: state, options: ApplyOptions(concurrency: 4))
        withExtendedLifetime(lock) {}
        let requests = try await pair.targetRequests()
        let writes = requests.filter { $0["isWrite"] as? Bool == true }
        let lost = writes.count { $0["responseLost"] as? Bool == true }
        let rejected = writes.filter { ($0["status"] as? Int ?? 0) == 400 }
        #expect(lost > 0, "no answer was lost")
        #expect(rejected.isEmpty, "writes that reached the server without their body: \(rejected.count)")
        #expect(pair.target.cutShortRequestCount == 0, "writes sent again whose body never came")
        #expect(writes.count == report.writes, "received \(writes.count) writes for \(report.writes) journaled")
        #expect(report.isComplete, "\(report.failures)")
    }
}
