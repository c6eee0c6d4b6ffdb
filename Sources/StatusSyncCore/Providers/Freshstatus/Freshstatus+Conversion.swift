// Conversion between Freshstatus wire types and the domain model, in both directions.

extension AccountState {
    /// Reads a Freshstatus account into the model.
    ///
    /// - Throws: ``ConversionError/unknownStatus(provider:entity:value:)`` for a status code outside `OP PD PO MO UM`.
    package init(_ data: Freshstatus.AccountData) throws(ConversionError) {
        self.init(provider: .freshstatus)
        groups = data.groups.map(ServiceGroup.init)
        services = try data.services.map { wire throws(ConversionError) in try Service(wire) }
        phases = data.incidentStatuses.enumerated().map { index, wire in
            IncidentPhase(id: wire.id.value, name: wire.value, order: wire.order ?? index + 1)
        }
        incidents = try data.incidents.map { wire throws(ConversionError) in try Incident(wire) }
        maintenances = try data.maintenances.map { wire throws(ConversionError) in try Maintenance(wire) }
    }
}

extension Freshstatus.AccountData {
    /// Writes a model account in Freshstatus's shape; the inverse of `AccountState.init(_:)`.
    package init(_ state: AccountState) {
        self.init(
            groups: state.groups.map(Freshstatus.Group.init),
            services: state.services.map(Freshstatus.Service.init),
            incidentStatuses: state.phases.map {
                Freshstatus.IncidentStatus(id: LenientID($0.id ?? $0.name), value: $0.name, order: $0.order)
            },
            incidents: state.incidents.map(Freshstatus.Incident.init),
            maintenances: state.maintenances.map(Freshstatus.Maintenance.init))
    }
}

// MARK: - Wire to model

extension ServiceGroup {
    /// Reads a Freshstatus group.
    package init(_ wire: Freshstatus.Group) {
        self.init(
            id: wire.id.value, name: wire.name, description: wire.description ?? "", position: wire.order ?? 0,
            parentID: wire.parent?.value)
    }
}

extension Service {
    /// Reads a Freshstatus service; a missing status reads as operational.
    package init(_ wire: Freshstatus.Service) throws(ConversionError) {
        self.init(
            id: wire.id.value, name: wire.name, description: wire.description ?? "", position: wire.order ?? 0,
            groupID: wire.group?.id.value,
            status: try Freshstatus.status(wire.status ?? "OP", entity: "service \(wire.id)"))
    }
}

extension Incident {
    /// Reads a Freshstatus incident with its embedded updates.
    package init(_ wire: Freshstatus.Incident) throws(ConversionError) {
        self.init(
            id: wire.id.value, title: wire.title, description: wire.description ?? "", startTime: wire.startTime,
            endTime: wire.endTime, visibility: Freshstatus.visibility(wire.isPrivate),
            affected: try Freshstatus.affected(wire.affectedComponents, entity: "incident \(wire.id)"),
            updates: (wire.incidentUpdates ?? []).map {
                IncidentUpdate(
                    id: $0.id.value, time: $0.time, phase: $0.incidentStatus ?? "", message: $0.message ?? "",
                    visibility: Freshstatus.visibility($0.isPrivate))
            })
    }
}

extension Maintenance {
    /// Reads a Freshstatus maintenance with its embedded updates.
    package init(_ wire: Freshstatus.Maintenance) throws(ConversionError) {
        self.init(
            id: wire.id.value, title: wire.title, body: wire.description ?? "", startTime: wire.startTime,
            endTime: wire.endTime, visibility: Freshstatus.visibility(wire.isPrivate),
            affected: try Freshstatus.affected(wire.affectedComponents, entity: "maintenance \(wire.id)"),
            updates: (wire.maintenanceUpdates ?? []).map {
                MaintenanceUpdate(
                    id: $0.id.value, time: $0.time, phase: $0.maintenanceStatus ?? "", message: $0.message ?? "",
                    visibility: Freshstatus.visibility($0.isPrivate))
            },
            startsAutomatically: wire.isAutoStart?.value ?? true, endsAutomatically: wire.isAutoEnd?.value ?? true)
    }
}

extension Freshstatus {
    /// Reads a status code, naming the entity when it is unknown.
    static func status(_ code: String, entity: String) throws(ConversionError) -> ComponentStatus {
        try ComponentStatus(code: code, provider: .freshstatus, entity: entity)
    }

    static func affected(_ wire: [AffectedComponent]?, entity: String) throws(ConversionError) -> [AffectedService] {
        try (wire ?? []).map { component throws(ConversionError) in
            AffectedService(
                serviceID: component.component.value, status: try status(component.newStatus, entity: entity))
        }
    }

    static func visibility(_ isPrivate: LenientBool?) -> Visibility {
        isPrivate?.value == true ? .private : .published
    }

    static func isPrivate(_ visibility: Visibility) -> LenientBool {
        LenientBool(!visibility.isPublic)
    }

    static func components(_ affected: [AffectedService]) -> [AffectedComponent] {
        affected.map {
            AffectedComponent(component: LenientID($0.serviceID), newStatus: $0.status.code(for: .freshstatus) ?? "OP")
        }
    }
}

// MARK: - Model to wire

extension Freshstatus.Group {
    /// Writes a model group in Freshstatus's shape.
    package init(_ group: ServiceGroup) {
        self.init(
            id: LenientID(group.id), name: group.name, description: group.description, order: group.position,
            parent: group.parentID.map { LenientID($0) }, displayOptions: nil)
    }
}

extension Freshstatus.Service {
    /// Writes a model service in Freshstatus's shape.
    package init(_ service: Service) {
        self.init(
            id: LenientID(service.id), name: service.name, description: service.description, order: service.position,
            status: service.status.code(for: .freshstatus), group: service.groupID.map { .init(id: LenientID($0)) },
            displayOptions: nil)
    }
}

extension Freshstatus.Incident {
    /// Writes a model incident in Freshstatus's shape, updates embedded.
    package init(_ incident: Incident) {
        self.init(
            id: LenientID(incident.id), title: incident.title, description: incident.description,
            startTime: incident.startTime, endTime: incident.endTime,
            isPrivate: Freshstatus.isPrivate(incident.visibility),
            affectedComponents: Freshstatus.components(incident.affected), notificationOptions: nil,
            incidentUpdates: incident.updates.map {
                Freshstatus.IncidentUpdate(
                    id: LenientID($0.id), message: $0.message, time: $0.time,
                    isPrivate: Freshstatus.isPrivate($0.visibility), incident: LenientID(incident.id),
                    incidentStatus: $0.phase, notificationOptions: nil)
            })
    }
}

extension Freshstatus.Maintenance {
    /// Writes a model maintenance in Freshstatus's shape, updates embedded.
    package init(_ maintenance: Maintenance) {
        self.init(
            id: LenientID(maintenance.id), title: maintenance.title, description: maintenance.body,
            startTime: maintenance.startTime, endTime: maintenance.endTime,
            isAutoStart: LenientBool(maintenance.startsAutomatically),
            isAutoEnd: LenientBool(maintenance.endsAutomatically),
            isPrivate: Freshstatus.isPrivate(maintenance.visibility),
            affectedComponents: Freshstatus.components(maintenance.affected), notificationOptions: nil,
            maintenanceUpdates: maintenance.updates.map {
                Freshstatus.MaintenanceUpdate(
                    id: LenientID($0.id), message: $0.message, time: $0.time,
                    isPrivate: Freshstatus.isPrivate($0.visibility), maintenance: LenientID(maintenance.id),
                    maintenanceStatus: $0.phase)
            })
    }
}
