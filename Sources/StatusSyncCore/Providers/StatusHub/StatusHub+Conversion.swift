// Conversion between StatusHub wire types and the domain model, in both directions.

extension AccountState {
    /// Reads a StatusHub hub into the model; its phases are StatusHub's fixed incident types.
    ///
    /// - Throws: ``ConversionError`` for a status or state outside StatusHub's vocabulary.
    package init(_ data: StatusHub.AccountData) throws(ConversionError) {
        self.init(provider: .statushub, phases: IncidentPhase.statusHubTypes)
        groups = data.groups.map {
            ServiceGroup(id: $0.id.value, name: $0.name, position: $0.position ?? 0)
        }
        services = try data.services.map { wire throws(ConversionError) in
            Service(
                id: wire.id.value, name: wire.name, description: wire.description ?? "", position: wire.position ?? 0,
                groupID: wire.groupID?.value,
                status: try StatusHub.status(wire.status ?? "up", entity: "service \(wire.id)"))
        }
        incidents = try data.incidents.map { wire throws(ConversionError) in try Incident(wire) }
        maintenances = try data.maintenances.map { wire throws(ConversionError) in
            Maintenance(
                id: wire.id.value, title: wire.title, body: wire.body ?? "", startTime: wire.startTime,
                endTime: wire.endTime,
                visibility: try StatusHub.visibility(wire.state, entity: "maintenance \(wire.id)"),
                affected: try StatusHub.affected(wire.serviceStatuses, entity: "maintenance \(wire.id)"),
                updatedAt: wire.updatedAt, createdAt: wire.createdAt)
        }
        incidentTemplates = try data.incidentTemplates.map { wire throws(ConversionError) in
            IncidentTemplate(
                id: wire.id.value, title: wire.title ?? "", body: wire.body ?? "", phase: wire.incidentType,
                serviceStatuses: try StatusHub.affected(wire.serviceStatuses, entity: "incident template \(wire.id)"))
        }
        maintenanceTemplates = try data.maintenanceTemplates.map { wire throws(ConversionError) in
            MaintenanceTemplate(
                id: wire.id.value, title: wire.title ?? "", body: wire.body ?? "", durationMinutes: wire.duration,
                serviceStatuses: try StatusHub.affected(wire.serviceStatuses, entity: "maintenance template \(wire.id)")
            )
        }
    }
}

extension StatusHub.AccountData {
    /// Writes a model account in StatusHub's shape; the inverse of `AccountState.init(_:)`.
    package init(_ state: AccountState) {
        self.init(
            groups: state.groups.map { StatusHub.Group(id: LenientID($0.id), name: $0.name, position: $0.position) },
            services: state.services.map {
                StatusHub.Service(
                    id: LenientID($0.id), name: $0.name, description: $0.description, position: $0.position,
                    groupID: $0.groupID.map { LenientID($0) }, status: $0.status.code(for: .statushub))
            },
            incidents: state.incidents.map(StatusHub.Incident.init),
            maintenances: state.maintenances.map {
                StatusHub.Maintenance(
                    id: LenientID($0.id), title: $0.title, body: $0.body, startTime: $0.startTime, endTime: $0.endTime,
                    serviceStatuses: StatusHub.serviceStatuses($0.affected), silent: nil,
                    state: StatusHub.state($0.visibility), createdAt: $0.createdAt, updatedAt: $0.updatedAt)
            },
            incidentTemplates: state.incidentTemplates.map {
                StatusHub.IncidentTemplate(
                    id: LenientID($0.id), title: $0.title, body: $0.body, incidentType: $0.phase,
                    serviceStatuses: StatusHub.serviceStatuses($0.serviceStatuses))
            },
            maintenanceTemplates: state.maintenanceTemplates.map {
                StatusHub.MaintenanceTemplate(
                    id: LenientID($0.id), title: $0.title, body: $0.body, duration: $0.durationMinutes,
                    serviceStatuses: StatusHub.serviceStatuses($0.serviceStatuses))
            })
    }
}

extension Incident {
    /// Reads a StatusHub incident in its detail form.
    ///
    /// StatusHub keeps service statuses on updates; an incident's ``affected`` services are its
    /// `service_ids`. An open incident gives each the status the latest update naming it gives it
    /// (what the page shows now); an ended one, the worst status any of its updates gave it (what
    /// the service suffered during the incident: its resolving `up` does not undo an outage).
    package init(_ wire: StatusHub.Incident) throws(ConversionError) {
        let entity = "incident \(wire.id)"
        let updates = try (wire.incidentUpdates ?? []).map { update throws(ConversionError) in
            IncidentUpdate(
                id: update.id.value, time: update.startTime, phase: update.incidentType, message: update.body ?? "",
                title: update.title, visibility: try StatusHub.visibility(update.state, entity: "update \(update.id)"),
                serviceStatuses: update.serviceStatuses == nil
                    ? nil : try StatusHub.affected(update.serviceStatuses, entity: "update \(update.id)"))
        }.sortedByTime()
        var statuses: [String: ComponentStatus] = [:]
        for update in updates {
            for entry in update.serviceStatuses ?? [] {
                let worst = max(entry.status, statuses[entry.serviceID] ?? entry.status)
                statuses[entry.serviceID] = wire.endTime == nil ? entry.status : worst
            }
        }
        let serviceIDs = wire.serviceIDs.map { $0.map(\.value) } ?? statuses.keys.sorted()
        self.init(
            id: wire.id.value, title: wire.title ?? updates.last?.title ?? "", startTime: wire.startTime,
            endTime: wire.endTime, visibility: try StatusHub.visibility(wire.state, entity: entity),
            affected: serviceIDs.map { AffectedService(serviceID: $0, status: statuses[$0] ?? .majorOutage) },
            updates: updates, updatedAt: wire.updatedAt)
    }
}

extension StatusHub.Incident {
    /// Writes a model incident in StatusHub's detail form.
    package init(_ incident: Incident) {
        self.init(
            id: LenientID(incident.id), title: incident.title, startTime: incident.startTime, endTime: incident.endTime,
            lastIncidentType: incident.updates.last?.phase, state: StatusHub.state(incident.visibility),
            updatedAt: incident.updatedAt,
            incidentUpdates: incident.updates.map {
                StatusHub.IncidentUpdate(
                    id: LenientID($0.id), title: $0.title, body: $0.message, startTime: $0.time, incidentType: $0.phase,
                    state: StatusHub.state($0.visibility), silent: nil,
                    serviceStatuses: $0.serviceStatuses.map(StatusHub.serviceStatuses), createdAt: nil, updatedAt: nil)
            },
            serviceIDs: incident.affected.map { LenientID($0.serviceID) })
    }
}

extension StatusHub {
    /// Reads a status code, naming the entity when it is unknown.
    static func status(_ code: String, entity: String) throws(ConversionError) -> ComponentStatus {
        try ComponentStatus(code: code, provider: .statushub, entity: entity)
    }

    static func affected(_ wire: [ServiceStatus]?, entity: String) throws(ConversionError) -> [AffectedService] {
        try (wire ?? []).map { entry throws(ConversionError) in
            AffectedService(serviceID: entry.serviceID.value, status: try status(entry.status, entity: entity))
        }
    }

    static func serviceStatuses(_ affected: [AffectedService]) -> [ServiceStatus] {
        affected.map {
            ServiceStatus(serviceID: LenientID($0.serviceID), status: $0.status.code(for: .statushub) ?? "down")
        }
    }

    /// Reads a `state`; a missing one is `published`, StatusHub's default.
    static func visibility(_ state: String?, entity: String) throws(ConversionError) -> Visibility {
        switch state ?? "published" {
        case "published": .published
        case "draft": .draft
        case "unconfirmed": .unconfirmed
        case let other: throw .unknownState(provider: .statushub, entity: entity, value: other)
        }
    }

    /// Writes a visibility as a `state`; Freshstatus's private has no StatusHub equivalent and reads as draft.
    static func state(_ visibility: Visibility) -> String {
        switch visibility {
        case .published: "published"
        case .draft, .private: "draft"
        case .unconfirmed: "unconfirmed"
        }
    }
}
