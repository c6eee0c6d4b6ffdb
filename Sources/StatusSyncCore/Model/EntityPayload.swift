/// One entity's value in the model's terms, a case per kind.
///
/// A planned change carries the desired entity it writes, with keys for ids and references; a
/// provider answers a write with the entity as written, with its own ids (``WrittenEntity``). Its
/// JSON form, `{"KIND": {...}}`, is in `Plan+JSON.swift`.
package enum EntityPayload: Sendable, Hashable, Codable {
    /// A group.
    case group(ServiceGroup)
    /// A service.
    case service(Service)
    /// An incident phase.
    case phase(IncidentPhase)
    /// An incident; for a StatusHub create, its first update is written with it.
    case incident(Incident)
    /// An incident update.
    case incidentUpdate(IncidentUpdate)
    /// A maintenance.
    case maintenance(Maintenance)
    /// A maintenance update.
    case maintenanceUpdate(MaintenanceUpdate)
    /// An incident template.
    case incidentTemplate(IncidentTemplate)
    /// A maintenance template.
    case maintenanceTemplate(MaintenanceTemplate)
}
