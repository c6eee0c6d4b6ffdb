import StatusSyncCore
import Synchronization

/// A provider account held in memory, for fast apply tests: writes change an ``AccountState`` the
/// way the provider would, with no HTTP and no emulator.
///
/// New entities get fresh numeric ids; an incident is created with its first update where the
/// provider's ``ProviderCapabilities/incidentCreatedWithFirstUpdate`` says so, and templates are
/// refused where it has none. It keeps the model only, not the provider's JSON, so
/// ``fetchAccount(since:progress:)`` is unsupported: plan from ``state`` instead.
package final class InMemoryProvider: StatusPageProvider {
    package let provider: ProviderID
    private let now: Instant
    private let storage: Mutex<(state: AccountState, nextID: Int, writes: [WriteOperation])>

    /// Creates an account holding `state`.
    ///
    /// - Parameters:
    ///   - state: What the account holds at first; its provider is the account's.
    ///   - now: The time a resolve, start or complete records.
    package init(_ state: AccountState, now: Instant) {
        self.provider = state.provider
        self.now = now
        self.storage = Mutex((state, 1000, []))
    }

    /// What the account holds now.
    package var state: AccountState { storage.withLock { $0.state } }

    /// Every write performed, in order.
    package var writes: [WriteOperation] { storage.withLock { $0.writes } }

    package func fetchAccount(since previous: PreviousFetch?, progress: FetchProgressHandler?) async throws
        -> FetchResult
    {
        throw ProviderError.unsupported(provider: provider, operation: "fetch an in-memory account's JSON")
    }

    package func read(_ kind: EntityKind) async throws -> ProviderListing {
        let all = state
        var only = AccountState(provider: provider)
        switch kind {
        case .group: only.groups = all.groups
        case .service: only.services = all.services
        case .phase: only.phases = all.phases
        case .incident, .incidentUpdate: only.incidents = all.incidents
        case .maintenance, .maintenanceUpdate: only.maintenances = all.maintenances
        case .incidentTemplate: only.incidentTemplates = all.incidentTemplates
        case .maintenanceTemplate: only.maintenanceTemplates = all.maintenanceTemplates
        }
        return ProviderListing(kind: kind, items: [], state: only)
    }

    package func incident(id: String) async throws -> IncidentRead? {
        state.incidents.first { $0.id == id }.map { IncidentRead(raw: .null, incident: $0) }
    }

    package func perform(_ operation: WriteOperation, notify: Bool) async throws -> WriteResult {
        let can = provider.capabilities
        return try storage.withLock { storage throws(ProviderError) -> WriteResult in
            storage.writes.append(operation)
            func newID() -> String {
                storage.nextID += 1
                return String(storage.nextID)
            }
            func missing(_ what: String, _ id: String) -> ProviderError {
                .invalidOperation(provider: provider, operation: operation.summary, reason: "no \(what) \(id)")
            }
            func incidentIndex(_ id: String) throws(ProviderError) -> Int {
                guard let index = storage.state.incidents.firstIndex(where: { $0.id == id }) else {
                    throw missing("incident", id)
                }
                return index
            }
            func maintenanceIndex(_ id: String) throws(ProviderError) -> Int {
                guard let index = storage.state.maintenances.firstIndex(where: { $0.id == id }) else {
                    throw missing("maintenance", id)
                }
                return index
            }
            switch operation {
            case .createGroup(var group):
                group.id = newID()
                storage.state.groups.append(group)
                return WriteResult(id: group.id, entity: .group(group))
            case .updateGroup(let group):
                try Self.replace(group, in: &storage.state.groups, id: \.id, missing: missing("group", group.id))
                return WriteResult(id: group.id, entity: .group(group))
            case .deleteGroup(let id):
                storage.state.groups.removeAll { $0.id == id }
                return WriteResult(id: id)
            case .createService(var service):
                service.id = newID()
                storage.state.services.append(service)
                return WriteResult(id: service.id, entity: .service(service))
            case .updateService(let service):
                try Self.replace(
                    service, in: &storage.state.services, id: \.id, missing: missing("service", service.id))
                return WriteResult(id: service.id, entity: .service(service))
            case .deleteService(let id):
                storage.state.services.removeAll { $0.id == id }
                return WriteResult(id: id)
            case .createIncidentPhase(var phase):
                guard can.fixedPhases == nil else {
                    throw .unsupported(provider: provider, operation: operation.summary)
                }
                phase.id = newID()
                storage.state.phases.append(phase)
                return WriteResult(id: phase.id ?? "", entity: .phase(phase))
            case .createIncident(var incident):
                incident.id = newID()
                incident.updates = can.incidentCreatedWithFirstUpdate ? Array(incident.updates.prefix(1)) : []
                for index in incident.updates.indices { incident.updates[index].id = newID() }
                storage.state.incidents.append(incident)
                return WriteResult(id: incident.id, entity: .incident(incident))
            case .updateIncident(var incident):
                guard can.incidentsAreMutable else {
                    throw .unsupported(provider: provider, operation: operation.summary)
                }
                let index = try incidentIndex(incident.id)
                incident.updates = storage.state.incidents[index].updates
                storage.state.incidents[index] = incident
                return WriteResult(id: incident.id, entity: .incident(incident))
            case .deleteIncident(let id):
                storage.state.incidents.removeAll { $0.id == id }
                return WriteResult(id: id)
            case .resolveIncident(let id, let message):
                let index = try incidentIndex(id)
                storage.state.incidents[index].endTime = now
                if let message {
                    storage.state.incidents[index].updates.append(
                        IncidentUpdate(id: newID(), time: now, phase: "Resolved", message: message))
                }
                return WriteResult(id: id, entity: .incident(storage.state.incidents[index]))
            case .createIncidentUpdate(let incidentID, var update):
                let index = try incidentIndex(incidentID)
                update.id = newID()
                storage.state.incidents[index].updates.append(update)
                return WriteResult(id: update.id, entity: .incidentUpdate(update))
            case .updateIncidentUpdate(let incidentID, let update):
                let index = try incidentIndex(incidentID)
                try Self.replace(
                    update, in: &storage.state.incidents[index].updates, id: \.id, missing: missing("update", update.id)
                )
                return WriteResult(id: update.id, entity: .incidentUpdate(update))
            case .deleteIncidentUpdate(let incidentID, let updateID):
                let index = try incidentIndex(incidentID)
                storage.state.incidents[index].updates.removeAll { $0.id == updateID }
                return WriteResult(id: updateID)
            case .createMaintenance(var maintenance):
                maintenance.id = newID()
                maintenance.updates = []
                storage.state.maintenances.append(maintenance)
                return WriteResult(id: maintenance.id, entity: .maintenance(maintenance))
            case .updateMaintenance(var maintenance):
                let index = try maintenanceIndex(maintenance.id)
                maintenance.updates = storage.state.maintenances[index].updates
                storage.state.maintenances[index] = maintenance
                return WriteResult(id: maintenance.id, entity: .maintenance(maintenance))
            case .deleteMaintenance(let id):
                storage.state.maintenances.removeAll { $0.id == id }
                return WriteResult(id: id)
            case .startMaintenance(let id, _):
                let index = try maintenanceIndex(id)
                storage.state.maintenances[index].startTime = now
                return WriteResult(id: id, entity: .maintenance(storage.state.maintenances[index]))
            case .completeMaintenance(let id, _):
                let index = try maintenanceIndex(id)
                storage.state.maintenances[index].endTime = now
                return WriteResult(id: id, entity: .maintenance(storage.state.maintenances[index]))
            case .createMaintenanceUpdate(let maintenanceID, var update):
                let index = try maintenanceIndex(maintenanceID)
                update.id = newID()
                storage.state.maintenances[index].updates.append(update)
                return WriteResult(id: update.id, entity: .maintenanceUpdate(update))
            case .updateMaintenanceUpdate(let maintenanceID, let update):
                let index = try maintenanceIndex(maintenanceID)
                try Self.replace(
                    update, in: &storage.state.maintenances[index].updates, id: \.id,
                    missing: missing("update", update.id))
                return WriteResult(id: update.id, entity: .maintenanceUpdate(update))
            case .deleteMaintenanceUpdate(let maintenanceID, let updateID):
                let index = try maintenanceIndex(maintenanceID)
                storage.state.maintenances[index].updates.removeAll { $0.id == updateID }
                return WriteResult(id: updateID)
            case .createIncidentTemplate(var template):
                guard can.hasTemplates else { throw .unsupported(provider: provider, operation: operation.summary) }
                template.id = newID()
                storage.state.incidentTemplates.append(template)
                return WriteResult(id: template.id, entity: .incidentTemplate(template))
            case .updateIncidentTemplate(let template):
                try Self.replace(
                    template, in: &storage.state.incidentTemplates, id: \.id, missing: missing("template", template.id))
                return WriteResult(id: template.id, entity: .incidentTemplate(template))
            case .deleteIncidentTemplate(let id):
                storage.state.incidentTemplates.removeAll { $0.id == id }
                return WriteResult(id: id)
            case .createMaintenanceTemplate(var template):
                guard can.hasTemplates else { throw .unsupported(provider: provider, operation: operation.summary) }
                template.id = newID()
                storage.state.maintenanceTemplates.append(template)
                return WriteResult(id: template.id, entity: .maintenanceTemplate(template))
            case .updateMaintenanceTemplate(let template):
                try Self.replace(
                    template, in: &storage.state.maintenanceTemplates, id: \.id,
                    missing: missing("template", template.id))
                return WriteResult(id: template.id, entity: .maintenanceTemplate(template))
            case .deleteMaintenanceTemplate(let id):
                storage.state.maintenanceTemplates.removeAll { $0.id == id }
                return WriteResult(id: id)
            }
        }
    }

    /// Replaces the element whose id is `value`'s, or throws `missing`.
    private static func replace<Element>(
        _ value: Element, in list: inout [Element], id: KeyPath<Element, String>, missing: ProviderError
    ) throws(ProviderError) {
        guard let index = list.firstIndex(where: { $0[keyPath: id] == value[keyPath: id] }) else { throw missing }
        list[index] = value
    }
}
