import Foundation

// Freshstatus's endpoints and request bodies, in one place: a fix after first contact with the
// real API is a change here.

extension FreshstatusClient {
    /// The collection path of each kind (without the trailing slash the URL builder adds).
    static func resource(_ kind: EntityKind) -> String {
        switch kind {
        case .group: "groups"
        case .service: "services"
        case .phase: "incident-status"
        case .incident: "incidents"
        case .maintenance: "maintenance"
        case .incidentUpdate: "incident-updates"
        case .maintenanceUpdate: "maintenance-updates"
        case .incidentTemplate, .maintenanceTemplate: "templates"  // Freshstatus has none; never requested
        }
    }

    /// The member an incident or maintenance embeds its updates in.
    static func updatesKey(_ kind: EntityKind) -> String {
        kind == .maintenance ? "maintenance_updates" : "incident_updates"
    }

    /// The `notification_options` keys sent on incident and update writes.
    static let incidentNotificationKeys = ["send_notification", "send_tweet", "send_email"]
    /// The `notification_options` keys sent on maintenance writes.
    static let maintenanceNotificationKeys =
        incidentNotificationKeys + [
            "email_on_start", "email_on_complete", "email_before_day_hour", "email_before_one_hour",
        ]

    /// Performs one write; see ``WriteOperation`` for what each case sends.
    package func perform(_ operation: WriteOperation, notify: Bool) async throws -> WriteResult {
        let incidentOptions = Self.notificationOptions(Self.incidentNotificationKeys, notify: notify)
        let maintenanceOptions = Self.notificationOptions(Self.maintenanceNotificationKeys, notify: notify)
        switch operation {
        case .createGroup(let group):
            return try await write(.post, ["groups"], Self.body(group), key: "groups")
        case .updateGroup(let group):
            return try await write(.patch, ["groups", group.id], Self.body(group), key: "groups")
        case .deleteGroup(let id):
            return try await delete(["groups", id])
        case .createService(let service):
            return try await write(.post, ["services"], Self.body(service), key: "services")
        case .updateService(let service):
            return try await write(.patch, ["services", service.id], Self.body(service), key: "services")
        case .deleteService(let id):
            return try await delete(["services", id])
        case .createIncidentPhase(let phase):
            return try await write(.post, ["incident-status"], Self.body(phase), key: "incident_statuses")
        case .createIncident(let incident):
            let body = try Self.body(incident, options: incidentOptions, operation: operation)
            return try await write(.post, ["incidents"], body, key: "incidents")
        case .updateIncident(let incident):
            let body = try Self.body(incident, options: incidentOptions, operation: operation)
            return try await write(.patch, ["incidents", incident.id], body, key: "incidents")
        case .deleteIncident(let id):
            return try await delete(["incidents", id])
        case .resolveIncident(let id, let message):
            let body = Self.actionBody(message: message, options: incidentOptions)
            return try await write(.post, ["incidents", id, "resolve"], body, key: "incidents")
        case .createIncidentUpdate(let incidentID, let update):
            let body = Self.body(update, incidentID: incidentID, options: incidentOptions)
            return try await writeNote(.post, ["incident-updates"], body, maintenance: false)
        case .updateIncidentUpdate(let incidentID, let update):
            let body = Self.body(update, incidentID: incidentID, options: incidentOptions)
            return try await writeNote(.patch, ["incident-updates", update.id], body, maintenance: false)
        case .deleteIncidentUpdate(_, let updateID):
            return try await delete(["incident-updates", updateID])
        case .createMaintenance(let maintenance):
            let body = try Self.body(maintenance, options: maintenanceOptions, operation: operation)
            return try await write(.post, ["maintenance"], body, key: "maintenances")
        case .updateMaintenance(let maintenance):
            let body = try Self.body(maintenance, options: maintenanceOptions, operation: operation)
            return try await write(.patch, ["maintenance", maintenance.id], body, key: "maintenances")
        case .deleteMaintenance(let id):
            return try await delete(["maintenance", id])
        case .startMaintenance(let id, let message):
            let body = Self.actionBody(message: message, options: maintenanceOptions)
            return try await write(.post, ["maintenance", id, "start"], body, key: "maintenances")
        case .completeMaintenance(let id, let message):
            let body = Self.actionBody(message: message, options: maintenanceOptions)
            return try await write(.post, ["maintenance", id, "complete"], body, key: "maintenances")
        case .createMaintenanceUpdate(let maintenanceID, let update):
            let body = Self.body(update, maintenanceID: maintenanceID, options: incidentOptions)
            return try await writeNote(.post, ["maintenance-updates"], body, maintenance: true)
        case .updateMaintenanceUpdate(let maintenanceID, let update):
            let body = Self.body(update, maintenanceID: maintenanceID, options: incidentOptions)
            return try await writeNote(.patch, ["maintenance-updates", update.id], body, maintenance: true)
        case .deleteMaintenanceUpdate(_, let updateID):
            return try await delete(["maintenance-updates", updateID])
        case .createIncidentTemplate, .updateIncidentTemplate, .deleteIncidentTemplate, .createMaintenanceTemplate,
            .updateMaintenanceTemplate, .deleteMaintenanceTemplate:
            throw ProviderError.unsupported(provider: .freshstatus, operation: "templates (\(operation.summary))")
        }
    }

    // MARK: - Sending

    /// Sends a create, update or action and reads the entity it answers with (see ``ProviderConnection/write(_:_:body:key:)``).
    private func write(_ method: HTTPMethod, _ path: [String], _ body: JSONValue, key: String) async throws
        -> WriteResult
    {
        try await connection.write(method, try url(path), body: body, key: key)
    }

    private func writeNote(_ method: HTTPMethod, _ path: [String], _ body: JSONValue, maintenance: Bool) async throws
        -> WriteResult
    {
        let url = try self.url(path)
        let raw = try await connection.json(method, url, body: body)
        guard let id = ProviderJSON.id(ProviderJSON.member(raw, "id")) else {
            throw connection.undecodable(method: method, url: url, reason: "the answer has no id")
        }
        let entity = maintenance ? Self.maintenanceUpdate(from: raw) : Self.incidentUpdate(from: raw)
        return WriteResult(id: id, entity: entity, raw: raw)
    }

    private func delete(_ path: [String]) async throws -> WriteResult {
        _ = try await connection.send(.delete, try url(path))
        return WriteResult(id: path.last ?? "")
    }

    static func incidentUpdate(from raw: JSONValue) -> WrittenEntity? {
        guard let bytes = try? JSONEncoder().encode(raw),
            let wire = try? JSONCoding.makeDecoder().decode(Freshstatus.IncidentUpdate.self, from: bytes)
        else { return nil }
        return .incidentUpdate(
            IncidentUpdate(
                id: wire.id.value, time: wire.time, phase: wire.incidentStatus ?? "", message: wire.message ?? "",
                visibility: Freshstatus.visibility(wire.isPrivate)))
    }

    static func maintenanceUpdate(from raw: JSONValue) -> WrittenEntity? {
        guard let bytes = try? JSONEncoder().encode(raw),
            let wire = try? JSONCoding.makeDecoder().decode(Freshstatus.MaintenanceUpdate.self, from: bytes)
        else { return nil }
        return .maintenanceUpdate(
            MaintenanceUpdate(
                id: wire.id.value, time: wire.time, phase: wire.maintenanceStatus ?? "", message: wire.message ?? "",
                visibility: Freshstatus.visibility(wire.isPrivate)))
    }

    // MARK: - Bodies

    /// `notification_options` with every flag `"true"` or `"false"` (strings, as the seed shows).
    static func notificationOptions(_ keys: [String], notify: Bool) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.string(notify ? "true" : "false")) }))
    }

    static func body(_ group: ServiceGroup) -> JSONValue {
        .object([
            "name": .string(group.name), "description": .string(group.description),
            "order": .number(Double(group.position)), "parent": ProviderJSON.idValue(group.parentID),
        ])
    }

    static func body(_ service: Service) -> JSONValue {
        .object([
            "name": .string(service.name), "description": .string(service.description),
            "order": .number(Double(service.position)), "group": ProviderJSON.idValue(service.groupID),
        ])
    }

    static func body(_ phase: IncidentPhase) -> JSONValue {
        .object(["value": .string(phase.name), "order": .number(Double(phase.order))])
    }

    /// `POST incidents/` and `PATCH incidents/{id}/`: the record without its updates.
    static func body(_ incident: Incident, options: JSONValue, operation: WriteOperation) throws(ProviderError)
        -> JSONValue
    {
        .object([
            "title": .string(incident.title), "description": .string(incident.description),
            "start_time": .string(incident.startTime.iso8601),
            "end_time": incident.endTime.map { .string($0.iso8601) } ?? .null,
            "is_private": .bool(!incident.visibility.isPublic),
            "affected_components": try affectedComponents(incident.affected, operation: operation),
            "notification_options": options,
        ])
    }

    static func body(_ update: IncidentUpdate, incidentID: String, options: JSONValue) -> JSONValue {
        .object([
            "incident": ProviderJSON.idValue(incidentID), "message": .string(update.message),
            "time": .string(update.time.iso8601), "is_private": .bool(!update.visibility.isPublic),
            "incident_status": .string(update.phase), "notification_options": options,
        ])
    }

    static func body(_ maintenance: Maintenance, options: JSONValue, operation: WriteOperation) throws(ProviderError)
        -> JSONValue
    {
        .object([
            "title": .string(maintenance.title), "description": .string(maintenance.body),
            "start_time": .string(maintenance.startTime.iso8601), "end_time": .string(maintenance.endTime.iso8601),
            "is_auto_start": .bool(maintenance.startsAutomatically),
            "is_auto_end": .bool(maintenance.endsAutomatically),
            "is_private": .bool(!maintenance.visibility.isPublic),
            "affected_components": try affectedComponents(maintenance.affected, operation: operation),
            "notification_options": options,
        ])
    }

    static func body(_ update: MaintenanceUpdate, maintenanceID: String, options: JSONValue) -> JSONValue {
        .object([
            "maintenance": ProviderJSON.idValue(maintenanceID), "message": .string(update.message),
            "time": .string(update.time.iso8601), "is_private": .bool(!update.visibility.isPublic),
            "maintenance_status": .string(update.phase), "notification_options": options,
        ])
    }

    /// `resolve/`, `start/`, `complete/`: an optional message and the notification choice.
    static func actionBody(message: String?, options: JSONValue) -> JSONValue {
        var body: [String: JSONValue] = ["notification_options": options]
        if let message { body["message"] = .string(message) }
        return .object(body)
    }

    /// `[{"component": "ID", "new_status": "MO"}]`, component ids as strings (the seed's form).
    static func affectedComponents(_ affected: [AffectedService], operation: WriteOperation) throws(ProviderError)
        -> JSONValue
    {
        .array(
            try affected.map { entry throws(ProviderError) in
                guard let code = entry.status.code(for: .freshstatus) else {
                    throw .invalidOperation(
                        provider: .freshstatus, operation: operation.summary,
                        reason: "Freshstatus has no status \(entry.status.rawValue)")
                }
                return .object(["component": .string(entry.serviceID), "new_status": .string(code)])
            })
    }
}
