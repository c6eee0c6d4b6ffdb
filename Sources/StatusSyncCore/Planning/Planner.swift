import Foundation

/// What a plan may do beyond creating and updating.
package struct PlanOptions: Sendable, Hashable {
    /// When the plan is made, recorded as the plan's creation time; no planned value depends on it.
    package var now: Instant
    /// Which kinds are adopted by natural key when no link exists.
    package var matching: MappingFile.Matching
    /// `--prune`: delete linked target entities whose source is gone.
    package var allowsDeletes: Bool
    /// `--force`: allow deletes above the threshold.
    package var ignoresDeleteThreshold: Bool
    /// The share of a kind's target entities above which deletes are refused without `--force`.
    package var deleteThreshold: Double
    /// The number of target entities of a kind from which the threshold applies.
    package var deleteThresholdMinimum: Int
    /// Keys whose last write's outcome was unknown: adopted by natural key whatever the mapping's `matching` says,
    /// because the entity found may be the one that write created.
    package var settlingKeys: Set<String> = []

    /// Creates options; by default nothing is deleted and every kind is adopted by natural key.
    package init(
        now: Instant, matching: MappingFile.Matching = MappingFile.Matching(), allowsDeletes: Bool = false,
        ignoresDeleteThreshold: Bool = false, deleteThreshold: Double = 0.3, deleteThresholdMinimum: Int = 10
    ) {
        self.now = now
        self.matching = matching
        self.allowsDeletes = allowsDeletes
        self.ignoresDeleteThreshold = ignoresDeleteThreshold
        self.deleteThreshold = deleteThreshold
        self.deleteThresholdMinimum = deleteThresholdMinimum
    }
}

/// Computes the changes that turn the target into the desired state.
///
/// Planning is pure and deterministic: the same desired state, target state, links and options
/// give the same changes in the same order. Each desired entity is matched first by its link,
/// then (without one) by its exact natural key among target entities not linked to anything
/// else, and is created otherwise. Values are normalised before they are compared, so what a
/// provider stores back does not show up as a change again.
package struct Planner: Sendable {
    /// What the plan may do.
    package var options: PlanOptions

    /// Creates a planner.
    package init(options: PlanOptions) { self.options = options }

    /// The changes and notes that turn `current` into `desired`, given the pair's links.
    ///
    /// - Parameters:
    ///   - desired: the mapper's output: ids and references are ``EntityKey``s.
    ///   - current: the target account as fetched: ids are the target's.
    ///   - state: the pair's links from earlier runs.
    /// - Returns: the ordered changes and notes for the plan.
    /// - Throws: ``PlanError/tooManyDeletes(kind:deletes:total:threshold:)`` above the delete threshold.
    package func changes(
        desired: AccountState, current: AccountState, state: PairState
    ) throws(PlanError) -> (changes: [PlannedChange], notes: [String]) {
        let run = PlanningRun(desired: desired, current: current, state: state, options: options)
        run.planGroups()
        run.planServices()
        run.planPhases()
        run.planIncidents()
        run.planMaintenances()
        run.planTemplates()
        try run.planDeletes()
        return (run.changes, run.notes)
    }
}

/// Normalises text before comparison: line endings unified, surrounding white space removed.
package func normalizedText(_ text: String) -> String {
    // Most texts need neither change; checking that first spares the Foundation calls on large accounts.
    if !text.utf8.contains(13), let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
        !first.properties.isWhitespace, !last.properties.isWhitespace
    {
        return text
    }
    return text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
}

/// One planning pass.
///
/// A class, so that field closures can read the links adopted so far.
private final class PlanningRun {
    let desired: AccountState
    let current: AccountState
    let state: PairState
    let options: PlanOptions
    var target: ProviderID { desired.provider }

    /// Target id → key, per kind: from the links, plus adoptions made in this plan.
    var keyByTarget: [EntityKind: [String: String]] = [:]
    var changes: [PlannedChange] = []
    var notes: [String] = []

    init(desired: AccountState, current: AccountState, state: PairState, options: PlanOptions) {
        self.desired = desired
        self.current = current
        self.state = state
        self.options = options
        for (key, link) in state.links { keyByTarget[link.kind, default: [:]][link.targetID] = key }
    }

    /// A reference as the plan compares it: the key of a linked target id, `#id` for an unlinked one.
    func reference(_ kind: EntityKind, _ targetID: String?) -> String {
        guard let targetID else { return "" }
        return keyByTarget[kind]?[targetID] ?? "#\(targetID)"
    }

    /// The compared fields, shared with verification; target references are translated through the links.
    var fields: ComparedFields {
        ComparedFields(target: target, reference: { [unowned self] in self.reference($0, $1) })
    }

    func statuses(_ affected: [AffectedService], translating: Bool) -> String {
        fields.statuses(affected, translating: translating)
    }

    // MARK: - Matching

    enum Match<Entity> {
        case linked(Entity)
        case adopted(Entity)
        case unmatched(warning: String?)
    }

    /// Target entities of one kind, indexed for matching.
    struct Candidates<Entity> {
        var byID: [String: Entity]
        var byNaturalKey: [String: [String]]
    }

    func candidates<Entity>(
        _ entities: [Entity], id: (Entity) -> String, naturalKey: (Entity) -> String
    ) -> Candidates<Entity> {
        var byID: [String: Entity] = [:]
        var byNaturalKey: [String: [String]] = [:]
        for entity in entities {
            byID[id(entity)] = entity
            byNaturalKey[naturalKey(entity), default: []].append(id(entity))
        }
        for key in byNaturalKey.keys {
            byNaturalKey[key]?.sort { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
        }
        return Candidates(byID: byID, byNaturalKey: byNaturalKey)
    }

    /// Finds the target entity for a desired one: by its link, else by natural key when adoptable.
    func match<Entity>(
        key: String, kind: EntityKind, naturalKey: String, in candidates: Candidates<Entity>, adoptable: Bool
    ) -> Match<Entity> {
        var warning: String?
        if let link = state.links[key], link.kind == kind {
            if let entity = candidates.byID[link.targetID] { return .linked(entity) }
            warning = "its linked target \(kind.rawValue) \(link.targetID) no longer exists; it is created again"
        }
        guard adoptable || state.settlesByNaturalKey || options.settlingKeys.contains(key) || state.inDoubt[key] != nil
        else {
            return .unmatched(warning: warning)
        }
        for id in candidates.byNaturalKey[naturalKey] ?? [] where keyByTarget[kind]?[id] == nil {
            guard let entity = candidates.byID[id] else { continue }
            keyByTarget[kind, default: [:]][id] = key
            return .adopted(entity)
        }
        return .unmatched(warning: warning)
    }

    func diff(_ desired: [(String, String)], _ current: [(String, String)]) -> [FieldChange] {
        let before = Dictionary(current, uniquingKeysWith: { first, _ in first })
        return desired.compactMap { name, value in
            before[name] == value ? nil : FieldChange(name: name, before: before[name], after: value)
        }
    }

    /// Records the change for a desired entity given its match; returns the target id when one exists.
    @discardableResult
    func record<Entity>(
        _ match: Match<Entity>, kind: EntityKind, key: String, parentKey: String? = nil, label: String,
        desiredFields: [(String, String)], currentFields: (Entity) -> [(String, String)], targetID: (Entity) -> String,
        payload: EntityPayload, warnings: [String] = [], updatable: Bool = true
    ) -> String? {
        switch match {
        case .linked(let entity):
            let fields = diff(desiredFields, currentFields(entity))
            if !fields.isEmpty, updatable {
                changes.append(
                    PlannedChange(
                        action: .update, kind: kind, key: key, parentKey: parentKey, targetID: targetID(entity),
                        label: label, fields: fields, payload: payload, warnings: warnings))
            }
            return targetID(entity)
        case .adopted(let entity):
            let fields = updatable ? diff(desiredFields, currentFields(entity)) : []
            changes.append(
                PlannedChange(
                    action: .adopt, kind: kind, key: key, parentKey: parentKey, targetID: targetID(entity),
                    label: label,
                    fields: fields, payload: payload, warnings: warnings, calls: fields.isEmpty ? 0 : 1))
            return targetID(entity)
        case .unmatched(let warning):
            changes.append(
                PlannedChange(
                    action: .create, kind: kind, key: key, parentKey: parentKey, label: label,
                    fields: desiredFields.map { FieldChange(name: $0.0, before: nil, after: $0.1) }, payload: payload,
                    warnings: warnings + (warning.map { [$0] } ?? [])))
            return nil
        }
    }

    // MARK: - Groups and services

    func groupFields(_ group: ServiceGroup, translating: Bool) -> [(String, String)] {
        fields.group(group, translating: translating)
    }

    func planGroups() {
        let candidates = candidates(current.groups, id: \.id, naturalKey: \.name)
        for group in desired.groups {
            let match = match(
                key: group.id, kind: .group, naturalKey: group.name, in: candidates, adoptable: options.matching.groups)
            record(
                match, kind: .group, key: group.id, label: group.name,
                desiredFields: groupFields(group, translating: false),
                currentFields: { self.groupFields($0, translating: true) }, targetID: \.id, payload: .group(group))
        }
    }

    func serviceFields(_ service: Service, translating: Bool) -> [(String, String)] {
        fields.service(service, translating: translating)
    }

    func planServices() {
        let candidates = candidates(current.services, id: \.id, naturalKey: \.name)
        for service in desired.services {
            let match = match(
                key: service.id, kind: .service, naturalKey: service.name, in: candidates,
                adoptable: options.matching.services)
            record(
                match, kind: .service, key: service.id, label: service.name,
                desiredFields: serviceFields(service, translating: false),
                currentFields: { self.serviceFields($0, translating: true) }, targetID: \.id, payload: .service(service)
            )
        }
    }

    func planPhases() {
        guard target.capabilities.fixedPhases == nil else { return }
        let candidates = candidates(current.phases.filter { $0.id != nil }, id: { $0.id ?? "" }, naturalKey: \.name)
        for phase in desired.phases {
            let key = phase.id ?? EntityKey.phase(phase.name)
            let match = match(key: key, kind: .phase, naturalKey: phase.name, in: candidates, adoptable: true)
            record(
                match, kind: .phase, key: key, label: phase.name, desiredFields: [("name", phase.name)],
                currentFields: { [("name", $0.name)] }, targetID: { $0.id ?? "" }, payload: .phase(phase),
                updatable: false)
        }
    }

    // MARK: - Incidents

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

    // MARK: - Maintenances and templates

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

    // MARK: - Deletes

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
