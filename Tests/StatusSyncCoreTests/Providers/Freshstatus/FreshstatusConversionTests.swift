import Foundation
import StatusSyncCore
import Testing

@Suite struct FreshstatusConversionTests {
    private func page<T: Decodable & Sendable>(_ type: T.Type, _ fixture: String) throws -> Freshstatus.Page<T> {
        try JSONCoding.makeDecoder().decode(Freshstatus.Page<T>.self, from: Fixture.data(fixture))
    }

    @Test func readsTheReferenceServicesInEveryVariant() throws {
        let page = try page(Freshstatus.Service.self, "freshstatus/services-page.json")
        #expect(page.next == "https://public-api.freshstatus.io/api/v1/services/?page=2")
        let state = try AccountState(Freshstatus.AccountData(services: page.results))
        #expect(
            state.services[0]
                == Service(
                    id: "1", name: "Service name", description: "Service description", position: 0, groupID: "1",
                    status: .partialOutage))
        // A string id, a bare group id, a boolean display option and no status.
        #expect(
            state.services[1] == Service(id: "2", name: "Standalone", position: 1, groupID: "7", status: .operational))
    }

    @Test func readsTheReferenceIncidentWithItsTimelineInOrder() throws {
        let page = try page(Freshstatus.Incident.self, "freshstatus/incidents-page.json")
        let incident = try AccountState(Freshstatus.AccountData(incidents: page.results)).incidents[0]
        #expect(incident.title == "Incident title")
        #expect(incident.startTime.iso8601 == "2021-01-30T05:40:00Z")
        #expect(incident.endTime?.iso8601 == "2021-01-31T05:40:00Z")
        #expect(incident.visibility == .published)
        #expect(
            incident.affected == [
                AffectedService(serviceID: "1", status: .majorOutage),
                AffectedService(serviceID: "2", status: .degradedPerformance),
            ])
        #expect(incident.updates.map(\.id) == ["10", "11"])
        #expect(incident.updates[0].time.iso8601 == "2020-10-09T06:45:53Z")
        #expect(incident.updates[0].visibility == .private)
        #expect(incident.updates[0].phase == "Investigating")
        #expect(incident.updates[1].time.iso8601 == "2021-01-31T05:40:00Z")
    }

    @Test func readsTheReferenceMaintenanceWithOffsetsAndStringFlags() throws {
        let page = try page(Freshstatus.Maintenance.self, "freshstatus/maintenance-page.json")
        let maintenance = try AccountState(Freshstatus.AccountData(maintenances: page.results)).maintenances[0]
        #expect(maintenance.endTime.iso8601 == "2021-01-31T05:40:00Z")
        #expect(maintenance.startsAutomatically)
        #expect(!maintenance.endsAutomatically)
        #expect(maintenance.affected.allSatisfy { $0.status == .underMaintenance })
        #expect(maintenance.updates.map(\.phase) == ["In progress"])
    }

    @Test func rejectsAnUnknownStatusNamingTheEntity() throws {
        let incident = try JSONCoding.makeDecoder().decode(
            Freshstatus.Incident.self,
            from: Data(
                #"{"id":5,"title":"x","start_time":"2021-01-30T05:40:00Z","affected_components":[{"component":"1","new_status":"XX"}]}"#
                    .utf8))
        #expect(throws: ConversionError.unknownStatus(provider: .freshstatus, entity: "incident 5", value: "XX")) {
            try AccountState(Freshstatus.AccountData(incidents: [incident]))
        }
    }

    @Test func losesNothingTheModelHoldsOnTheWayOutAndBack() throws {
        let t0 = Instant(secondsSince1970: 1_700_000_000)
        let state = AccountState(
            provider: .freshstatus,
            groups: [
                ServiceGroup(id: "1", name: "Core", description: "d", position: 2),
                ServiceGroup(id: "2", name: "Sub", parentID: "1"),
            ],
            services: [
                Service(
                    id: "3", name: "Login ✓", description: "s", position: 1, groupID: "2", status: .underMaintenance)
            ],
            phases: [
                IncidentPhase(id: "1", name: "Investigating", order: 1),
                IncidentPhase(id: "2", name: "Resolved", order: 2),
            ],
            incidents: [
                Incident(
                    id: "4", title: "障害", description: "x", startTime: t0, endTime: t0.adding(seconds: 60),
                    visibility: .private,
                    affected: [AffectedService(serviceID: "3", status: .partialOutage)],
                    updates: [
                        IncidentUpdate(id: "5", time: t0, phase: "Investigating", message: "🔥", visibility: .private),
                        IncidentUpdate(id: "6", time: t0.adding(seconds: 60), phase: "Resolved", message: "ok"),
                    ])
            ],
            maintenances: [
                Maintenance(
                    id: "7", title: "DB", body: "b", startTime: t0, endTime: t0.adding(seconds: 600),
                    affected: [AffectedService(serviceID: "3", status: .underMaintenance)],
                    updates: [MaintenanceUpdate(id: "8", time: t0, phase: "Scheduled", message: "m")],
                    startsAutomatically: false, endsAutomatically: true)
            ])
        let wire = Freshstatus.AccountData(state)
        let json = try JSONCoding.makeEncoder().encode(wire)
        let back = try AccountState(JSONCoding.makeDecoder().decode(Freshstatus.AccountData.self, from: json))
        #expect(back == state)
    }
}
