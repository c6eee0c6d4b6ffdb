import Foundation
import StatusSyncCore
import Testing

@Suite struct ModelTests {
    @Test func tiesEveryProviderCodeToOneCanonicalStatus() {
        #expect(ComponentStatus.vocabulary(of: .freshstatus) == ["OP", "UM", "PD", "PO", "MO"])
        #expect(ComponentStatus.vocabulary(of: .statushub) == ["up", "degraded-performance", "down"])
        for provider in ProviderID.allCases {
            for code in ComponentStatus.vocabulary(of: provider) {
                let status = ComponentStatus(code: code, provider: provider)
                #expect(status?.code(for: provider) == code)
            }
        }
        #expect(ComponentStatus(code: "PO", provider: .statushub) == nil)
        #expect(ComponentStatus(code: "up", provider: .freshstatus) == nil)
        #expect(ComponentStatus.partialOutage.code(for: .statushub) == nil)
    }

    @Test func worstStatusWins() {
        #expect([ComponentStatus.degradedPerformance, .majorOutage, .operational].max() == .majorOutage)
        #expect(ComponentStatus.underMaintenance > .operational)
        #expect(ComponentStatus.partialOutage > .degradedPerformance)
    }

    @Test func keepsTimelinesOldestFirstAndAffectedServicesSorted() throws {
        let t0 = try #require(Instant(iso8601: "2026-01-01T00:00:00Z"))
        let incident = Incident(
            id: "1", title: "Outage", startTime: t0,
            affected: [
                AffectedService(serviceID: "9", status: .majorOutage),
                AffectedService(serviceID: "10", status: .degradedPerformance),
            ],
            updates: [
                IncidentUpdate(id: "b", time: t0.adding(seconds: 60), phase: "Resolved", message: "fixed"),
                IncidentUpdate(id: "a", time: t0, phase: "Investigating", message: "looking"),
                IncidentUpdate(id: "c", time: t0.adding(seconds: 60), phase: "Resolved", message: "same second, later"),
            ])
        #expect(incident.updates.map(\.id) == ["a", "b", "c"])
        #expect(incident.affected.map(\.serviceID) == ["10", "9"])
        #expect(incident.isOpen)
    }

    @Test func roundTripsAnAccountThroughJSONExactly() throws {
        let t0 = try #require(Instant(iso8601: "2026-01-01T00:00:00Z"))
        let state = AccountState(
            provider: .freshstatus,
            groups: [ServiceGroup(id: "1", name: "Core"), ServiceGroup(id: "2", name: "API ✓", parentID: "1")],
            services: [Service(id: "3", name: "Login", groupID: "2", status: .partialOutage)],
            phases: [IncidentPhase(id: "1", name: "Investigating", order: 1)],
            incidents: [
                Incident(
                    id: "4", title: "Login 障害 🔥", startTime: t0, endTime: t0.adding(seconds: 3600),
                    visibility: .private,
                    affected: [AffectedService(serviceID: "3", status: .partialOutage)],
                    updates: [IncidentUpdate(id: "5", time: t0, phase: "Investigating", message: "we look")])
            ],
            maintenances: [
                Maintenance(
                    id: "6", title: "DB", startTime: t0, endTime: t0.adding(seconds: 60),
                    updates: [MaintenanceUpdate(id: "7", time: t0, phase: "Scheduled", message: "soon")])
            ],
            incidentTemplates: [IncidentTemplate(id: "8", title: "Slow", phase: "investigating")],
            maintenanceTemplates: [MaintenanceTemplate(id: "9", title: "Patch", durationMinutes: 30)])
        let data = try JSONCoding.makeEncoder().encode(state)
        #expect(try JSONCoding.makeDecoder().decode(AccountState.self, from: data) == state)
    }
}
