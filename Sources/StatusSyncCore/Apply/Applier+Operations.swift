import Foundation

// A planned change as the provider call that makes it, its keys resolved to target ids.
extension Applier {
    /// Resolves a key to its target id, or fails the change when it has none (what it needs was not written).
    func resolve(_ key: String?, for change: PlannedChange) throws -> String? {
        guard let key else { return nil }
        guard let id = targetID(key) else { throw ApplyError.unresolved(key: change.key, reference: key) }
        return id
    }

    func resolve(_ affected: [AffectedService], for change: PlannedChange) throws -> [AffectedService] {
        try affected.map { AffectedService(serviceID: try resolve($0.serviceID, for: change) ?? "", status: $0.status) }
    }

    /// The write operation for a create (no `targetID`), an update or an adoption's update.
    func operation(for change: PlannedChange, targetID: String?) throws -> WriteOperation {
        let isCreate = targetID == nil
        switch change.payload {
        case .group(var group)?:
            group.id = targetID ?? ""
            group.parentID = try resolve(group.parentID, for: change)
            return isCreate ? .createGroup(group) : .updateGroup(group)
        case .service(var service)?:
            service.id = targetID ?? ""
            service.groupID = try resolve(service.groupID, for: change)
            return isCreate ? .createService(service) : .updateService(service)
        case .phase(let phase)?:
            return .createIncidentPhase(IncidentPhase(name: phase.name, order: phase.order))
        case .incident(var incident)?:
            incident.id = targetID ?? ""
            incident.affected = try resolve(incident.affected, for: change)
            incident.updates = try incident.updates.map { update in
                var update = update
                update.serviceStatuses = try update.serviceStatuses.map { try resolve($0, for: change) }
                return update
            }
            return isCreate ? .createIncident(incident) : .updateIncident(incident)
        case .incidentUpdate(var update)?:
            guard let parent = try resolve(change.parentKey, for: change) else {
                throw ApplyError.missingTarget(key: change.key)
            }
            update.id = targetID ?? ""
            update.serviceStatuses = try update.serviceStatuses.map { try resolve($0, for: change) }
            return isCreate
                ? .createIncidentUpdate(incidentID: parent, update) : .updateIncidentUpdate(incidentID: parent, update)
        case .maintenance(var maintenance)?:
            maintenance.id = targetID ?? ""
            maintenance.affected = try resolve(maintenance.affected, for: change)
            maintenance.updates = []
            return isCreate ? .createMaintenance(maintenance) : .updateMaintenance(maintenance)
        case .maintenanceUpdate(var update)?:
            guard let parent = try resolve(change.parentKey, for: change) else {
                throw ApplyError.missingTarget(key: change.key)
            }
            update.id = targetID ?? ""
            return isCreate
                ? .createMaintenanceUpdate(maintenanceID: parent, update)
                : .updateMaintenanceUpdate(maintenanceID: parent, update)
        case .incidentTemplate(var template)?:
            template.id = targetID ?? ""
            template.serviceStatuses = try resolve(template.serviceStatuses, for: change)
            return isCreate ? .createIncidentTemplate(template) : .updateIncidentTemplate(template)
        case .maintenanceTemplate(var template)?:
            template.id = targetID ?? ""
            template.serviceStatuses = try resolve(template.serviceStatuses, for: change)
            return isCreate ? .createMaintenanceTemplate(template) : .updateMaintenanceTemplate(template)
        case nil:
            throw ApplyError.missingPayload(key: change.key)
        }
    }

    func deleteOperation(for change: PlannedChange) throws -> WriteOperation {
        guard let id = change.targetID else { throw ApplyError.missingTarget(key: change.key) }
        switch change.kind {
        case .group: return .deleteGroup(id: id)
        case .service: return .deleteService(id: id)
        case .incident: return .deleteIncident(id: id)
        case .maintenance: return .deleteMaintenance(id: id)
        case .incidentTemplate: return .deleteIncidentTemplate(id: id)
        case .maintenanceTemplate: return .deleteMaintenanceTemplate(id: id)
        case .incidentUpdate:
            guard let parent = targetID(change.parentKey) else { throw ApplyError.missingTarget(key: change.key) }
            return .deleteIncidentUpdate(incidentID: parent, updateID: id)
        case .maintenanceUpdate:
            guard let parent = targetID(change.parentKey) else { throw ApplyError.missingTarget(key: change.key) }
            return .deleteMaintenanceUpdate(maintenanceID: parent, updateID: id)
        case .phase:
            throw ApplyError.missingPayload(key: change.key)
        }
    }
}
