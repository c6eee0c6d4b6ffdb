import Foundation
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// Apply, move the clock, plan again: nothing may be left, because every desired value is a pure
/// function of the source snapshot and the mapping, never of the time the plan is made.
@Suite struct ClockConvergenceTests {
    /// The present of the first cycle: 2026-06-01T12:00:00Z, inside the seeds' current maintenance.
    static let start = Date(timeIntervalSince1970: 1_780_315_200)

    /// Past, current and future maintenances; a resolved and an open incident, with descriptions.
    static let freshstatusSeed = """
        {"subdomain": "acme",
         "groups": [{"id": 1, "name": "Platform", "description": "", "order": 1, "parent": null}],
         "services": [{"id": 10, "name": "Login", "description": "Sign-in", "order": 1, "group": 1},
                      {"id": 11, "name": "API", "description": "", "order": 2, "group": 1}],
         "incident_statuses": [{"id": 1, "value": "Investigating", "order": 1}, {"id": 2, "value": "Identified", "order": 2},
                               {"id": 3, "value": "Monitoring", "order": 3}, {"id": 4, "value": "Resolved", "order": 4}],
         "incidents": [
           {"id": 100, "title": "Login outage", "description": "Users cannot sign in.",
            "start_time": "2026-01-01T00:00:00Z", "end_time": "2026-01-01T01:00:00Z", "is_private": false,
            "affected_components": [{"component": "10", "new_status": "MO"}],
            "incident_updates": [
              {"id": 1001, "message": "Looking into it", "time": "2026-01-01T00:00:00Z", "incident_status": "Investigating", "is_private": false},
              {"id": 1002, "message": "Fixed", "time": "2026-01-01T01:00:00Z", "incident_status": "Resolved", "is_private": false}]},
           {"id": 101, "title": "API slow", "description": "Latency is up.", "start_time": "2026-05-30T00:00:00Z",
            "end_time": null, "is_private": false,
            "affected_components": [{"component": "11", "new_status": "PO"}],
            "incident_updates": [
              {"id": 1011, "message": "", "time": "2026-05-30T00:00:00Z", "incident_status": "Investigating", "is_private": false},
              {"id": 1012, "message": "Found a bad deploy", "time": "2026-05-30T01:00:00Z", "incident_status": "Identified", "is_private": false}]},
           {"id": 102, "title": "Login errors", "description": "", "start_time": "2026-04-01T00:00:00Z",
            "end_time": "2026-04-01T02:00:00Z", "is_private": false,
            "affected_components": [{"component": "10", "new_status": "PD"}],
            "incident_updates": [
              {"id": 1021, "message": "Errors are down", "time": "2026-04-01T00:10:00Z", "incident_status": "Monitoring", "is_private": false}]}],
         "maintenances": [
           {"id": 200, "title": "Database upgrade", "description": "Planned", "start_time": "2026-03-01T00:00:00Z",
            "end_time": "2026-03-01T02:00:00Z", "is_auto_start": true, "is_auto_end": true, "is_private": false,
            "affected_components": [{"component": "10", "new_status": "UM"}],
            "maintenance_updates": [{"id": 2001, "message": "Starting", "time": "2026-03-01T00:00:00Z",
                                     "maintenance_status": "In progress", "is_private": false}]},
           {"id": 201, "title": "Network work", "description": "Short interruptions", "start_time": "2026-06-01T10:00:00Z",
            "end_time": "2026-06-01T16:00:00Z", "is_auto_start": true, "is_auto_end": true, "is_private": false,
            "affected_components": [{"component": "11", "new_status": "UM"}],
            "maintenance_updates": [{"id": 2011, "message": "Under way", "time": "2026-06-01T10:00:00Z",
                                     "maintenance_status": "In progress", "is_private": false}]},
           {"id": 202, "title": "Kernel patching", "description": "Rolling restarts", "start_time": "2026-07-01T00:00:00Z",
            "end_time": "2026-07-01T02:00:00Z", "is_auto_start": true, "is_auto_end": true, "is_private": false,
            "affected_components": [{"component": "10", "new_status": "UM"}],
            "maintenance_updates": [{"id": 2021, "message": "Scheduled for July", "time": "2026-05-20T09:00:00Z",
                                     "maintenance_status": "Scheduled", "is_private": false}]},
           {"id": 203, "title": "Storage move", "description": "", "start_time": "2026-08-01T00:00:00Z",
            "end_time": "2026-08-01T04:00:00Z", "is_auto_start": true, "is_auto_end": true, "is_private": false,
            "affected_components": [{"component": "11", "new_status": "UM"}], "maintenance_updates": []}]}
        """

    /// The same shape on StatusHub: maintenances with and without `created_at`.
    static let statusHubSeed = """
        {"hub": "acme-status",
         "groups": [{"id": 1, "name": "Platform", "position": 1}],
         "services": [{"id": 5, "name": "Login", "description": "Sign-in", "position": 1, "group_id": 1},
                      {"id": 6, "name": "API", "description": "", "position": 2, "group_id": 1}],
         "incidents": [
           {"id": 40, "title": "Login down", "start_time": "2026-01-05T00:00:00Z", "end_time": "2026-01-05T00:30:00Z",
            "state": "published", "service_ids": [5],
            "incident_updates": [
              {"id": 400, "title": "Login down", "body": "Users cannot sign in.", "start_time": "2026-01-05T00:00:00Z",
               "incident_type": "investigating", "state": "published", "service_statuses": [{"service_id": 5, "status": "down"}]},
              {"id": 401, "title": "Login down", "body": "Resolved", "start_time": "2026-01-05T00:30:00Z",
               "incident_type": "resolved", "state": "published"}]},
           {"id": 41, "title": "API slow", "start_time": "2026-05-30T00:00:00Z", "end_time": null,
            "state": "published", "service_ids": [6],
            "incident_updates": [
              {"id": 410, "title": "API slow", "body": "Looking", "start_time": "2026-05-30T00:00:00Z",
               "incident_type": "identified", "state": "published",
               "service_statuses": [{"service_id": 6, "status": "degraded-performance"}]}]}],
         "maintenances": [
           {"id": 50, "title": "DB upgrade", "body": "Planned work", "start_time": "2026-03-05T00:00:00Z",
            "end_time": "2026-03-05T01:00:00Z", "state": "published", "service_statuses": [{"service_id": 5, "status": "down"}]},
           {"id": 51, "title": "Network work", "body": "Short interruptions", "start_time": "2026-06-01T10:00:00Z",
            "end_time": "2026-06-01T16:00:00Z", "state": "published", "created_at": "2026-05-25T08:00:00Z",
            "service_statuses": [{"service_id": 6, "status": "degraded-performance"}]},
           {"id": 52, "title": "Kernel patching", "body": "Rolling restarts", "start_time": "2026-07-01T00:00:00Z",
            "end_time": "2026-07-01T02:00:00Z", "state": "published", "created_at": "2026-05-20T09:00:00Z",
            "service_statuses": [{"service_id": 5, "status": "down"}]},
           {"id": 53, "title": "Storage move", "body": "", "start_time": "2026-08-01T00:00:00Z",
            "end_time": "2026-08-01T04:00:00Z", "state": "published",
            "service_statuses": [{"service_id": 6, "status": "down"}]}],
         "incident_templates": [], "maintenance_templates": []}
        """

    /// An incident the source dates in the future, in each source's shape.
    static let futureIncident: [ProviderID: String] = [
        .freshstatus: """
        {"id": 109, "title": "Announced outage", "description": "Heads-up", "start_time": "2026-06-20T00:00:00Z",
         "end_time": null, "is_private": false, "affected_components": [{"component": "10", "new_status": "PD"}],
         "incident_updates": [{"id": 1091, "message": "Expect errors", "time": "2026-06-20T00:00:00Z",
                               "incident_status": "Investigating", "is_private": false}]},
        """,
        .statushub: """
        {"id": 49, "title": "Announced outage", "start_time": "2026-06-20T00:00:00Z", "end_time": null,
         "state": "published", "service_ids": [5],
         "incident_updates": [{"id": 490, "title": "Announced outage", "body": "Expect errors",
                               "start_time": "2026-06-20T00:00:00Z", "incident_type": "investigating",
                               "state": "published", "service_statuses": [{"service_id": 5, "status": "down"}]}]},
        """,
    ]

    @Test(arguments: [ProviderID.freshstatus, .statushub])
    func aFreshstatusTargetTakesFutureIncidentsAtOnceAndStaysConverged(from: ProviderID) async throws {
        let clock = ManualEmulatorClock(start: Self.start)
        let seed = (from == .freshstatus ? Self.freshstatusSeed : Self.statusHubSeed)
            .replacingOccurrences(of: "\"incidents\": [", with: "\"incidents\": [" + (Self.futureIncident[from] ?? ""))
        let pair = try EmulatedPair(from: from, to: .freshstatus, sourceSeed: Data(seed.utf8), clock: clock.clock)
        let options = ApplyOptions(
            concurrency: 4, time: TimeSource(now: { clock.now }, sleep: { try await Task.sleep(for: $0) }))

        let first = try await pair.cycle(options: options, now: Instant(clock.now))
        #expect(first.report.isComplete, "\(first.report.failures)")
        #expect(first.plan.changes.contains { $0.kind == .incident && $0.label == "Announced outage" })
        #expect(!first.plan.diagnostics.contains { $0.message.contains("future") })

        clock.advance(by: 30 * 86_400)
        let again = try await pair.cycle(options: options, now: Instant(clock.now))
        #expect(again.plan.isEmpty, "\(PlanRenderer.text(again.plan))")
    }

    @Test(arguments: [
        (ProviderID.freshstatus, ProviderID.statushub), (.statushub, .freshstatus), (.freshstatus, .freshstatus),
        (.statushub, .statushub),
    ])
    func applyThenMoveTheClockThenPlanAgainIsEmpty(from: ProviderID, to: ProviderID) async throws {
        let clock = ManualEmulatorClock(start: Self.start)
        let seed = Data((from == .freshstatus ? Self.freshstatusSeed : Self.statusHubSeed).utf8)
        let pair = try EmulatedPair(from: from, to: to, sourceSeed: seed, clock: clock.clock)
        let time = TimeSource(now: { clock.now }, sleep: { try await Task.sleep(for: $0) })
        let options = ApplyOptions(concurrency: 4, time: time)

        let first = try await pair.cycle(options: options, now: Instant(clock.now))
        #expect(first.report.isComplete, "\(first.report.failures)")
        #expect(first.report.writes == first.plan.writeCalls)

        // An hour later the current maintenance is still on; forty days later every window has passed.
        for seconds in [3_600.0, 40 * 86_400.0] {
            clock.advance(by: seconds)
            try await pair.clearTargetRequests()
            let again = try await pair.cycle(options: options, now: Instant(clock.now))
            #expect(again.plan.isEmpty, "after \(Int(seconds)) s: \(PlanRenderer.text(again.plan))")
            let writes = try await pair.targetRequests().filter { $0["isWrite"] as? Bool == true }
            #expect(writes.isEmpty, "after \(Int(seconds)) s: \(writes.count) write(s)")
        }
    }

    /// The opening update's body on the target, per source incident key, as the first plan writes it.
    static func openingBodies(_ plan: Plan) -> [String: String] {
        var bodies: [String: String] = [:]
        for change in plan.changes {
            if case .incident(let incident)? = change.payload {
                bodies[change.key] =
                    plan.target.provider == .statushub ? incident.updates.first?.message : incident.description
            }
        }
        return bodies
    }

    @Test func freshstatusDescriptionsReachStatusHubAndStayConverged() async throws {
        let clock = ManualEmulatorClock(start: Self.start)
        let pair = try EmulatedPair(
            from: .freshstatus, to: .statushub, sourceSeed: Data(Self.freshstatusSeed.utf8), clock: clock.clock)
        let first = try await pair.cycle(now: Instant(clock.now))
        #expect(first.report.isComplete, "\(first.report.failures)")
        let bodies = Self.openingBodies(first.plan)
        #expect(bodies["incident:100"] == "Users cannot sign in.\n\nLooking into it")
        #expect(bodies["incident:101"] == "Latency is up.")
        #expect(!first.plan.diagnostics.contains { $0.message.contains("description") })

        clock.advance(by: 3_600)
        let again = try await pair.cycle(now: Instant(clock.now))
        #expect(again.plan.isEmpty, "\(PlanRenderer.text(again.plan))")
    }

    @Test func droppedDescriptionsAreWarnedAndStayConverged() async throws {
        let pair = try EmulatedPair(
            from: .freshstatus, to: .statushub, sourceSeed: Data(Self.freshstatusSeed.utf8),
            adjustMapping: { $0.carry.incidentDescription = .drop })
        let first = try await pair.cycle()
        #expect(first.report.isComplete, "\(first.report.failures)")
        #expect(Self.openingBodies(first.plan)["incident:100"] == "Looking into it")
        let warned = first.plan.diagnostics.filter { $0.message.contains("carry.incidentDescription is drop") }
        #expect(warned.map(\.key) == ["incident:100", "incident:101"])
        #expect(try await pair.cycle().plan.isEmpty)
    }

    @Test func theOpeningStatusHubBodyBecomesTheFreshstatusDescriptionWhenAsked() async throws {
        let pair = try EmulatedPair(
            from: .statushub, to: .freshstatus, sourceSeed: Data(Self.statusHubSeed.utf8),
            adjustMapping: { $0.carry.incidentDescription = .openingUpdate })
        let first = try await pair.cycle()
        #expect(first.report.isComplete, "\(first.report.failures)")
        let bodies = Self.openingBodies(first.plan)
        #expect(bodies["incident:40"] == "Users cannot sign in.")
        #expect(bodies["incident:41"] == "Looking")
        #expect(try await pair.cycle().plan.isEmpty)
    }
}
