import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `serve`'s light and full reconciles, end to end over HTTP against the emulators, with no webhook: every change
/// is one a webhook missed.
@Suite struct LightReconcileTests {
    static let cycles = #"statussync_cycles_total{pair="migrate"}"#

    /// A Freshstatus seed with `old` resolved incidents that started a month ago and more (ids from 1000, updates
    /// from 5000) and `recent` resolved ones of the last hours (ids from 3000, updates from 7000); the old ones
    /// in `open` are still open.
    static func seed(old: Int, recent: Int, open: Set<Int> = [], now: Date = Date()) -> String {
        func time(_ date: Date) -> String { UTCInstant.format(date) }
        func incident(id: Int, update: Int, start: Date) -> String {
            let end = open.contains(id) ? "null" : "\"\(time(start.addingTimeInterval(600)))\""
            return """
                {"id": \(id), "title": "Incident \(id)", "description": "", "start_time": "\(time(start))",
                 "end_time": \(end), "is_private": false,
                 "affected_components": [{"component": "10", "new_status": "MO"}],
                 "incident_updates": [
                   {"id": \(update), "message": "Looking", "time": "\(time(start))", "incident_status": "Investigating"},
                   {"id": \(update + 1), "message": "Fixed", "time": "\(time(start.addingTimeInterval(600)))", "incident_status": "Resolved"}]}
                """
        }
        let month = now.addingTimeInterval(-30 * 24 * 3600)
        var items: [String] = []
        for index in 0..<recent {
            let start = now.addingTimeInterval(-Double(index + 1) * 3600)
            items.append(incident(id: 3000 + index, update: 7000 + 2 * index, start: start))
        }
        for index in 0..<old {
            let start = month.addingTimeInterval(-Double(index) * 3600)
            items.append(incident(id: 1000 + index, update: 5000 + 2 * index, start: start))
        }
        return """
            {"subdomain": "acme", "groups": [], "services": [{"id": 10, "name": "Login", "order": 1}],
             "incident_statuses": [{"id": 1, "value": "Investigating", "order": 1}, {"id": 4, "value": "Resolved", "order": 4}],
             "incidents": [\(items.joined(separator: ","))], "maintenances": []}
            """
    }

    /// The bodies of the target's incident updates.
    static func targetBodies(_ workspace: LiveWorkspace) -> [String] {
        TargetedSyncTests.targetItems(workspace, "incidents").flatMap {
            ($0["incident_updates"] as? [[String: Any]] ?? []).compactMap { $0["body"] as? String }
        }
    }

    /// The log's `cycle done (...): writes=N` lines after `offset` characters, as (reason, writes).
    static func cyclesDone(_ text: String, after offset: Int) -> [(reason: String, writes: Int)] {
        String(text.dropFirst(offset)).matches(of: #/cycle done \(([^)]*)\): writes=([0-9]+)/#).map {
            (String($0.1), Int($0.2) ?? 0)
        }
    }

    @Test func aMissedChangeToARecentIncidentIsCarriedByALightReconcileThatReadsOnlyTheFirstPage() async throws {
        let workspace = try LiveWorkspace(sourceSeed: Self.seed(old: 150, recent: 3))
        let serve = try await RunningServe(workspace, arguments: ["--reconcile", "1s", "--full-reconcile", "1h"])
        try await waitUntil("the start cycle ends", seconds: 300) { try await serve.metric(Self.cycles) ?? 0 >= 1 }
        #expect(TargetedSyncTests.targetItems(workspace, "incidents").count == 153)

        // Light reconciles: the small lists and the incident list's first page, which reaches a month-old incident.
        let before = try await serve.metric(Self.cycles) ?? 0
        _ = try await workspace.takeRequests(of: workspace.source)
        try await waitUntil("three more cycles end") { try await serve.metric(Self.cycles) ?? 0 >= before + 3 }
        let requests = try await workspace.takeRequests(of: workspace.source)
        let done = Int((try await serve.metric(Self.cycles) ?? 0) - before)
        #expect(requests.allSatisfy { $0.method == "GET" })
        #expect(!requests.contains { $0.path.contains("page=") }, "only first pages: \(requests.map(\.path))")
        // groups, services, incident statuses, maintenances, incidents: five a cycle, and one cycle may be in flight.
        #expect(requests.count <= (done + 1) * 5, "\(requests.count) calls for \(done) cycles")
        #expect(requests.count >= (done - 1) * 5, "\(requests.count) calls for \(done) cycles")

        // A note of a recent incident edited with no webhook: the next light reconcile carries it.
        try await TargetedSyncTests.sourceWrite(
            workspace, "PATCH", "incident-updates/7000/", #"{"message": "Looking, edited unseen"}"#)
        try await waitUntil("the edit reaches the target") {
            Self.targetBodies(workspace).contains("Looking, edited unseen")
        }
        #expect(serve.output.text.contains("cycle started (reconcile): recent incidents only"))
        #expect(!serve.output.text.contains("full reconcile"), "no full reconcile ran: \(serve.output.text)")
        #expect(try await serve.stop() == .success)
    }

    @Test func aMissedChangeToAnOldIncidentWaitsForTheFullReconcile() async throws {
        let workspace = try LiveWorkspace(sourceSeed: Self.seed(old: 40, recent: 2))
        // A full reconcile every 30 ticks of 1 s, light ones between: enough that light cycles run between two full
        // ones even when a loaded machine stretches each cycle past its tick. Incident 1030 is on page 4.
        let serve = try await RunningServe(workspace, arguments: ["--reconcile", "1s", "--full-reconcile", "30s"])
        try await waitUntil("a full reconcile ends", seconds: 300) {
            serve.output.text.contains("cycle done (full reconcile)")
        }
        let offset = serve.output.text.count
        try await TargetedSyncTests.sourceWrite(
            workspace, "PATCH", "incident-updates/5060/", #"{"message": "Looking, edited a month later"}"#)
        try await waitUntil("the edit reaches the target", seconds: 300) {
            Self.targetBodies(workspace).contains("Looking, edited a month later")
        }
        try await waitUntil("the cycle that carried it is logged") {
            Self.cyclesDone(serve.output.text, after: offset).contains { $0.writes > 0 }
        }
        let done = Self.cyclesDone(serve.output.text, after: offset)
        let carrying = try #require(done.firstIndex { $0.writes > 0 }, "\(done)")
        #expect(done[carrying].reason == "full reconcile", "\(done)")
        let light = done[..<carrying].filter { $0.reason == "reconcile" }
        #expect(!light.isEmpty && light.allSatisfy { $0.writes == 0 }, "light reconciles saw nothing: \(done)")
        #expect(try await serve.stop() == .success)
    }

    @Test func aLightReconcileReadsOldOpenIncidentsAndReadsOnWhenTheCountChanges() async throws {
        let workspace = try LiveWorkspace(sourceSeed: Self.seed(old: 40, recent: 2, open: [1030]))
        let serve = try await RunningServe(workspace, arguments: ["--reconcile", "1s", "--full-reconcile", "1h"])
        try await waitUntil("the start cycle ends", seconds: 300) { try await serve.metric(Self.cycles) ?? 0 >= 1 }
        _ = try await workspace.takeRequests(of: workspace.source)

        // A note on a month-old incident still open (page 4): read on its own by the light reconcile.
        let now = UTCInstant.format(Date())
        try await TargetedSyncTests.sourceWrite(
            workspace, "POST", "incident-updates/",
            #"{"incident": 1030, "message": "Still on it", "incident_status": "Investigating", "time": "\#(now)"}"#)
        try await waitUntil("the note reaches the target") { Self.targetBodies(workspace).contains("Still on it") }
        let reads = try await workspace.takeRequests(of: workspace.source).map(\.path)
        #expect(reads.contains("/api/v1/incidents/1030/"), "\(reads)")
        #expect(!reads.contains { $0.contains("page=") }, "\(reads)")

        // An incident entered with an old start time lands beyond the first page: the count tells, the rest is read.
        let old = UTCInstant.format(Date().addingTimeInterval(-90 * 24 * 3600))
        try await TargetedSyncTests.sourceWrite(
            workspace, "POST", "incidents/",
            #"{"title": "Backfilled", "description": "d", "start_time": "\#(old)", "affected_components": [{"component": "10", "new_status": "MO"}]}"#
        )
        try await waitUntil("the backfilled incident reaches the target") {
            TargetedSyncTests.targetItems(workspace, "incidents").contains { $0["title"] as? String == "Backfilled" }
        }
        let pages = try await workspace.takeRequests(of: workspace.source).map(\.path)
        #expect(pages.contains { $0.contains("page=5") }, "\(pages)")
        #expect(!serve.output.text.contains("full reconcile"), "no full reconcile ran: \(serve.output.text)")
        #expect(try await serve.stop() == .success)
    }
}
