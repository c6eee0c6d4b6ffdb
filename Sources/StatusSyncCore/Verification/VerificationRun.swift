import Foundation

/// One comparison pass: matches desired entities to the target's and records what differs.
///
/// A class, so that the field closures can read the matches made so far (as the planner's pass does).
final class VerificationRun {
    let desired: AccountState
    let current: AccountState
    let state: PairState
    let since: Instant?
    /// The statuses the mapped events give each service now: what the target should show.
    let derived: [String: ComponentStatus]
    /// The end of the compared window.
    let now: Instant
    var target: ProviderID { desired.provider }

    /// Target id → key, per kind: from the links, plus matches by natural key made in this pass.
    var keyByTarget: [EntityKind: [String: String]] = [:]
    /// Key → target id for every desired entity that has a counterpart.
    var targetIDs: [String: String] = [:]
    var differences: [Verification.Difference] = []
    /// Findings that are expected but come from the target's history rather than the mapping.
    var expectedNotes: [Diagnostic] = []
    /// Whether a ``match(_:_:kind:parentKey:id:naturalKey:)`` had to match by natural key, which
    /// reads and extends ``keyByTarget``: the incidents' timelines are then compared in order, on one core.
    var matchedByNaturalKey = false
    /// Below this many incidents per slice, the incidents' timelines are compared on one core.
    static let concurrentIncidents = 64

    /// Creates a run; `links` is ``linkIndex(_:)`` of `state`, when it was built beforehand.
    init(
        desired: AccountState, current: AccountState, state: PairState, since: Instant?, now: Instant,
        links: [EntityKind: [String: String]]? = nil
    ) {
        self.desired = desired
        self.derived = DerivedStatus.statuses(of: desired, at: now)
        self.now = now
        self.current = current
        self.state = state
        self.since = since
        keyByTarget = links ?? Self.linkIndex(state)
    }

    /// Target id → key, per kind, from the pair's links.
    static func linkIndex(_ state: PairState) -> [EntityKind: [String: String]] {
        var sizes: [EntityKind: Int] = [:]
        for link in state.links.values { sizes[link.kind, default: 0] += 1 }
        var index: [EntityKind: [String: String]] = [:]
        for (kind, size) in sizes { index[kind] = Dictionary(minimumCapacity: size) }
        for (key, link) in state.links { index[link.kind, default: [:]][link.targetID] = key }
        return index
    }

    /// What a run found, to hand from the task that compared to the one that reports.
    struct Findings: Sendable {
        var differences: [Verification.Difference]
        var expectedNotes: [Diagnostic]
        var targetIDs: [String: String]
    }

    /// What this run has found so far.
    var findings: Findings { Findings(differences: differences, expectedNotes: expectedNotes, targetIDs: targetIDs) }

    /// A run over the same entities and links as `parent`, with nothing recorded yet: it compares
    /// one slice of the incidents on another core.
    private init(sharing parent: VerificationRun) {
        desired = parent.desired
        derived = parent.derived
        now = parent.now
        current = parent.current
        state = parent.state
        since = parent.since
        keyByTarget = parent.keyByTarget
    }

    var fields: ComparedFields {
        ComparedFields(
            target: target,
            reference: { [unowned self] kind, id in
                guard let id else { return "" }
                return self.keyByTarget[kind]?[id] ?? "#\(id)"
            })
    }

    func compareAll() {
        let groups = match(desired.groups, current.groups, kind: .group, id: \.id, naturalKey: \.name)
        let services = match(desired.services, current.services, kind: .service, id: \.id, naturalKey: \.name)
        compare(groups, kind: .group, id: \.id, label: \.name) { self.fields.group($0, translating: $1) }
        compare(services, kind: .service, id: \.id, label: \.name) { service, translating in
            let status = translating ? service.status : (self.derived[service.id] ?? .operational)
            return self.fields.service(service, translating: translating) + [
                ("status", status.code(for: self.target) ?? status.rawValue)
            ]
        }
        for service in desired.services where service.status != (derived[service.id] ?? .operational) {
            expectedNotes.append(
                Diagnostic(
                    key: service.id,
                    message:
                        "the source shows the service as \(service.status.code(for: target) ?? service.status.rawValue) "
                        + "because of events the mapping does not carry (private, in the future, or affecting no service)"
                ))
        }
        extras(current.groups, kind: .group, id: \.id, label: \.name, matched: groups)
        extras(current.services, kind: .service, id: \.id, label: \.name, matched: services)
        comparePhases()
        compareIncidents()
        compareMaintenances()
        let incidentTemplates = match(
            desired.incidentTemplates, current.incidentTemplates, kind: .incidentTemplate, id: \.id,
            naturalKey: \.title)
        compare(incidentTemplates, kind: .incidentTemplate, id: \.id, label: \.title) {
            self.fields.incidentTemplate($0, translating: $1)
        }
        let maintenanceTemplates = match(
            desired.maintenanceTemplates, current.maintenanceTemplates, kind: .maintenanceTemplate, id: \.id,
            naturalKey: \.title)
        compare(maintenanceTemplates, kind: .maintenanceTemplate, id: \.id, label: \.title) {
            self.fields.maintenanceTemplate($0, translating: $1)
        }
    }

    // MARK: - Matching

    /// Pairs each desired entity with the target's: by its link, else by natural key among unmatched ones.
    func match<Entity>(
        _ wanted: [Entity], _ existing: [Entity], kind: EntityKind, parentKey: String? = nil, id: (Entity) -> String,
        naturalKey: (Entity) -> String
    ) -> [(desired: Entity, target: Entity?)] {
        // An incident's few updates are looked up in their list (the last of an id wins, as in a dictionary).
        let byID: [String: Entity]? =
            existing.count > 16
            ? Dictionary(existing.map { (id($0), $0) }, uniquingKeysWith: { _, last in last }) : nil
        func existingEntity(withID wantedID: String) -> Entity? {
            if let byID { return byID[wantedID] }
            return existing.last { id($0) == wantedID }
        }
        var pairs: [(desired: Entity, target: Entity?)] = []
        pairs.reserveCapacity(wanted.count)
        var unlinked: [Int] = []
        for entity in wanted {
            let key = id(entity)
            if let link = state.links[key], link.kind == kind, let found = existingEntity(withID: link.targetID) {
                targetIDs[key] = link.targetID
                pairs.append((entity, found))
            } else {
                unlinked.append(pairs.count)
                pairs.append((entity, nil))
            }
        }
        // Natural keys are computed only when something is unlinked: after an apply, everything is.
        var byNaturalKey: [String: [String]] = [:]
        var taken: Set<String> = []
        if !unlinked.isEmpty {
            matchedByNaturalKey = true
            taken = Set(pairs.compactMap { $0.target.map(id) })
            for entity in existing { byNaturalKey[naturalKey(entity), default: []].append(id(entity)) }
        }
        for index in unlinked {
            let key = id(pairs[index].desired)
            let candidates = byNaturalKey[naturalKey(pairs[index].desired)] ?? []
            guard
                let found = candidates.first(where: {
                    !taken.contains($0) && (keyByTarget[kind]?[$0] == nil || keyByTarget[kind]?[$0] == key)
                })
            else { continue }
            taken.insert(found)
            keyByTarget[kind, default: [:]][found] = key
            targetIDs[key] = found
            pairs[index].target = existingEntity(withID: found)
        }
        return pairs
    }

    // MARK: - Comparing

    func compare<Entity>(
        _ pairs: [(desired: Entity, target: Entity?)], kind: EntityKind, parentKey: String? = nil,
        id: (Entity) -> String, label: (Entity) -> String, fields: (Entity, Bool) -> [(String, String)]
    ) {
        for (wanted, found) in pairs {
            compareOne(wanted, found, key: id(wanted), kind: kind, parentKey: parentKey, label: label, fields: fields)
        }
    }

    /// Records a missing entity, or each field whose value differs from the target's.
    func compareOne<Entity>(
        _ wanted: Entity, _ found: Entity?, key: String, kind: EntityKind, parentKey: String?,
        label: (Entity) -> String, fields: (Entity, Bool) -> [(String, String)]
    ) {
        guard let found else {
            differences.append(
                Verification.Difference(
                    kind: .missing, entity: kind, key: key, parentKey: parentKey, label: label(wanted)))
            return
        }
        // A handful of fields: looked up in the list (the first of a name, as before), not through a dictionary.
        let before = fields(found, true)
        for (name, value) in fields(wanted, false) {
            let found = before.first { $0.0 == name }?.1
            guard found != value else { continue }
            differences.append(
                Verification.Difference(
                    kind: .field, entity: kind, key: key, parentKey: parentKey, targetID: targetIDs[key],
                    label: label(wanted), field: name, sourceValue: value, targetValue: found))
        }
    }

    /// Records target entities no desired entity matched.
    func extras<Entity>(
        _ existing: [Entity], kind: EntityKind, parentKey: String? = nil, id: (Entity) -> String,
        label: (Entity) -> String, matched: [(desired: Entity, target: Entity?)]
    ) {
        let taken = Set(matched.compactMap { $0.target.map(id) })
        for entity in existing where !taken.contains(id(entity)) {
            differences.append(
                Verification.Difference(
                    kind: .extra, entity: kind, key: "target:\(id(entity))", parentKey: parentKey,
                    targetID: id(entity), label: label(entity)))
        }
    }

    func isBeforeWindow(start: Instant, end: Instant?) -> Bool {
        guard let since else { return false }
        return start < since && (end.map { $0 < since } ?? false)
    }

    // MARK: - Phases, incidents, maintenances

    func comparePhases() {
        guard target.capabilities.fixedPhases == nil else { return }
        let names = Set(current.phases.map(\.name))
        for phase in desired.phases where !names.contains(phase.name) {
            differences.append(
                Verification.Difference(
                    kind: .missing, entity: .phase, key: phase.id ?? EntityKey.phase(phase.name), label: phase.name))
        }
    }

    /// An incident's own fields, plus its start and end where the target keeps them only in the timeline.
    func incidentFields(_ incident: Incident, translating: Bool) -> [(String, String)] {
        let own = fields.incident(incident, translating: translating)
        guard own.isEmpty else { return own }
        return [("start", incident.startTime.iso8601), ("end", incident.endTime?.iso8601 ?? "open")]
    }

    func compareIncidents() {
        let ordered = desired.incidents.sorted { ($0.startTime, $0.id) < ($1.startTime, $1.id) }
        let pairs = match(
            ordered, current.incidents, kind: .incident, id: \.id, naturalKey: { "\($0.title) @ \($0.startTime)" })
        if !compareTimelinesConcurrently(pairs) {
            for (incident, found) in pairs { compareTimeline(incident, found) }
        }
        let taken = Set(pairs.compactMap { $0.target?.id })
        for incident in current.incidents
        where !taken.contains(incident.id) && !isBeforeWindow(start: incident.startTime, end: incident.endTime) {
            differences.append(
                Verification.Difference(
                    kind: .extra, entity: .incident, key: "target:\(incident.id)", targetID: incident.id,
                    label: incident.title))
        }
    }

    /// Compares the incidents' timelines in four slices a core, each in a run of its
    /// own, and records what they found in the order of `pairs`, as one pass would have.
    ///
    /// - Returns: `false`, having recorded nothing, when there are few incidents or a slice had to
    ///   match an update by natural key (whose outcome can depend on the slices before it).
    private func compareTimelinesConcurrently(_ pairs: [(desired: Incident, target: Incident?)]) -> Bool {
        // Four slices a core, so that a core left idle by another job takes the next slice.
        let slices = min(4 * ProcessInfo.processInfo.activeProcessorCount, pairs.count / Self.concurrentIncidents)
        guard slices > 1 else { return false }
        let runs = (0..<slices).map { _ in VerificationRun(sharing: self) }
        let box = UncheckedBox((runs, pairs))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let (runs, pairs) = box.value
            let range = (pairs.count * slice / slices)..<(pairs.count * (slice + 1) / slices)
            runs[slice].targetIDs.reserveCapacity(pairs[range].reduce(0) { $0 + 1 + $1.desired.updates.count })
            for (incident, found) in pairs[range] { runs[slice].compareTimeline(incident, found) }
        }
        guard !runs.contains(where: \.matchedByNaturalKey) else { return false }
        targetIDs.reserveCapacity(targetIDs.count + runs.reduce(0) { $0 + $1.targetIDs.count })
        for run in runs {
            differences += run.differences
            expectedNotes += run.expectedNotes
            targetIDs.merge(run.targetIDs) { _, new in new }
        }
        return true
    }

    /// Compares one incident with its counterpart, and its timeline update by update.
    private func compareTimeline(_ incident: Incident, _ found: Incident?) {
        compareOne(
            incident, found, key: incident.id, kind: .incident, parentKey: nil, label: \.title,
            fields: { self.incidentFields($0, translating: $1) })
        guard let found else { return }
        let updates = match(
            incident.updates, found.updates, kind: .incidentUpdate, parentKey: incident.id, id: \.id,
            naturalKey: { "\($0.time) \($0.phase)" })
        let lastKey = incident.updates.last?.id
        for (update, foundUpdate) in updates {
            let includesTitle = target.capabilities.updatesCarryTitleAndStatuses && update.id == lastKey
            compareOne(
                update, foundUpdate, key: update.id, kind: .incidentUpdate, parentKey: incident.id,
                label: { "\(incident.title) · \($0.phase) \($0.time)" },
                fields: { update, translating in
                    // A resolving update sets no status (StatusHub answers every service as up with it).
                    var list = self.fields.update(update, includesTitle: includesTitle)
                    if translating || update.serviceStatuses != nil {
                        list.append(
                            (
                                "services",
                                self.fields.statuses(update.serviceStatuses ?? [], translating: translating)
                            ))
                    }
                    return list
                })
        }
        let taken = Set(updates.compactMap { $0.target?.id })
        for update in found.updates where !taken.contains(update.id) {
            if let key = keyByTarget[.incidentUpdate]?[update.id], key.hasPrefix(incident.id + "/status:") {
                expectedNotes.append(
                    Diagnostic(
                        key: key,
                        message:
                            "affected services changed after the incident was carried: a new update carries them, "
                            + "as StatusHub incidents are append-only"))
                continue
            }
            differences.append(
                Verification.Difference(
                    kind: .extra, entity: .incidentUpdate, key: "target:\(update.id)", parentKey: incident.id,
                    targetID: update.id, label: "\(incident.title) · \(update.phase) \(update.time)"))
        }
    }

    func compareMaintenances() {
        let ordered = desired.maintenances.sorted { ($0.startTime, $0.id) < ($1.startTime, $1.id) }
        let pairs = match(
            ordered, current.maintenances, kind: .maintenance, id: \.id,
            naturalKey: { "\($0.title) @ \($0.startTime)" })
        for (maintenance, found) in pairs {
            compareOne(
                maintenance, found, key: maintenance.id, kind: .maintenance, parentKey: nil, label: \.title,
                fields: { self.fields.maintenance($0, translating: $1) })
            guard let found else { continue }
            let updates = match(
                maintenance.updates, found.updates, kind: .maintenanceUpdate, parentKey: maintenance.id, id: \.id,
                naturalKey: { "\($0.time) \($0.phase)" })
            for (update, foundUpdate) in updates {
                compareOne(
                    update, foundUpdate, key: update.id, kind: .maintenanceUpdate, parentKey: maintenance.id,
                    label: { "\(maintenance.title) · \($0.phase) \($0.time)" },
                    fields: { update, translating in
                        // A notice the mapping dates "now" (its maintenance is still ahead) is dated when it was written.
                        guard !translating, update.time == self.now else {
                            return self.fields.maintenanceUpdate(update)
                        }
                        return self.fields.maintenanceUpdate(update).filter { $0.0 != "time" }
                    })
                if update.time == now, foundUpdate != nil {
                    expectedNotes.append(
                        Diagnostic(
                            key: update.id,
                            message: "the notice of a maintenance still ahead is dated when it was written, not now"))
                }
            }
            extras(
                found.updates, kind: .maintenanceUpdate, parentKey: maintenance.id, id: \.id,
                label: { "\(maintenance.title) · \($0.phase) \($0.time)" }, matched: updates)
        }
        let taken = Set(pairs.compactMap { $0.target?.id })
        for maintenance in current.maintenances
        where !taken.contains(maintenance.id) && !isBeforeWindow(start: maintenance.startTime, end: maintenance.endTime)
        {
            differences.append(
                Verification.Difference(
                    kind: .extra, entity: .maintenance, key: "target:\(maintenance.id)", targetID: maintenance.id,
                    label: maintenance.title))
        }
    }
}

/// Hands values that are only read, or written by one thread each, to `DispatchQueue.concurrentPerform`.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
