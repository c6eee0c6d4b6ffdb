import Foundation

// Settling a write whose answer was lost: reading the target for what it may have made.
extension Applier {
    /// Looks for an entity whose create may have happened, by its natural key; returns its id.
    func settle(_ change: PlannedChange) async throws -> String? {
        switch change.payload {
        case .group(let group)?:
            return try await target.read(.group).state.groups.first {
                $0.name == group.name && !isLinked($0.id, .group)
            }?.id
        case .service(let service)?:
            return try await target.read(.service).state.services
                .first { $0.name == service.name && !isLinked($0.id, .service) }?.id
        case .phase(let phase)?:
            return try await target.read(.phase).state.phases.first { $0.name == phase.name }?.id
        case .incident(let incident)?:
            return try await target.read(.incident).state.incidents
                .first {
                    $0.title == incident.title && $0.startTime == incident.startTime && !isLinked($0.id, .incident)
                }?.id
        case .incidentUpdate(let update)?:
            guard let parent = targetID(change.parentKey),
                let incident = try await target.incident(id: parent)?.incident
            else { return nil }
            return incident.updates.first {
                $0.time == update.time && $0.phase == update.phase && !isLinked($0.id, .incidentUpdate)
            }?.id
        case .maintenance(let maintenance)?:
            return try await target.read(.maintenance).state.maintenances
                .first {
                    $0.title == maintenance.title && $0.startTime == maintenance.startTime
                        && !isLinked($0.id, .maintenance)
                }?.id
        case .maintenanceUpdate(let update)?:
            guard let parent = targetID(change.parentKey) else { return nil }
            let maintenance = try await target.read(.maintenance).state.maintenances.first { $0.id == parent }
            return maintenance?.updates
                .first { $0.time == update.time && $0.phase == update.phase && !isLinked($0.id, .maintenanceUpdate) }?
                .id
        case .incidentTemplate(let template)?:
            return try await target.read(.incidentTemplate).state.incidentTemplates
                .first { $0.title == template.title && !isLinked($0.id, .incidentTemplate) }?.id
        case .maintenanceTemplate(let template)?:
            return try await target.read(.maintenanceTemplate).state.maintenanceTemplates
                .first { $0.title == template.title && !isLinked($0.id, .maintenanceTemplate) }?.id
        case nil:
            return nil
        }
    }
}
