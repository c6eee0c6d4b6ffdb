import Foundation
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// Every write operation against the emulators over real HTTP, read back through the same client.
@Suite struct WriteRoundTripTests {
    private let past = Instant(iso8601: "2025-06-01T10:00:00Z") ?? Instant(secondsSince1970: 0)

    private func at(_ minutes: Int64) -> Instant { past.adding(seconds: minutes * 60) }

    @Test func statusHubWritesReadBackAsSent() async throws {
        let emulator = try EmulatorHarness.start(.statushub, seed: EmulatorHarness.statusHubSeed(incidents: 2))
        defer { emulator.stop() }
        let client = EmulatorHarness.client(for: emulator, transport: EmulatorHarness.stack(for: emulator))

        let group = try await client.perform(.createGroup(ServiceGroup(id: "", name: "Edge", position: 7))).id
        _ = try await client.perform(.updateGroup(ServiceGroup(id: group, name: "Edge network", position: 8)))
        let groups = try await client.read(.group).state.groups
        #expect(groups.first { $0.id == group }.map { ($0.name, $0.position) } ?? ("", 0) == ("Edge network", 8))

        let service = try await client.perform(
            .createService(Service(id: "", name: "CDN", description: "Static files", position: 9, groupID: group))
        ).id
        var services = try await client.read(.service).state.services
        #expect(services.first { $0.id == service }?.groupID == group)
        _ = try await client.perform(.updateService(Service(id: service, name: "CDN 2", description: "x", position: 9)))
        services = try await client.read(.service).state.services
        let updatedService = try #require(services.first { $0.id == service })
        #expect((updatedService.name, updatedService.description, updatedService.groupID) == ("CDN 2", "x", nil))

        let down = [AffectedService(serviceID: service, status: .majorOutage)]
        let opening = IncidentUpdate(
            id: "", time: at(0), phase: "investigating", message: "Looking", title: "CDN down", serviceStatuses: down)
        let created = try await client.perform(
            .createIncident(Incident(id: "", title: "CDN down", startTime: at(0), affected: down, updates: [opening])))
        let incident = created.id
        guard case .incident(let answered) = created.entity else {
            Issue.record("no incident in the answer")
            return
        }
        #expect(answered.updates.map(\.message) == ["Looking"])
        let degraded = [AffectedService(serviceID: service, status: .degradedPerformance)]
        var monitoring = IncidentUpdate(
            id: "", time: at(10), phase: "monitoring", message: "Better", title: "CDN slow", serviceStatuses: degraded)
        monitoring.id = try await client.perform(.createIncidentUpdate(incidentID: incident, monitoring)).id
        monitoring.message = "Much better"
        _ = try await client.perform(.updateIncidentUpdate(incidentID: incident, monitoring))
        let resolved = IncidentUpdate(id: "", time: at(20), phase: "resolved", message: "Fixed", title: "CDN fixed")
        _ = try await client.perform(.createIncidentUpdate(incidentID: incident, resolved))
        var read = try #require(try await client.incident(id: incident)?.incident)
        #expect(read.updates.map(\.phase) == ["investigating", "monitoring", "resolved"])
        #expect(read.updates.map(\.message) == ["Looking", "Much better", "Fixed"])
        #expect(read.updates[1].serviceStatuses == degraded)
        #expect(read.endTime == at(20))
        _ = try await client.perform(.deleteIncidentUpdate(incidentID: incident, updateID: monitoring.id))
        read = try #require(try await client.incident(id: incident)?.incident)
        #expect(read.updates.count == 2)
        await #expect(throws: ProviderError.self) { _ = try await client.perform(.updateIncident(read)) }

        var maintenance = Maintenance(
            id: "", title: "Upgrade", body: "Planned", startTime: at(60), endTime: at(120), affected: down)
        maintenance.id = try await client.perform(.createMaintenance(maintenance)).id
        maintenance.body = "Planned, twice"
        _ = try await client.perform(.updateMaintenance(maintenance))
        let maintenances = try await client.read(.maintenance).state.maintenances
        let readMaintenance = try #require(maintenances.first { $0.id == maintenance.id })
        #expect(readMaintenance.body == "Planned, twice")
        #expect(readMaintenance.affected == down)
        #expect((readMaintenance.startTime, readMaintenance.endTime) == (at(60), at(120)))

        var template = IncidentTemplate(
            id: "", title: "Slow", body: "We see delays", phase: "identified", serviceStatuses: degraded)
        template.id = try await client.perform(.createIncidentTemplate(template)).id
        template.body = "We see long delays"
        _ = try await client.perform(.updateIncidentTemplate(template))
        #expect(
            try await client.read(.incidentTemplate).state.incidentTemplates.first { $0.id == template.id } == template)
        var window = MaintenanceTemplate(id: "", title: "Patch", body: "Patching", durationMinutes: 30)
        window.id = try await client.perform(.createMaintenanceTemplate(window)).id
        window.durationMinutes = 45
        _ = try await client.perform(.updateMaintenanceTemplate(window))
        #expect(
            try await client.read(.maintenanceTemplate).state.maintenanceTemplates.first { $0.id == window.id }
                == window)

        for operation in [
            WriteOperation.deleteMaintenanceTemplate(id: window.id), .deleteIncidentTemplate(id: template.id),
            .deleteMaintenance(id: maintenance.id), .deleteIncident(id: incident), .deleteService(id: service),
            .deleteGroup(id: group),
        ] {
            _ = try await client.perform(operation)
        }
        #expect(try await client.incident(id: incident) == nil)
        let after = try await client.fetchAccount(previous: nil, progress: nil)
        #expect(
            after.counts == [
                "groups": 2, "services": 4, "incidents": 2, "maintenances": 2, "incident_templates": 1,
                "maintenance_templates": 1,
            ])
        await #expect(
            throws: ProviderError.notFound(
                method: .delete, path: "/api/v3/hubs/acme-status/groups/\(group)?api_version=V3-R1")
        ) { _ = try await client.perform(.deleteGroup(id: group)) }
    }

    @Test func freshstatusWritesReadBackAsSent() async throws {
        let emulator = try EmulatorHarness.start(.freshstatus, seed: EmulatorHarness.freshstatusSeed(incidents: 2))
        defer { emulator.stop() }
        let client = EmulatorHarness.client(for: emulator, transport: EmulatorHarness.stack(for: emulator))

        var group = ServiceGroup(id: "", name: "Edge", description: "Outer", position: 4)
        group.id = try await client.perform(.createGroup(group)).id
        group.parentID = "1"
        group.name = "Edge network"
        _ = try await client.perform(.updateGroup(group))
        #expect(try await client.read(.group).state.groups.first { $0.id == group.id } == group)

        var service = Service(id: "", name: "CDN", description: "Static", position: 3, groupID: group.id)
        service.id = try await client.perform(.createService(service)).id
        service.description = "Static files"
        _ = try await client.perform(.updateService(service))
        #expect(try await client.read(.service).state.services.first { $0.id == service.id } == service)

        let phase = try await client.perform(.createIncidentPhase(IncidentPhase(name: "Mitigated", order: 9)))
        #expect(try await client.read(.phase).state.phases.contains { $0.id == phase.id && $0.name == "Mitigated" })

        let affected = [AffectedService(serviceID: service.id, status: .partialOutage)]
        var incident = Incident(
            id: "", title: "CDN down", description: "Edge nodes", startTime: at(0), visibility: .private,
            affected: affected)
        incident.id = try await client.perform(.createIncident(incident)).id
        incident.title = "CDN degraded"
        incident.endTime = at(30)
        incident.visibility = .published
        _ = try await client.perform(.updateIncident(incident))
        var update = IncidentUpdate(id: "", time: at(5), phase: "Investigating", message: "Looking")
        update.id = try await client.perform(.createIncidentUpdate(incidentID: incident.id, update)).id
        update.message = "Looking hard"
        update.phase = "Mitigated"
        _ = try await client.perform(.updateIncidentUpdate(incidentID: incident.id, update))
        var read = try #require(try await client.incident(id: incident.id)?.incident)
        #expect(read.title == "CDN degraded")
        #expect(read.description == "Edge nodes")
        #expect((read.startTime, read.endTime, read.visibility) == (at(0), at(30), .published))
        #expect(read.affected == affected)
        #expect(read.updates == [update])
        _ = try await client.perform(.deleteIncidentUpdate(incidentID: incident.id, updateID: update.id))
        read = try #require(try await client.incident(id: incident.id)?.incident)
        #expect(read.updates.isEmpty)

        let open = try await client.perform(
            .createIncident(Incident(id: "", title: "Open", startTime: at(0), affected: affected))
        ).id
        _ = try await client.perform(.resolveIncident(id: open, message: "All good"))
        let resolved = try #require(try await client.incident(id: open)?.incident)
        #expect(resolved.endTime != nil)
        #expect(resolved.updates.map(\.message) == ["All good"])

        let tomorrow = Instant(Date()).adding(seconds: 86_400)
        var maintenance = Maintenance(
            id: "", title: "Upgrade", body: "Planned", startTime: tomorrow, endTime: tomorrow.adding(seconds: 3600),
            affected: [AffectedService(serviceID: service.id, status: .underMaintenance)], startsAutomatically: false,
            endsAutomatically: false)
        maintenance.id = try await client.perform(.createMaintenance(maintenance)).id
        maintenance.body = "Planned, twice"
        _ = try await client.perform(.updateMaintenance(maintenance))
        var note = MaintenanceUpdate(id: "", time: at(0), phase: "Scheduled", message: "Heads up")
        note.id = try await client.perform(.createMaintenanceUpdate(maintenanceID: maintenance.id, note)).id
        note.message = "Heads up, again"
        _ = try await client.perform(.updateMaintenanceUpdate(maintenanceID: maintenance.id, note))
        var maintenances = try await client.read(.maintenance).state.maintenances
        var readMaintenance = try #require(maintenances.first { $0.id == maintenance.id })
        #expect(readMaintenance.body == "Planned, twice")
        #expect(readMaintenance.updates == [note])
        #expect(readMaintenance.affected == maintenance.affected)
        #expect(!readMaintenance.startsAutomatically)
        _ = try await client.perform(.deleteMaintenanceUpdate(maintenanceID: maintenance.id, updateID: note.id))
        _ = try await client.perform(.startMaintenance(id: maintenance.id, message: "Starting"))
        _ = try await client.perform(.completeMaintenance(id: maintenance.id, message: "Done"))
        maintenances = try await client.read(.maintenance).state.maintenances
        readMaintenance = try #require(maintenances.first { $0.id == maintenance.id })
        #expect(readMaintenance.updates.map(\.message) == ["Starting", "Done"])
        #expect(readMaintenance.endTime < tomorrow)

        for operation in [
            WriteOperation.deleteMaintenance(id: maintenance.id), .deleteIncident(id: open),
            .deleteIncident(id: incident.id), .deleteService(id: service.id), .deleteGroup(id: group.id),
        ] {
            _ = try await client.perform(operation)
        }
        let after = try await client.fetchAccount(previous: nil, progress: nil)
        #expect(
            after.counts == ["groups": 2, "services": 4, "incident_statuses": 5, "incidents": 2, "maintenances": 2])
    }

    @Test func aLostCreateIsOutcomeUnknownAndTheTargetHoldsIt() async throws {
        let emulator = try EmulatorHarness.start(.statushub, seed: EmulatorHarness.statusHubSeed(incidents: 1)) {
            $0.loseResponseRate = 1
        }
        defer { emulator.stop() }
        let client = EmulatorHarness.client(
            for: emulator, transport: EmulatorHarness.stack(for: emulator, timeout: .seconds(3)))
        do {
            _ = try await client.perform(.createGroup(ServiceGroup(id: "", name: "Lost", position: 3)))
            Issue.record("expected the answer to be lost")
        } catch let error as ProviderError {
            #expect(error.isOutcomeUnknown)
        }
        // Settling by reading the target: the group exists, exactly once.
        #expect(try await client.read(.group).state.groups.filter { $0.name == "Lost" }.count == 1)
    }
}
