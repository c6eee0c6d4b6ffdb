import Foundation
import StatusSyncCore
import Testing

@Suite struct StatusHubConversionTests {
    @Test func readsAnIncidentDetailWithStatusesFromItsUpdates() throws {
        let wire = try JSONCoding.makeDecoder().decode(
            StatusHub.Incident.self, from: Fixture.data("statushub/incident-detail.json"))
        let state = try AccountState(StatusHub.AccountData(incidents: [wire]))
        let incident = state.incidents[0]
        #expect(state.phases.map(\.name) == ["investigating", "identified", "monitoring", "resolved"])
        #expect(incident.updates.map(\.id) == ["501", "502"])
        #expect(incident.updates.map(\.phase) == ["investigating", "resolved"])
        #expect(incident.updates[0].serviceStatuses?.count == 2)
        #expect(incident.updates[1].serviceStatuses == nil)
        #expect(
            incident.affected == [
                AffectedService(serviceID: "7", status: .degradedPerformance),
                AffectedService(serviceID: "9", status: .majorOutage),
            ])
        #expect(incident.endTime?.iso8601 == "2026-03-01T11:30:00Z")
        #expect(incident.updatedAt?.iso8601 == "2026-03-01T11:30:05Z")
    }

    /// An ended incident's services carry the worst status it gave them, an open one's the latest.
    @Test(arguments: [(true, ComponentStatus.majorOutage), (false, .degradedPerformance)])
    func anIncidentsServicesCarryTheWorstStatusOnceItEnded(ended: Bool, expected: ComponentStatus) throws {
        func update(_ id: Int, _ minute: Int, _ type: String, _ status: String) -> String {
            #"{"id":\#(id),"start_time":"2026-03-01T10:\#(minute)0:00Z","incident_type":"\#(type)","#
                + #""service_statuses":[{"service_id":7,"status":"\#(status)"}]}"#
        }
        let updates =
            [update(1, 0, "investigating", "down"), update(2, 1, "monitoring", "degraded-performance")]
            + (ended ? [update(3, 2, "resolved", "up")] : [])
        let json =
            #"{"id":5,"title":"API down","start_time":"2026-03-01T10:00:00Z","#
            + (ended ? #""end_time":"2026-03-01T10:20:00Z","# : "")
            + #""service_ids":[7],"incident_updates":[\#(updates.joined(separator: ","))]}"#
        let wire = try JSONCoding.makeDecoder().decode(StatusHub.Incident.self, from: Data(json.utf8))
        let incident = try Incident(wire)
        #expect(incident.affected == [AffectedService(serviceID: "7", status: expected)])
    }

    @Test func readsServicesAndMaintenances() throws {
        let decoder = JSONCoding.makeDecoder()
        let services = try decoder.decode(
            StatusHub.Page<StatusHub.Service>.self, from: Fixture.data("statushub/services-page.json"))
        #expect(services.meta?.totalPages == 1)
        let maintenances = try decoder.decode(
            StatusHub.Page<StatusHub.Maintenance>.self, from: Fixture.data("statushub/maintenances-page.json"))
        #expect(maintenances.meta == nil)
        let state = try AccountState(StatusHub.AccountData(services: services.data, maintenances: maintenances.data))
        #expect(state.services.map(\.status) == [.degradedPerformance, .majorOutage])
        #expect(state.services[1].groupID == nil)
        #expect(state.maintenances[0].visibility == .draft)
        #expect(state.maintenances[0].affected == [AffectedService(serviceID: "9", status: .majorOutage)])
    }

    @Test func rejectsUnknownStatusesAndStates() throws {
        let decoder = JSONCoding.makeDecoder()
        let service = try decoder.decode(
            StatusHub.Service.self, from: Data(#"{"id":1,"name":"x","status":"partial"}"#.utf8))
        #expect(throws: ConversionError.unknownStatus(provider: .statushub, entity: "service 1", value: "partial")) {
            try AccountState(StatusHub.AccountData(services: [service]))
        }
        let maintenance = try decoder.decode(
            StatusHub.Maintenance.self,
            from: Data(
                #"{"id":2,"title":"m","start_time":"2026-01-01T00:00:00Z","end_time":"2026-01-01T01:00:00Z","state":"hidden"}"#
                    .utf8))
        #expect(throws: ConversionError.unknownState(provider: .statushub, entity: "maintenance 2", value: "hidden")) {
            try AccountState(StatusHub.AccountData(maintenances: [maintenance]))
        }
    }

    @Test func losesNothingTheModelHoldsOnTheWayOutAndBack() throws {
        let t0 = Instant(secondsSince1970: 1_700_000_000)
        let state = AccountState(
            provider: .statushub,
            groups: [ServiceGroup(id: "1", name: "Core", position: 2)],
            services: [
                Service(
                    id: "3", name: "Login", description: "s", position: 1, groupID: "1", status: .degradedPerformance)
            ],
            phases: IncidentPhase.statusHubTypes,
            incidents: [
                Incident(
                    id: "4", title: "Slow ✓", startTime: t0, endTime: t0.adding(seconds: 60), visibility: .draft,
                    affected: [AffectedService(serviceID: "3", status: .degradedPerformance)],
                    updates: [
                        IncidentUpdate(
                            id: "5", time: t0, phase: "investigating", message: "<p>x</p>", title: "Slow ✓",
                            visibility: .draft,
                            serviceStatuses: [AffectedService(serviceID: "3", status: .degradedPerformance)]),
                        IncidentUpdate(
                            id: "6", time: t0.adding(seconds: 60), phase: "resolved", message: "ok", title: "Slow ✓",
                            visibility: .draft),
                    ], updatedAt: t0.adding(seconds: 61))
            ],
            maintenances: [
                Maintenance(
                    id: "7", title: "DB", body: "b", startTime: t0, endTime: t0.adding(seconds: 600),
                    visibility: .unconfirmed,
                    affected: [AffectedService(serviceID: "3", status: .majorOutage)], updatedAt: t0)
            ],
            incidentTemplates: [
                IncidentTemplate(
                    id: "8", title: "T", body: "b", phase: "identified",
                    serviceStatuses: [AffectedService(serviceID: "3", status: .majorOutage)])
            ],
            maintenanceTemplates: [MaintenanceTemplate(id: "9", title: "M", body: "b", durationMinutes: 45)])
        let wire = StatusHub.AccountData(state)
        let json = try JSONCoding.makeEncoder().encode(wire)
        let back = try AccountState(JSONCoding.makeDecoder().decode(StatusHub.AccountData.self, from: json))
        #expect(back == state)
    }
}
