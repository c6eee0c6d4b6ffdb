import Foundation
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// Downtime by StatusHub's documented rules, on hand-built timelines, and against the emulator's uptime endpoint.
@Suite struct UptimeTests {
    static let statusHubRule = DowntimeRule(downStatuses: [.majorOutage])
    static let window = TimeSpan(start: 0, end: 1000)

    static func at(_ seconds: Int64) -> Instant { Instant(secondsSince1970: seconds) }

    /// A Freshstatus-style incident: one status per service from start to end.
    static func incident(
        _ id: String, _ start: Int64, _ end: Int64?, _ statuses: [String: ComponentStatus],
        visibility: Visibility = .published
    ) -> Incident {
        Incident(
            id: id, title: id, startTime: at(start), endTime: end.map(at), visibility: visibility,
            affected: statuses.map { AffectedService(serviceID: $0.key, status: $0.value) })
    }

    /// A StatusHub-style incident: each update sets the statuses of the services it names.
    static func timeline(_ id: String, _ updates: [(Int64, [String: ComponentStatus])], end: Int64?) -> Incident {
        var entries = updates.enumerated().map { index, update in
            IncidentUpdate(
                id: "\(id)-\(index)", time: at(update.0), phase: "investigating", message: "",
                serviceStatuses: update.1.map { AffectedService(serviceID: $0.key, status: $0.value) })
        }
        if let end { entries.append(IncidentUpdate(id: "\(id)-end", time: at(end), phase: "resolved", message: "")) }
        return Incident(id: id, title: id, startTime: at(updates[0].0), endTime: end.map(at), updates: entries)
    }

    static func downtime(_ state: AccountState, _ services: [String], until: Int64 = 1000) -> Int64 {
        DowntimeTimeline(state, rule: statusHubRule, until: at(until)).downtime(of: services, in: window)
    }

    @Test func overlappingEventsCountOnceAndOnlyDownCounts() {
        let state = AccountState(
            provider: .statushub,
            incidents: [
                Self.incident("a", 0, 100, ["s": .majorOutage]), Self.incident("b", 50, 150, ["s": .majorOutage]),
                Self.incident("c", 0, 900, ["s": .degradedPerformance]),
            ])
        #expect(Self.downtime(state, ["s"]) == 150)
    }

    @Test func theWorstStatusWinsWhenATimelineChangesAndOverlaps() {
        // down 0-60, degraded 60-120, down 120-200; another incident has it down 80-100.
        let state = AccountState(
            provider: .statushub,
            incidents: [
                Self.timeline(
                    "a", [(0, ["s": .majorOutage]), (60, ["s": .degradedPerformance]), (120, ["s": .majorOutage])],
                    end: 200),
                Self.incident("b", 80, 100, ["s": .majorOutage]),
            ])
        #expect(Self.downtime(state, ["s"]) == 60 + 20 + 80)
    }

    @Test func anOpenIncidentLastsUntilTheEndOfTheWindow() {
        let state = AccountState(provider: .statushub, incidents: [Self.incident("a", 400, nil, ["s": .majorOutage])])
        #expect(Self.downtime(state, ["s"], until: 1000) == 600)
        #expect(Self.downtime(state, ["s"], until: 700) == 300)
    }

    @Test func maintenancesCountByTheirStatusAndDraftsDoNot() {
        let state = AccountState(
            provider: .statushub,
            incidents: [Self.incident("draft", 0, 500, ["s": .majorOutage], visibility: .draft)],
            maintenances: [
                Maintenance(
                    id: "m", title: "m", startTime: Self.at(100), endTime: Self.at(250),
                    affected: [AffectedService(serviceID: "s", status: .majorOutage)]),
                Maintenance(
                    id: "n", title: "n", startTime: Self.at(300), endTime: Self.at(400),
                    affected: [AffectedService(serviceID: "s", status: .degradedPerformance)]),
            ])
        #expect(Self.downtime(state, ["s"]) == 150)
    }

    @Test func aGroupIsDownWhileAnyOfItsServicesIs() {
        // The reference's example: one service always up, one down for the first half, one for the second: 0%.
        let state = AccountState(
            provider: .statushub,
            incidents: [
                Self.incident("a", 0, 500, ["b": .majorOutage]), Self.incident("c", 500, 1000, ["c": .majorOutage]),
            ])
        #expect(Self.downtime(state, ["a", "b", "c"]) == 1000)
        #expect(UptimeParity.Row.percent(downtime: Self.downtime(state, ["a", "b", "c"]), window: 1000) == 0)
        #expect(Self.downtime(state, ["a"]) == 0)
    }

    @Test func onlyTheWindowCounts() {
        let state = AccountState(
            provider: .statushub,
            incidents: [
                Self.incident("before", -500, 0, ["s": .majorOutage]),
                Self.incident("edge", -50, 50, ["s": .majorOutage]),
                Self.incident("after", 990, 1200, ["s": .majorOutage]),
            ])
        #expect(Self.downtime(state, ["s"]) == 50 + 10)
    }

    @Test func theMappingSaysWhichFreshstatusCodesAreDown() throws {
        let root = MappingLoaderTests.repositoryRoot
        let forward = try MappingLoader.load(
            path: root.appendingPathComponent("mappings/freshstatus-to-statushub.json").path)
        let backward = try MappingLoader.load(
            path: root.appendingPathComponent("mappings/statushub-to-freshstatus.json").path)
        #expect(DowntimeRule.forSide(.freshstatus, mapping: forward).downStatuses == [.majorOutage, .underMaintenance])
        #expect(DowntimeRule.forSide(.statushub, mapping: forward).downStatuses == [.majorOutage])
        #expect(DowntimeRule.forSide(.freshstatus, mapping: backward).codes(for: .freshstatus) == "MO")
        let state = AccountState(
            provider: .freshstatus,
            incidents: [
                Self.incident("a", 0, 100, ["s": .partialOutage]),
                Self.incident("b", 200, 300, ["s": .underMaintenance]),
            ])
        let rule = DowntimeRule.forSide(.freshstatus, mapping: forward)
        #expect(DowntimeTimeline(state, rule: rule, until: Self.at(1000)).downtime(of: ["s"], in: Self.window) == 100)
    }

    static let seed = """
        {"hub": "acme-status",
         "groups": [{"id": 1, "name": "Core", "position": 1}],
         "services": [{"id": 5, "name": "Login", "position": 1, "group_id": 1},
                      {"id": 6, "name": "API", "position": 2, "group_id": 1},
                      {"id": 7, "name": "Docs", "position": 3, "group_id": null}],
         "incidents": [
           {"id": 40, "title": "Login down", "state": "published",
            "incident_updates": [
              {"id": 400, "title": "Login down", "body": "a", "start_time": "2026-01-01T23:00:00Z", "incident_type": "investigating",
               "state": "published", "service_statuses": [{"service_id": 5, "status": "down"}]},
              {"id": 401, "title": "Login down", "body": "b", "start_time": "2026-01-02T01:00:00Z", "incident_type": "identified",
               "state": "published", "service_statuses": [{"service_id": 5, "status": "degraded-performance"}, {"service_id": 6, "status": "down"}]},
              {"id": 402, "title": "Login down", "body": "c", "start_time": "2026-01-02T03:30:00Z", "incident_type": "resolved",
               "state": "published"}]},
           {"id": 41, "title": "API flaky", "state": "published",
            "incident_updates": [
              {"id": 410, "title": "API flaky", "body": "a", "start_time": "2026-01-02T02:00:00Z", "incident_type": "investigating",
               "state": "published", "service_statuses": [{"service_id": 6, "status": "down"}]},
              {"id": 411, "title": "API flaky", "body": "b", "start_time": "2026-01-02T05:00:00Z", "incident_type": "resolved",
               "state": "published"}]},
           {"id": 42, "title": "Docs draft", "state": "draft",
            "incident_updates": [
              {"id": 420, "title": "Docs draft", "body": "a", "start_time": "2026-01-03T00:00:00Z", "incident_type": "investigating",
               "state": "draft", "service_statuses": [{"service_id": 7, "status": "down"}]}]},
           {"id": 43, "title": "Docs open", "state": "published",
            "incident_updates": [
              {"id": 430, "title": "Docs open", "body": "a", "start_time": "2026-01-04T12:00:00Z", "incident_type": "investigating",
               "state": "published", "service_statuses": [{"service_id": 7, "status": "down"}]}]}],
         "maintenances": [
           {"id": 50, "title": "DB", "body": "x", "start_time": "2026-01-03T10:00:00Z", "end_time": "2026-01-03T11:00:00Z",
            "state": "published", "service_statuses": [{"service_id": 5, "status": "down"}]}],
         "incident_templates": [], "maintenance_templates": []}
        """

    @Test func theEmulatorsUptimeEndpointAgreesWithTheTimelineToTheSecond() async throws {
        var options = EmulatorOptions(provider: .statushub)
        options.seed = Data(Self.seed.utf8)
        options.rateLimits = .unlimited
        let emulator = try Emulator(options: options)
        try emulator.start()
        defer { emulator.stop() }
        let client = EmulatedPair.client(emulator, account: "hub")
        let fetched = try await client.fetchAccount(previous: nil, progress: nil)
        let state = try ProviderData.state(from: fetched.data, provider: .statushub)
        guard let reporter = client as? any UptimeReporting else {
            Issue.record("the StatusHub client reads no uptime")
            return
        }
        let start = Instant(iso8601: "2026-01-01T12:00:00Z") ?? Self.at(0)
        let end = Instant(iso8601: "2026-01-05T00:00:00Z") ?? Self.at(0)
        let timeline = DowntimeTimeline(state, rule: Self.statusHubRule, until: end)
        let window = TimeSpan(start, end)
        let cases: [(UptimeScope, [String], Int64)] = [
            (.service("5"), ["5"], 2 * 3600 + 3600),  // down 23:00-01:00, then the maintenance 10:00-11:00
            (.service("6"), ["6"], 4 * 3600),  // down 01:00-03:30 and 02:00-05:00: 01:00-05:00
            (.service("7"), ["7"], 12 * 3600),  // the draft does not count; the open incident runs to the end
            (.group("1"), ["5", "6"], 6 * 3600 + 3600),  // 23:00-05:00 and the maintenance
            (.page, ["5", "6", "7"], 7 * 3600 + 12 * 3600),
        ]
        for (scope, services, expected) in cases {
            let figure = try await reporter.uptime(of: scope, from: start, to: end, perDay: true)
            #expect(timeline.downtime(of: services, in: window) == expected, "\(scope)")
            #expect(figure.downtimeSeconds == expected, "\(scope)")
            #expect(figure.days.count == 4)
            #expect(figure.days.reduce(0) { $0 + $1.downtimeSeconds } == expected, "\(scope)")
        }
        let daily = try await reporter.uptime(of: .service("5"), from: start, to: end, perDay: true)
        #expect(daily.days.map(\.date) == ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"])
        #expect(daily.days.map(\.downtimeSeconds) == [3600, 3600, 3600, 0])
    }
}
