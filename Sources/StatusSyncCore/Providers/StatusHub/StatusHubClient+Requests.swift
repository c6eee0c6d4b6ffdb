import Foundation

// StatusHub's endpoints and request bodies, in one place: a fix after first contact with the
// real API is a change here.

extension StatusHubClient {
    /// Sent as a query parameter on every call.
    static let apiVersion = URLQueryItem(name: "api_version", value: "V3-R1")

    /// The collection path of each kind.
    static func resource(_ kind: EntityKind) -> String {
        switch kind {
        case .group: "groups"
        case .service: "services"
        case .incident: "incidents"
        case .maintenance: "maintenances"
        case .incidentTemplate: "incident_templates"
        case .maintenanceTemplate: "maintenance_templates"
        case .phase, .incidentUpdate, .maintenanceUpdate: "unlisted"  // not lists of their own; never requested
        }
    }

    /// Performs one write; see ``WriteOperation`` for what each case sends.
    package func perform(_ operation: WriteOperation, notify: Bool) async throws -> WriteResult {
        let silent = JSONValue.bool(!notify)
        switch operation {
        case .createGroup(let group):
            return try await write(.post, ["groups"], Self.body(group), key: "groups")
        case .updateGroup(let group):
            return try await write(.put, ["groups", group.id], Self.body(group), key: "groups")
        case .deleteGroup(let id):
            return try await delete(["groups", id])
        case .createService(let service):
            return try await write(.post, ["services"], Self.body(service), key: "services")
        case .updateService(let service):
            return try await write(.put, ["services", service.id], Self.body(service), key: "services")
        case .deleteService(let id):
            return try await delete(["services", id])
        case .createIncidentPhase:
            throw ProviderError.unsupported(
                provider: .statushub, operation: "creating incident phases (its incident types are fixed)")
        case .createIncident(let incident):
            let body = try Self.createBody(incident, silent: silent, operation: operation)
            return try await write(.post, ["incidents"], body, key: "incidents")
        case .updateIncident:
            throw ProviderError.unsupported(
                provider: .statushub,
                operation: "changing an incident (no incident PUT; change or add its updates instead)")
        case .deleteIncident(let id):
            return try await delete(["incidents", id])
        case .resolveIncident:
            throw ProviderError.unsupported(
                provider: .statushub, operation: "resolve/ (add an update of type resolved instead)")
        case .createIncidentUpdate(let incidentID, let update):
            let body = try Self.body(update, silent: silent, operation: operation)
            return try await writeUpdate(.post, ["incidents", incidentID, "incident_updates"], body)
        case .updateIncidentUpdate(let incidentID, let update):
            let body = try Self.body(update, silent: silent, operation: operation)
            return try await writeUpdate(.put, ["incidents", incidentID, "incident_updates", update.id], body)
        case .deleteIncidentUpdate(let incidentID, let updateID):
            return try await delete(["incidents", incidentID, "incident_updates", updateID])
        case .createMaintenance(let maintenance):
            let body = try Self.body(maintenance, silent: silent, operation: operation)
            return try await write(.post, ["maintenances"], body, key: "maintenances")
        case .updateMaintenance(let maintenance):
            let body = try Self.body(maintenance, silent: silent, operation: operation)
            return try await write(.put, ["maintenances", maintenance.id], body, key: "maintenances")
        case .deleteMaintenance(let id):
            return try await delete(["maintenances", id])
        case .startMaintenance, .completeMaintenance:
            throw ProviderError.unsupported(
                provider: .statushub, operation: "starting or completing a maintenance (it follows its times)")
        case .createMaintenanceUpdate, .updateMaintenanceUpdate, .deleteMaintenanceUpdate:
            throw ProviderError.unsupported(
                provider: .statushub, operation: "maintenance updates (a maintenance has one message, its body)")
        case .createIncidentTemplate(let template):
            let body = try Self.body(template, operation: operation)
            return try await write(.post, ["incident_templates"], body, key: "incident_templates")
        case .updateIncidentTemplate(let template):
            let body = try Self.body(template, operation: operation)
            return try await write(.put, ["incident_templates", template.id], body, key: "incident_templates")
        case .deleteIncidentTemplate(let id):
            return try await delete(["incident_templates", id])
        case .createMaintenanceTemplate(let template):
            let body = try Self.body(template, operation: operation)
            return try await write(.post, ["maintenance_templates"], body, key: "maintenance_templates")
        case .updateMaintenanceTemplate(let template):
            let body = try Self.body(template, operation: operation)
            return try await write(.put, ["maintenance_templates", template.id], body, key: "maintenance_templates")
        case .deleteMaintenanceTemplate(let id):
            return try await delete(["maintenance_templates", id])
        }
    }

    // MARK: - Sending

    /// Sends a create or update and reads the entity it answers with (see ``ProviderConnection/write(_:_:body:key:)``).
    private func write(_ method: HTTPMethod, _ path: [String], _ body: JSONValue, key: String) async throws
        -> WriteResult
    {
        try await connection.write(method, try url(path), body: body, key: key)
    }

    private func writeUpdate(_ method: HTTPMethod, _ path: [String], _ body: JSONValue) async throws -> WriteResult {
        let url = try self.url(path)
        let raw = try await connection.json(method, url, body: body)
        guard let id = ProviderJSON.id(ProviderJSON.member(raw, "id")) else {
            throw connection.undecodable(method: method, url: url, reason: "the answer has no id")
        }
        return WriteResult(id: id, entity: Self.update(from: raw).map(WrittenEntity.incidentUpdate), raw: raw)
    }

    private func delete(_ path: [String]) async throws -> WriteResult {
        _ = try await connection.send(.delete, try url(path))
        return WriteResult(id: path.last ?? "")
    }

    /// Reads an incident update the provider answered with.
    static func update(from raw: JSONValue) -> IncidentUpdate? {
        guard let bytes = try? JSONEncoder().encode(raw),
            let wire = try? JSONCoding.makeDecoder().decode(StatusHub.IncidentUpdate.self, from: bytes),
            let visibility = try? StatusHub.visibility(wire.state, entity: "update \(wire.id)")
        else { return nil }
        return IncidentUpdate(
            id: wire.id.value, time: wire.startTime, phase: wire.incidentType, message: wire.body ?? "",
            title: wire.title, visibility: visibility,
            serviceStatuses: wire.serviceStatuses.flatMap { try? StatusHub.affected($0, entity: "update") })
    }

    // MARK: - Bodies

    static func body(_ group: ServiceGroup) -> JSONValue {
        .object(["name": .string(group.name), "position": .number(Double(group.position))])
    }

    static func body(_ service: Service) -> JSONValue {
        .object([
            "name": .string(service.name), "description": .string(service.description),
            "position": .number(Double(service.position)), "group_id": ProviderJSON.idValue(service.groupID),
        ])
    }

    /// `POST incidents`: the incident with its first update.
    static func createBody(_ incident: Incident, silent: JSONValue, operation: WriteOperation) throws(ProviderError)
        -> JSONValue
    {
        let first = incident.updates.first
        let phase = first?.phase ?? "investigating"
        guard phase != "resolved" else {
            throw .invalidOperation(
                provider: .statushub, operation: operation.summary,
                reason: "an incident cannot be created with a resolved update; create it open, then resolve it")
        }
        let statuses = first?.serviceStatuses ?? incident.affected
        guard !statuses.isEmpty else {
            throw .invalidOperation(
                provider: .statushub, operation: operation.summary, reason: "it must name at least one service")
        }
        return .object([
            "title": .string(first?.title ?? incident.title),
            "body": .string(first?.message ?? incident.description),
            "start_time": .string((first?.time ?? incident.startTime).iso8601),
            "incident_type": .string(phase),
            "service_statuses": try serviceStatuses(statuses, operation: operation),
            "silent": silent,
            "state": .string(StatusHub.state(first?.visibility ?? incident.visibility)),
        ])
    }

    /// `POST` or `PUT incidents/{id}/incident_updates[/{uid}]`.
    static func body(_ update: IncidentUpdate, silent: JSONValue, operation: WriteOperation) throws(ProviderError)
        -> JSONValue
    {
        guard let title = update.title, !title.isEmpty else {
            throw .invalidOperation(
                provider: .statushub, operation: operation.summary, reason: "a StatusHub update needs a title")
        }
        var body: [String: JSONValue] = [
            "title": .string(title), "body": .string(update.message), "start_time": .string(update.time.iso8601),
            "incident_type": .string(update.phase), "state": .string(StatusHub.state(update.visibility)),
            "silent": silent,
        ]
        if update.phase != "resolved" {
            guard let statuses = update.serviceStatuses, !statuses.isEmpty else {
                throw .invalidOperation(
                    provider: .statushub, operation: operation.summary,
                    reason: "an update that is not resolved must set the status of at least one service")
            }
            body["service_statuses"] = try serviceStatuses(statuses, operation: operation)
        }
        return .object(body)
    }

    static func body(_ maintenance: Maintenance, silent: JSONValue, operation: WriteOperation) throws(ProviderError)
        -> JSONValue
    {
        .object([
            "title": .string(maintenance.title), "body": .string(maintenance.body),
            "start_time": .string(maintenance.startTime.iso8601), "end_time": .string(maintenance.endTime.iso8601),
            "service_statuses": try serviceStatuses(maintenance.affected, operation: operation),
            "silent": silent, "state": .string(StatusHub.state(maintenance.visibility)),
        ])
    }

    static func body(_ template: IncidentTemplate, operation: WriteOperation) throws(ProviderError) -> JSONValue {
        .object([
            "title": .string(template.title), "body": .string(template.body),
            "incident_type": template.phase.map(JSONValue.string) ?? .null,
            "service_statuses": try serviceStatuses(template.serviceStatuses, operation: operation),
        ])
    }

    static func body(_ template: MaintenanceTemplate, operation: WriteOperation) throws(ProviderError) -> JSONValue {
        .object([
            "title": .string(template.title), "body": .string(template.body),
            "duration": template.durationMinutes.map { .number(Double($0)) } ?? .null,
            "service_statuses": try serviceStatuses(template.serviceStatuses, operation: operation),
        ])
    }

    /// `[{"service_id", "status"}]`; a status StatusHub has no code for is the mapping's to collapse, so it fails here.
    static func serviceStatuses(_ affected: [AffectedService], operation: WriteOperation) throws(ProviderError)
        -> JSONValue
    {
        .array(
            try affected.map { entry throws(ProviderError) in
                guard let code = entry.status.code(for: .statushub) else {
                    throw .invalidOperation(
                        provider: .statushub, operation: operation.summary,
                        reason: "StatusHub has no status \(entry.status.rawValue) (service \(entry.serviceID)); "
                            + "the mapping must turn it into up, degraded-performance or down")
                }
                return .object(["service_id": ProviderJSON.idValue(entry.serviceID), "status": .string(code)])
            })
    }
}
