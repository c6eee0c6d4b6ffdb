import Foundation

// The planned deletes of linked target entities the source no longer has.
extension PlanningRun {
    /// Every target id that exists now, per kind, with a label for the plan.
    func existingTargets() -> [EntityKind: [String: String]] {
        var existing: [EntityKind: [String: String]] = [:]
        for group in current.groups { existing[.group, default: [:]][group.id] = group.name }
        for service in current.services { existing[.service, default: [:]][service.id] = service.name }
        for incident in current.incidents {
            existing[.incident, default: [:]][incident.id] = incident.title
            for update in incident.updates {
                existing[.incidentUpdate, default: [:]][update.id] =
                    "\(incident.title) · \(update.phase) \(update.time)"
            }
        }
        for maintenance in current.maintenances {
            existing[.maintenance, default: [:]][maintenance.id] = maintenance.title
            for update in maintenance.updates {
                existing[.maintenanceUpdate, default: [:]][update.id] =
                    "\(maintenance.title) · \(update.phase) \(update.time)"
            }
        }
        for template in current.incidentTemplates {
            existing[.incidentTemplate, default: [:]][template.id] = template.title
        }
        for template in current.maintenanceTemplates {
            existing[.maintenanceTemplate, default: [:]][template.id] = template.title
        }
        return existing
    }

    func planDeletes() throws(PlanError) {
        var desiredKeys = Set(desired.groups.map(\.id) + desired.services.map(\.id) + desired.phases.compactMap(\.id))
        for incident in desired.incidents {
            desiredKeys.insert(incident.id)
            desiredKeys.formUnion(incident.updates.map(\.id))
        }
        for maintenance in desired.maintenances {
            desiredKeys.insert(maintenance.id)
            desiredKeys.formUnion(maintenance.updates.map(\.id))
        }
        desiredKeys.formUnion(desired.incidentTemplates.map(\.id) + desired.maintenanceTemplates.map(\.id))
        let existing = existingTargets()
        let gone = state.links
            .filter { key, link in
                !desiredKeys.contains(key) && link.kind != .phase && !key.contains("/status:")
                    && existing[link.kind]?[link.targetID] != nil
            }
        let goneParents = Set(gone.keys)
        let deletes =
            gone
            .filter { _, link in link.parentKey.map { !goneParents.contains($0) } ?? true }
            .sorted { ($0.value.kind.order, $0.key) > ($1.value.kind.order, $1.key) }
        guard !deletes.isEmpty else { return }
        guard options.allowsDeletes else {
            notes.append(
                "\(deletes.count) linked target entit\(deletes.count == 1 ? "y is" : "ies are") gone from the source; --prune deletes them"
            )
            return
        }
        for (kind, group) in Dictionary(grouping: deletes, by: { $0.value.kind }).sorted(by: { $0.key < $1.key }) {
            let total = existing[kind]?.count ?? 0
            if !options.ignoresDeleteThreshold, total >= options.deleteThresholdMinimum,
                Double(group.count) > Double(total) * options.deleteThreshold
            {
                throw .tooManyDeletes(
                    kind: kind, deletes: group.count, total: total, threshold: options.deleteThreshold)
            }
        }
        for (key, link) in deletes {
            changes.append(
                PlannedChange(
                    action: .delete, kind: link.kind, key: key, parentKey: link.parentKey, targetID: link.targetID,
                    label: existing[link.kind]?[link.targetID] ?? link.targetID))
        }
    }
}
