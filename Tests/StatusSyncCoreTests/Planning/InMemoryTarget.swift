import StatusSyncCore

/// Applies planned changes to an in-memory target the way a provider stores them, for planner tests:
/// new target ids, references resolved through the links, a StatusHub incident created with its first update.
struct InMemoryTarget {
    var state: AccountState
    var links: PairState
    private var nextID = 1000

    init(_ state: AccountState, links: PairState = PairState(pair: "p")) {
        self.state = state
        self.links = links
    }

    mutating func newID() -> String {
        nextID += 1
        return String(nextID)
    }

    func target(_ key: String?) -> String? { key.flatMap { links.links[$0]?.targetID } }

    mutating func link(
        _ key: String, _ kind: EntityKind, _ id: String, parent: String? = nil, origin: LinkOrigin = .created
    ) {
        links.links[key] = Link(
            kind: kind, targetID: id, origin: origin, parentKey: parent, updatedAt: Instant(secondsSince1970: 0))
    }

    func resolved(_ affected: [AffectedService]) -> [AffectedService] {
        affected.map { AffectedService(serviceID: target($0.serviceID) ?? "?", status: $0.status) }
    }

    mutating func apply(_ plan: Plan) {
        for change in plan.changes { apply(change) }
    }

    mutating func apply(_ change: PlannedChange) {
        let id = change.action == .create ? newID() : (change.targetID ?? "?")
        if change.action == .delete {
            state.groups.removeAll { $0.id == id && change.kind == .group }
            state.services.removeAll { $0.id == id && change.kind == .service }
            state.incidents.removeAll { $0.id == id && change.kind == .incident }
            links.links[change.key] = nil
            return
        }
        link(
            change.key, change.kind, id, parent: change.parentKey, origin: change.action == .adopt ? .adopted : .created
        )
        switch change.payload {
        case .group(var group)?:
            group.id = id
            group.parentID = target(group.parentID)
            state.groups.removeAll { $0.id == id }
            state.groups.append(group)
        case .service(var service)?:
            service.id = id
            service.groupID = target(service.groupID)
            state.services.removeAll { $0.id == id }
            state.services.append(service)
        case .phase(var phase)?:
            phase.id = id
            if !state.phases.contains(where: { $0.name == phase.name }) { state.phases.append(phase) }
        case .incident(var incident)?:
            let existing = state.incidents.first { $0.id == id }
            incident.id = id
            incident.affected = resolved(incident.affected)
            if state.provider == .statushub {
                if let existing {
                    incident.updates = existing.updates
                } else if var first = incident.updates.first {
                    let updateID = newID()
                    link(first.id, .incidentUpdate, updateID, parent: change.key)
                    first.id = updateID
                    first.serviceStatuses = first.serviceStatuses.map(resolved)
                    incident.updates = [first]
                }
                incident.endTime = incident.updates.last { $0.phase == "resolved" }?.time
            } else {
                incident.updates = existing?.updates ?? []
            }
            state.incidents.removeAll { $0.id == id }
            state.incidents.append(incident)
        case .incidentUpdate(var update)?:
            guard let parent = target(change.parentKey),
                let index = state.incidents.firstIndex(where: { $0.id == parent })
            else { return }
            update.id = id
            update.serviceStatuses = update.serviceStatuses.map(resolved)
            var updates = state.incidents[index].updates.filter { $0.id != id }
            updates.append(update)
            state.incidents[index].updates = updates.sortedByTime()
            if state.provider == .statushub {
                state.incidents[index].endTime = updates.last { $0.phase == "resolved" }?.time
                if let statuses = update.serviceStatuses { state.incidents[index].affected = statuses }
            }
        case .maintenance(var maintenance)?:
            maintenance.id = id
            maintenance.affected = resolved(maintenance.affected)
            maintenance.updates = state.maintenances.first { $0.id == id }?.updates ?? []
            state.maintenances.removeAll { $0.id == id }
            state.maintenances.append(maintenance)
        case .maintenanceUpdate(var update)?:
            guard let parent = target(change.parentKey),
                let index = state.maintenances.firstIndex(where: { $0.id == parent })
            else { return }
            update.id = id
            state.maintenances[index].updates.removeAll { $0.id == id }
            state.maintenances[index].updates.append(update)
        case .incidentTemplate(var template)?:
            template.id = id
            template.serviceStatuses = resolved(template.serviceStatuses)
            state.incidentTemplates.removeAll { $0.id == id }
            state.incidentTemplates.append(template)
        case .maintenanceTemplate(var template)?:
            template.id = id
            template.serviceStatuses = resolved(template.serviceStatuses)
            state.maintenanceTemplates.removeAll { $0.id == id }
            state.maintenanceTemplates.append(template)
        case nil:
            break
        }
    }
}
