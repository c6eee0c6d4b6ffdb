/// One write to a provider account, in model terms, with every id already the target's.
///
/// The applier builds these from a plan and hands them to ``StatusPageProvider/perform(_:notify:)``.
/// Ids inside the values (a service's ``Service/groupID``, an incident's ``Incident/affected``
/// service ids, an update's ``IncidentUpdate/serviceStatuses``) must be target ids too. For an
/// update, the value's own `id` names the entity to change; for a create it is ignored.
///
/// Each provider sends every field the model holds for the entity (a full desired state, which
/// StatusHub's partial PUT and Freshstatus's PATCH both accept). What each case sends, per
/// provider, is in `FreshstatusClient+Requests.swift` and `StatusHubClient+Requests.swift`.
/// Cases a provider does not have throw ``ProviderError/unsupported(provider:operation:)``.
package enum WriteOperation: Sendable, Hashable {
    /// Creates a group. Freshstatus: `name, description, order, parent`; StatusHub: `name, position`.
    case createGroup(ServiceGroup)
    /// Changes the group `group.id` to match `group`.
    case updateGroup(ServiceGroup)
    /// Deletes a group.
    case deleteGroup(id: String)

    /// Creates a service. Freshstatus: `name, description, order, group`; StatusHub: `name, description,
    /// position, group_id`. The status is the provider's to derive and is never sent.
    case createService(Service)
    /// Changes the service `service.id` to match `service`.
    case updateService(Service)
    /// Deletes a service.
    case deleteService(id: String)

    /// Creates a phase in the account's vocabulary (Freshstatus `incident-status/`: `value, order`).
    case createIncidentPhase(IncidentPhase)

    /// Creates an incident.
    ///
    /// StatusHub creates the incident with its first update, taken from `incident.updates[0]`
    /// (title, message, time, phase, visibility, and its service statuses, or else `incident.affected`);
    /// with no update, from the incident's title, description, start time, `investigating` and
    /// `incident.affected`. Freshstatus creates the record only (`title, description, start_time,
    /// end_time, is_private, affected_components`); create its updates with ``createIncidentUpdate(incidentID:_:)``.
    case createIncident(Incident)
    /// Changes the Freshstatus incident `incident.id`: `title, description, start_time, end_time,
    /// is_private, affected_components`. StatusHub has no incident PUT: change its updates instead.
    case updateIncident(Incident)
    /// Deletes an incident with its updates.
    case deleteIncident(id: String)
    /// Resolves a Freshstatus incident (`incidents/{id}/resolve/`): the provider sets `end_time` to now
    /// and appends `message`, when given, as an update. StatusHub resolves with a `resolved` update.
    case resolveIncident(id: String, message: String?)

    /// Adds an update to incident `incidentID`.
    ///
    /// StatusHub needs ``IncidentUpdate/title`` and, unless the phase is `resolved`,
    /// ``IncidentUpdate/serviceStatuses``; with `resolved` the statuses are not sent (the provider
    /// returns the services to `up`). Freshstatus sends `incident, message, time, is_private, incident_status`.
    case createIncidentUpdate(incidentID: String, IncidentUpdate)
    /// Changes the update `update.id` of incident `incidentID`.
    case updateIncidentUpdate(incidentID: String, IncidentUpdate)
    /// Deletes an update.
    case deleteIncidentUpdate(incidentID: String, updateID: String)

    /// Creates a maintenance. StatusHub: one message (`title, body, start_time, end_time,
    /// service_statuses, state`), ``Maintenance/updates`` are not sent. Freshstatus: the record
    /// (`title, description, start_time, end_time, is_auto_start, is_auto_end, is_private,
    /// affected_components`); create its updates with ``createMaintenanceUpdate(maintenanceID:_:)``.
    case createMaintenance(Maintenance)
    /// Changes the maintenance `maintenance.id` to match `maintenance` (updates not included).
    case updateMaintenance(Maintenance)
    /// Deletes a maintenance.
    case deleteMaintenance(id: String)
    /// Starts a Freshstatus maintenance now (`maintenance/{id}/start/`), with an optional update message.
    case startMaintenance(id: String, message: String?)
    /// Completes a Freshstatus maintenance now (`maintenance/{id}/complete/`), with an optional update message.
    case completeMaintenance(id: String, message: String?)

    /// Adds an update to Freshstatus maintenance `maintenanceID` (`maintenance-updates/`).
    case createMaintenanceUpdate(maintenanceID: String, MaintenanceUpdate)
    /// Changes the update `update.id` of maintenance `maintenanceID`.
    case updateMaintenanceUpdate(maintenanceID: String, MaintenanceUpdate)
    /// Deletes a maintenance update.
    case deleteMaintenanceUpdate(maintenanceID: String, updateID: String)

    /// Creates a StatusHub incident template: `title, body, incident_type, service_statuses`.
    case createIncidentTemplate(IncidentTemplate)
    /// Changes the incident template `template.id`.
    case updateIncidentTemplate(IncidentTemplate)
    /// Deletes an incident template.
    case deleteIncidentTemplate(id: String)
    /// Creates a StatusHub maintenance template: `title, body, duration, service_statuses`.
    case createMaintenanceTemplate(MaintenanceTemplate)
    /// Changes the maintenance template `template.id`.
    case updateMaintenanceTemplate(MaintenanceTemplate)
    /// Deletes a maintenance template.
    case deleteMaintenanceTemplate(id: String)

    /// A short phrase for messages, such as `create incident` or `delete service 12`.
    package var summary: String {
        switch self {
        case .createGroup: "create group"
        case .updateGroup(let group): "update group \(group.id)"
        case .deleteGroup(let id): "delete group \(id)"
        case .createService: "create service"
        case .updateService(let service): "update service \(service.id)"
        case .deleteService(let id): "delete service \(id)"
        case .createIncidentPhase: "create incident phase"
        case .createIncident: "create incident"
        case .updateIncident(let incident): "update incident \(incident.id)"
        case .deleteIncident(let id): "delete incident \(id)"
        case .resolveIncident(let id, _): "resolve incident \(id)"
        case .createIncidentUpdate(let incident, _): "create an update of incident \(incident)"
        case .updateIncidentUpdate(let incident, let update): "update update \(update.id) of incident \(incident)"
        case .deleteIncidentUpdate(let incident, let update): "delete update \(update) of incident \(incident)"
        case .createMaintenance: "create maintenance"
        case .updateMaintenance(let maintenance): "update maintenance \(maintenance.id)"
        case .deleteMaintenance(let id): "delete maintenance \(id)"
        case .startMaintenance(let id, _): "start maintenance \(id)"
        case .completeMaintenance(let id, _): "complete maintenance \(id)"
        case .createMaintenanceUpdate(let maintenance, _): "create an update of maintenance \(maintenance)"
        case .updateMaintenanceUpdate(let maintenance, let update):
            "update update \(update.id) of maintenance \(maintenance)"
        case .deleteMaintenanceUpdate(let maintenance, let update):
            "delete update \(update) of maintenance \(maintenance)"
        case .createIncidentTemplate: "create incident template"
        case .updateIncidentTemplate(let template): "update incident template \(template.id)"
        case .deleteIncidentTemplate(let id): "delete incident template \(id)"
        case .createMaintenanceTemplate: "create maintenance template"
        case .updateMaintenanceTemplate(let template): "update maintenance template \(template.id)"
        case .deleteMaintenanceTemplate(let id): "delete maintenance template \(id)"
        }
    }
}

/// What a write produced.
package struct WriteResult: Sendable, Hashable {
    /// The target id of the entity written (for a delete, the id deleted).
    package var id: String
    /// The entity as the provider answered it, in model terms; `nil` for deletes.
    package var entity: WrittenEntity?
    /// The provider's answer as it sent it; `nil` for deletes (204).
    package var raw: JSONValue?

    /// Creates a write result.
    package init(id: String, entity: WrittenEntity? = nil, raw: JSONValue? = nil) {
        self.id = id
        self.entity = entity
        self.raw = raw
    }
}

/// An entity a provider answered a write with, in model terms (an incident: StatusHub answers a
/// create with the detail form, so its first update is there).
package typealias WrittenEntity = EntityPayload

extension WrittenEntity {
    /// The entity of an account state that holds one item of one kind, as a write's answer reads.
    package init?(only state: AccountState) {
        if let group = state.groups.first {
            self = .group(group)
        } else if let service = state.services.first {
            self = .service(service)
        } else if let incident = state.incidents.first {
            self = .incident(incident)
        } else if let maintenance = state.maintenances.first {
            self = .maintenance(maintenance)
        } else if let template = state.incidentTemplates.first {
            self = .incidentTemplate(template)
        } else if let template = state.maintenanceTemplates.first {
            self = .maintenanceTemplate(template)
        } else if state.provider.capabilities.fixedPhases == nil, let phase = state.phases.first {
            self = .phase(phase)
        } else {
            return nil
        }
    }
}
