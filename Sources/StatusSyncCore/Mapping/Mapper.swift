/// Turns a source account into the state the target should have, in the target's vocabulary.
///
/// The result is an ``AccountState`` of the target provider whose ids are ``EntityKey``s derived
/// from the source ids, and whose references (a service's group, an event's services) are keys
/// too. Every lossy step leaves a ``Diagnostic`` on its entity. Every desired value is a pure function
/// of the source and the mapping file: times come from the entities themselves, never from the clock.
/// `now` only holds back what a StatusHub target refuses until its time has come (an incident or
/// update dated in the future); a Freshstatus target takes such times at once.
package struct Mapper: Sendable {
    /// The mapping file.
    package var mapping: MappingFile
    /// The mapping file's path, named in errors.
    package var mappingPath: String
    /// The present: on a StatusHub target, incidents and updates later than this are not carried yet.
    package var now: Instant

    /// Creates a mapper.
    package init(mapping: MappingFile, mappingPath: String, now: Instant) {
        self.mapping = mapping
        self.mappingPath = mappingPath
        self.now = now
    }

    /// The desired target state and what was lossy on the way.
    package struct Result: Sendable, Hashable {
        /// The state the target should have, keyed by ``EntityKey``.
        package var desired: AccountState
        /// Findings per entity, sorted.
        package var diagnostics: [Diagnostic]
    }

    /// Maps `source` into the target's vocabulary.
    ///
    /// - Throws: ``MappingError/providerMismatch(path:expected:found:)`` when the source is not the mapping's
    ///   source provider; ``MappingError/unmappedValue(path:key:value:)`` for a phase the mapping does not name.
    package func map(_ source: AccountState) throws(MappingError) -> Result {
        try checkProvider(of: source)
        var run = MappingRun(mapper: self, source: source)
        try run.mapAll()
        return Result(desired: run.desired, diagnostics: Set(run.diagnostics).sorted())
    }
}

extension Mapper {
    /// Throws ``MappingError/providerMismatch(path:expected:found:)`` unless `source` is of the mapping's source provider.
    func checkProvider(of source: AccountState) throws(MappingError) {
        guard source.provider == mapping.source else {
            throw .providerMismatch(
                path: mappingPath, expected: "\(source.provider) → \(mapping.target)",
                found: "\(mapping.source) → \(mapping.target)")
        }
    }
}

/// The state of one mapping pass: the desired state as it is built and the diagnostics found.
struct MappingRun {
    let mapper: Mapper
    let source: AccountState
    var desired: AccountState
    var diagnostics: [Diagnostic] = []

    init(mapper: Mapper, source: AccountState) {
        self.mapper = mapper
        self.source = source
        self.desired = AccountState(provider: mapper.mapping.target)
        self.can = mapper.mapping.target.capabilities
        self.sourceCan = mapper.mapping.source.capabilities
    }

    var mapping: MappingFile { mapper.mapping }
    var target: ProviderID { mapping.target }
    /// What the target can do.
    let can: ProviderCapabilities
    /// What the source can do.
    let sourceCan: ProviderCapabilities

    mutating func note(_ key: String, _ message: String) {
        diagnostics.append(Diagnostic(key: key, message: message))
    }

    mutating func mapAll() throws(MappingError) {
        mapGroups()
        mapServices()
        try mapPhases()
        for incident in source.incidents { try mapIncident(incident) }
        for maintenance in source.maintenances { try mapMaintenance(maintenance) }
        mapTemplates()
    }

    // MARK: - Groups and services

    mutating func mapGroups() {
        let known = Set(source.groups.map(\.id))
        for group in source.groups {
            let key = EntityKey.group(group.id)
            var parent = group.parentID.flatMap { known.contains($0) ? EntityKey.group($0) : nil }
            if parent != nil, !can.groupsNest {
                note(key, "nested group flattened: \(can.displayName) groups have no parent")
                parent = nil
            }
            desired.groups.append(
                ServiceGroup(
                    id: key, name: mapping.carry.groupRenames[group.name] ?? group.name,
                    description: can.groupsHaveDescriptions ? group.description : "", position: group.position,
                    parentID: parent))
            if !can.groupsHaveDescriptions, !group.description.isEmpty {
                note(key, "group description not carried: \(can.displayName) groups have none")
            }
        }
        desired.groups = parentsFirst(desired.groups)
    }

    /// Orders groups so that a parent always comes before its children, siblings by position then key.
    func parentsFirst(_ groups: [ServiceGroup]) -> [ServiceGroup] {
        let children = Dictionary(grouping: groups, by: { $0.parentID ?? "" })
        var ordered: [ServiceGroup] = []
        func visit(_ parent: String) {
            for group in (children[parent] ?? []).sorted(by: { ($0.position, $0.id) < ($1.position, $1.id) }) {
                ordered.append(group)
                visit(group.id)
            }
        }
        visit("")
        return ordered
    }

    mutating func mapServices() {
        let groups = Set(source.groups.map(\.id))
        for service in source.services.sorted(by: { ($0.position, $0.id) < ($1.position, $1.id) }) {
            let key = EntityKey.service(service.id)
            desired.services.append(
                Service(
                    id: key, name: mapping.carry.serviceRenames[service.name] ?? service.name,
                    description: service.description, position: service.position,
                    groupID: service.groupID.flatMap { groups.contains($0) ? EntityKey.group($0) : nil },
                    status: status(service.status, for: key, noting: false)))
        }
    }

    /// Maps a canonical status through the file's status map; notes a collapse onto a value another status shares.
    mutating func status(_ status: ComponentStatus, for key: String, noting: Bool = true) -> ComponentStatus {
        guard let code = status.code(for: mapping.source), let mapped = mapping.componentStatus[code],
            let result = ComponentStatus(code: mapped, provider: target)
        else { return status }
        let sharing = mapping.componentStatus.filter { $0.value == mapped }.keys.sorted()
        if noting, sharing.count > 1 {
            note(
                key,
                "status \(code) becomes \(mapped), which also stands for \(sharing.filter { $0 != code }.joined(separator: ", "))"
            )
        }
        return result
    }

    // MARK: - Phases

    mutating func mapPhases() throws(MappingError) {
        if let fixed = can.fixedPhases {
            desired.phases = fixed
        } else {
            var names: [String] = []
            let sourcePhases = sourceCan.fixedPhases ?? source.phases
            let sourceNames = sourcePhases.sorted { ($0.order, $0.name) < ($1.order, $1.name) }.map(\.name)
            for name in sourceNames + [mapping.defaultPhase, mapping.resolvedPhase] {
                let mapped =
                    name == mapping.defaultPhase || name == mapping.resolvedPhase
                    ? (mapping.incidentPhases[name] ?? name) : try phase(name, key: EntityKey.phase(name))
                if !names.contains(mapped) { names.append(mapped) }
            }
            // Keep the resolving phase last, as Freshstatus orders its vocabulary by the incident's life.
            names.removeAll { $0 == mapping.resolvedPhase }
            names.append(mapping.resolvedPhase)
            desired.phases = names.enumerated().map { IncidentPhase(id: EntityKey.phase($1), name: $1, order: $0 + 1) }
        }
    }

    /// Maps one source phase name; an empty name takes the default phase.
    mutating func phase(_ name: String, key: String) throws(MappingError) -> String {
        if name.isEmpty {
            note(key, "update has no phase; '\(mapping.defaultPhase)' used")
            return mapping.defaultPhase
        }
        if let mapped = mapping.incidentPhases[name] { return mapped }
        if mapping.keepsUnmappedPhases { return name }
        throw .unmappedValue(path: mapper.mappingPath, key: "incidentPhases.map", value: name)
    }

    // MARK: - Incidents

    /// Whether an event with this visibility is carried, and as what.
    mutating func visibility(_ visibility: Visibility, key: String, what: String) -> Visibility? {
        guard !visibility.isPublic else { return .published }
        switch mapping.carry.privateEvents {
        case .skip:
            note(key, "\(what) skipped: it is \(visibility.rawValue) (carry.privateEvents is skip)")
            return nil
        case .private:
            switch can.privateVisibility {
            case .draft: return visibility == .unconfirmed ? .unconfirmed : .draft
            case .private: return .private
            }
        }
    }

    /// Whether a time is one the target refuses yet (StatusHub rejects incident and update times in the future).
    func isHeldBack(_ time: Instant) -> Bool {
        can.refusesFutureTimes && time > mapper.now
    }

    func isBeforeWindow(start: Instant, end: Instant?) -> Bool {
        guard let since = mapping.carry.since else { return false }
        return start < since && (end.map { $0 < since } ?? false)
    }

    mutating func mapIncident(_ incident: Incident) throws(MappingError) {
        let key = EntityKey.incident(incident.id)
        guard !isBeforeWindow(start: incident.startTime, end: incident.endTime) else { return }
        guard let visibility = visibility(incident.visibility, key: key, what: "incident") else { return }
        guard !isHeldBack(incident.startTime) else {
            note(key, "incident starts in the future (\(incident.startTime)); it is carried once that time has passed")
            return
        }
        let affected = incident.affected.map {
            AffectedService(serviceID: EntityKey.service($0.serviceID), status: status($0.status, for: key))
        }
        var updates: [IncidentUpdate] = []
        for update in incident.updates {
            let updateKey = EntityKey.incidentUpdate(incident: key, "update:\(update.id)")
            guard let updateVisibility = self.visibility(update.visibility, key: updateKey, what: "update") else {
                continue
            }
            guard !isHeldBack(update.time) else {
                note(
                    updateKey, "update is dated in the future (\(update.time)); it is carried once that time has passed"
                )
                continue
            }
            let mappedPhase = try phase(update.phase, key: updateKey)
            let mappedStatuses = statuses(update.serviceStatuses, key: updateKey)
            updates.append(
                IncidentUpdate(
                    id: updateKey, time: update.time, phase: mappedPhase, message: update.message, title: update.title,
                    visibility: visibility == .published ? updateVisibility : visibility,
                    serviceStatuses: mappedStatuses))
        }
        var mapped = Incident(
            id: key, title: incident.title, description: incident.description, startTime: incident.startTime,
            endTime: incident.endTime, visibility: visibility, affected: affected, updates: updates)
        if can.incidentNeedsAffectedService, affected.isEmpty {
            note(key, "incident skipped: it affects no service, and \(can.displayName) needs at least one")
            return
        }
        shapeTimeline(&mapped)
        desired.incidents.append(mapped)
    }

    /// Maps an update's own service statuses (StatusHub keeps them per update); `nil` stays `nil`.
    mutating func statuses(_ statuses: [AffectedService]?, key: String) -> [AffectedService]? {
        guard let statuses, can.updatesCarryTitleAndStatuses else { return nil }
        var mapped: [AffectedService] = []
        for entry in statuses {
            mapped.append(
                AffectedService(
                    serviceID: EntityKey.service(entry.serviceID), status: status(entry.status, for: key, noting: false)
                ))
        }
        return mapped
    }

    // MARK: - Maintenances

    mutating func mapMaintenance(_ maintenance: Maintenance) throws(MappingError) {
        let key = EntityKey.maintenance(maintenance.id)
        guard !isBeforeWindow(start: maintenance.startTime, end: maintenance.endTime) else { return }
        guard let visibility = visibility(maintenance.visibility, key: key, what: "maintenance") else { return }
        let affected = maintenance.affected.map {
            AffectedService(
                serviceID: EntityKey.service($0.serviceID),
                status: can.maintenanceAffectedStatus ?? status($0.status, for: key, noting: false))
        }
        var mapped = Maintenance(
            id: key, title: maintenance.title, body: maintenance.body, startTime: maintenance.startTime,
            endTime: maintenance.endTime, visibility: visibility, affected: affected,
            startsAutomatically: maintenance.startsAutomatically, endsAutomatically: maintenance.endsAutomatically)
        try shapeTimeline(&mapped, from: maintenance)
        desired.maintenances.append(mapped)
    }

    // MARK: - Templates

    mutating func mapTemplates() {
        let count = source.incidentTemplates.count + source.maintenanceTemplates.count
        guard mapping.carry.templates, count > 0 else { return }
        guard can.hasTemplates else {
            note("templates", "\(count) template(s) not carried: \(can.displayName) has no templates")
            return
        }
        func services(_ statuses: [AffectedService]) -> [AffectedService] {
            statuses.map { AffectedService(serviceID: EntityKey.service($0.serviceID), status: $0.status) }
        }
        desired.incidentTemplates = source.incidentTemplates.map {
            IncidentTemplate(
                id: EntityKey.incidentTemplate($0.id), title: $0.title, body: $0.body, phase: $0.phase,
                serviceStatuses: services($0.serviceStatuses))
        }
        desired.maintenanceTemplates = source.maintenanceTemplates.map {
            MaintenanceTemplate(
                id: EntityKey.maintenanceTemplate($0.id), title: $0.title, body: $0.body,
                durationMinutes: $0.durationMinutes, serviceStatuses: services($0.serviceStatuses))
        }
    }
}
