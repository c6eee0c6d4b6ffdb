import Foundation

// The planned changes of incidents and their updates.
extension PlanningRun {
    func incidentFields(_ incident: Incident, translating: Bool) -> [(String, String)] {
        fields.incident(incident, translating: translating)
    }

    func updateFields(_ update: IncidentUpdate, includesTitle: Bool) -> [(String, String)] {
        fields.update(update, includesTitle: includesTitle)
    }

    func planIncidents() {
        let candidates = candidates(current.incidents, id: \.id, naturalKey: { "\($0.title) @ \($0.startTime)" })
        let ordered = desired.incidents.sorted { ($0.startTime, $0.id) < ($1.startTime, $1.id) }
        for incident in ordered {
            let match = match(
                key: incident.id, kind: .incident, naturalKey: "\(incident.title) @ \(incident.startTime)",
                in: candidates, adoptable: options.matching.incidents)
            record(
                match, kind: .incident, key: incident.id, label: incident.title,
                desiredFields: incidentFields(incident, translating: false),
                currentFields: { self.incidentFields($0, translating: true) }, targetID: \.id,
                payload: .incident(incident))
            switch match {
            case .linked(let existing), .adopted(let existing):
                planUpdates(of: incident, existing: existing)
            case .unmatched:
                // A StatusHub incident is created with its first update.
                let pending =
                    target.capabilities.incidentCreatedWithFirstUpdate
                    ? Array(incident.updates.dropFirst()) : incident.updates
                for update in pending { createUpdate(update, of: incident) }
            }
        }
    }

    func createUpdate(_ update: IncidentUpdate, of incident: Incident) {
        record(
            Match<IncidentUpdate>.unmatched(warning: nil), kind: .incidentUpdate, key: update.id,
            parentKey: incident.id,
            label: "\(incident.title) · \(update.phase) \(update.time)",
            desiredFields: updateFields(update, includesTitle: target.capabilities.updatesCarryTitleAndStatuses),
            currentFields: { _ in [] },
            targetID: \.id, payload: .incidentUpdate(update))
    }

    func planUpdates(of incident: Incident, existing: Incident) {
        let candidates = candidates(existing.updates, id: \.id, naturalKey: { "\($0.time) \($0.phase)" })
        var createdStatuses: [AffectedService]?
        for (index, update) in incident.updates.enumerated() {
            let isLast = index == incident.updates.count - 1
            let includesTitle = target.capabilities.updatesCarryTitleAndStatuses && isLast
            let match = match(
                key: update.id, kind: .incidentUpdate, naturalKey: "\(update.time) \(update.phase)", in: candidates,
                adoptable: true)
            let targetID = record(
                match, kind: .incidentUpdate, key: update.id, parentKey: incident.id,
                label: "\(incident.title) · \(update.phase) \(update.time)",
                desiredFields: updateFields(update, includesTitle: includesTitle),
                currentFields: { self.updateFields($0, includesTitle: includesTitle) }, targetID: \.id,
                payload: .incidentUpdate(update))
            if targetID == nil, let statuses = update.serviceStatuses { createdStatuses = statuses }
        }
        planStatusChange(of: incident, existing: existing, createdStatuses: createdStatuses)
    }

    /// StatusHub incidents are append-only: when the services an open incident affects change, a new
    /// update carries the new statuses.
    ///
    /// The source does not say when its services changed, so the update is dated one second after the
    /// latest update of the incident on either side: a time derived from the entities, never from the
    /// clock, so the same snapshots always give the same plan, and the update sorts last on StatusHub.
    func planStatusChange(of incident: Incident, existing: Incident, createdStatuses: [AffectedService]?) {
        let can = target.capabilities
        guard !can.incidentsAreMutable, can.updatesCarryTitleAndStatuses, incident.endTime == nil,
            existing.endTime == nil
        else { return }
        let after: String
        if let createdStatuses {
            after = statuses(createdStatuses, translating: false)
        } else {
            let latest = existing.updates.last { $0.serviceStatuses != nil }?.serviceStatuses ?? []
            after = statuses(latest, translating: true)
        }
        let wanted = statuses(incident.affected, translating: false)
        guard after != wanted, let last = incident.updates.last else { return }
        let names = Dictionary(desired.services.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let summary = incident.affected.map {
            "\(names[$0.serviceID] ?? $0.serviceID) is \($0.status.code(for: target) ?? "down")"
        }
        .joined(separator: "; ")
        let time = max(last.time, existing.updates.map(\.time).max() ?? last.time).adding(seconds: 1)
        let update = IncidentUpdate(
            id: EntityKey.incidentUpdate(incident: incident.id, "status:\(time.iso8601)"), time: time,
            phase: last.phase,
            message: "Affected services changed: \(summary).", title: incident.title, visibility: last.visibility,
            serviceStatuses: incident.affected)
        changes.append(
            PlannedChange(
                action: .create, kind: .incidentUpdate, key: update.id, parentKey: incident.id,
                label: "\(incident.title) · affected services changed",
                fields: [FieldChange(name: "services", before: after, after: wanted)], payload: .incidentUpdate(update),
                warnings: ["\(can.displayName) incidents are append-only: the new statuses are a new update"]))
    }
}
