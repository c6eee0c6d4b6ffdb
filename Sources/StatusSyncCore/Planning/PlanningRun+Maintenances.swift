import Foundation

// The planned changes of maintenances and templates.
extension PlanningRun {
    func maintenanceFields(_ maintenance: Maintenance, translating: Bool) -> [(String, String)] {
        fields.maintenance(maintenance, translating: translating)
    }

    func maintenanceUpdateFields(_ update: MaintenanceUpdate) -> [(String, String)] {
        fields.maintenanceUpdate(update)
    }

    func planMaintenances() {
        let maintenanceCandidates = candidates(
            current.maintenances, id: \.id, naturalKey: { "\($0.title) @ \($0.startTime)" })
        for maintenance in desired.maintenances.sorted(by: { ($0.startTime, $0.id) < ($1.startTime, $1.id) }) {
            let match = match(
                key: maintenance.id, kind: .maintenance, naturalKey: "\(maintenance.title) @ \(maintenance.startTime)",
                in: maintenanceCandidates, adoptable: options.matching.maintenances)
            record(
                match, kind: .maintenance, key: maintenance.id, label: maintenance.title,
                desiredFields: maintenanceFields(maintenance, translating: false),
                currentFields: { self.maintenanceFields($0, translating: true) }, targetID: \.id,
                payload: .maintenance(maintenance))
            var existingUpdates: [MaintenanceUpdate] = []
            if case .linked(let existing) = match { existingUpdates = existing.updates }
            if case .adopted(let existing) = match { existingUpdates = existing.updates }
            let updateCandidates = candidates(existingUpdates, id: \.id, naturalKey: { "\($0.time) \($0.phase)" })
            for update in maintenance.updates {
                let updateMatch = self.match(
                    key: update.id, kind: .maintenanceUpdate, naturalKey: "\(update.time) \(update.phase)",
                    in: updateCandidates, adoptable: true)
                record(
                    updateMatch, kind: .maintenanceUpdate, key: update.id, parentKey: maintenance.id,
                    label: "\(maintenance.title) · \(update.phase) \(update.time)",
                    desiredFields: maintenanceUpdateFields(update), currentFields: { self.maintenanceUpdateFields($0) },
                    targetID: \.id, payload: .maintenanceUpdate(update))
            }
        }
    }

    func planTemplates() {
        let incidentCandidates = candidates(current.incidentTemplates, id: \.id, naturalKey: \.title)
        for template in desired.incidentTemplates {
            let fields: (IncidentTemplate, Bool) -> [(String, String)] = {
                self.fields.incidentTemplate($0, translating: $1)
            }
            let match = match(
                key: template.id, kind: .incidentTemplate, naturalKey: template.title, in: incidentCandidates,
                adoptable: options.matching.templates)
            record(
                match, kind: .incidentTemplate, key: template.id, label: template.title,
                desiredFields: fields(template, false), currentFields: { fields($0, true) }, targetID: \.id,
                payload: .incidentTemplate(template))
        }
        let maintenanceCandidates = candidates(current.maintenanceTemplates, id: \.id, naturalKey: \.title)
        for template in desired.maintenanceTemplates {
            let fields: (MaintenanceTemplate, Bool) -> [(String, String)] = {
                self.fields.maintenanceTemplate($0, translating: $1)
            }
            let match = match(
                key: template.id, kind: .maintenanceTemplate, naturalKey: template.title, in: maintenanceCandidates,
                adoptable: options.matching.templates)
            record(
                match, kind: .maintenanceTemplate, key: template.id, label: template.title,
                desiredFields: fields(template, false), currentFields: { fields($0, true) }, targetID: \.id,
                payload: .maintenanceTemplate(template))
        }
    }
}
