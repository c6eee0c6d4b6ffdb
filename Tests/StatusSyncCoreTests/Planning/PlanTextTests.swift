import Foundation
import StatusSyncCore
import Testing

/// The text plan tells apart two incidents of the same title (their start and services), explains
/// its signs in one line, and colours each line by what it does.
@Suite struct PlanTextTests {
    static func twoOutages() throws -> Plan {
        let start = Instant(secondsSince1970: 1_767_225_600)  // 2026-01-01 00:00 UTC
        let source = AccountState(
            provider: .freshstatus,
            services: [
                Service(id: "1", name: "Login", position: 1), Service(id: "2", name: "API", position: 2),
            ],
            incidents: [
                Incident(
                    id: "7", title: "Outage", startTime: start,
                    affected: [AffectedService(serviceID: "1", status: .majorOutage)], updates: []),
                Incident(
                    id: "8", title: "Outage", startTime: start.adding(seconds: 86_400),
                    affected: [
                        AffectedService(serviceID: "1", status: .partialOutage),
                        AffectedService(serviceID: "2", status: .majorOutage),
                    ], updates: []),
            ])
        return try PlanReviewTests.plan(source: source, target: AccountState(provider: .statushub))
    }

    @Test func twoIncidentsOfTheSameTitleAreToldApartByTheirStartAndServices() throws {
        let lines = PlanRenderer.text(try Self.twoOutages()).split(separator: "\n").map(String.init)
        let outages = lines.filter { $0.contains("incident \"Outage\"") }
        #expect(
            outages == [
                "  + incident \"Outage\" (2026-01-01 00:00 UTC, 1 update), affects \"Login\"",
                "  + incident \"Outage\" (2026-01-02 00:00 UTC, 1 update), affects \"Login\", \"API\"",
            ], "\(lines)")
        #expect(lines[2] == PlanRenderer.legend)
        #expect(PlanRenderer.legend == "(+ create, ~ update, = adopt an existing entity, - delete)")
    }

    @Test func anUpdatedIncidentCarriesItsStartAndServicesToo() throws {
        var plan = try Self.twoOutages()
        let index = try #require(plan.changes.firstIndex { $0.kind == .incident })
        plan.changes[index].action = .update
        plan.changes[index].targetID = "99"
        let text = PlanRenderer.text(plan)
        #expect(
            text.contains("  ~ incident \"Outage\" (2026-01-01 00:00 UTC, affects \"Login\") [statushub 99]"), "\(text)"
        )
    }

    @Test func eachLineIsColouredByWhatItDoes() throws {
        let palette = PlanRenderer.Palette(
            create: { "<green>\($0)" }, update: { "<yellow>\($0)" }, adopt: { "<cyan>\($0)" },
            delete: { "<red>\($0)" }, warning: { $0 })
        var plan = try Self.twoOutages()
        plan.changes.append(
            PlannedChange(action: .delete, kind: .service, key: "service:old", targetID: "s3", label: "Old"))
        let text = PlanRenderer.text(plan, palette: palette)
        #expect(text.contains("<green>  + incident \"Outage\""))
        #expect(text.contains("<red>  - service \"Old\""))
        #expect(!PlanRenderer.text(plan).contains("<"))
    }
}
