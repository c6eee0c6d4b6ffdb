/// Stable keys for the entities of a desired state, derived from the source's ids.
///
/// In a desired ``AccountState`` every id is such a key and every reference (a service's group,
/// an incident's services) names a key, so the planner can link source and target entities and the
/// applier can resolve references to target ids once they exist.
package enum EntityKey {
    /// `group:ID`.
    package static func group(_ sourceID: String) -> String { "group:\(sourceID)" }
    /// `service:ID`.
    package static func service(_ sourceID: String) -> String { "service:\(sourceID)" }
    /// `phase:NAME`.
    package static func phase(_ name: String) -> String { "phase:\(name)" }
    /// `incident:ID`.
    package static func incident(_ sourceID: String) -> String { "incident:\(sourceID)" }
    /// `incident:ID/update:UID`, or a synthesized `incident:ID/opening` or `incident:ID/resolved`.
    package static func incidentUpdate(incident: String, _ part: String) -> String { "\(incident)/\(part)" }
    /// `maintenance:ID`.
    package static func maintenance(_ sourceID: String) -> String { "maintenance:\(sourceID)" }
    /// `maintenance:ID/update:UID` or a synthesized `maintenance:ID/notice`.
    package static func maintenanceUpdate(maintenance: String, _ part: String) -> String { "\(maintenance)/\(part)" }
    /// `incident-template:ID`.
    package static func incidentTemplate(_ sourceID: String) -> String { "incident-template:\(sourceID)" }
    /// `maintenance-template:ID`.
    package static func maintenanceTemplate(_ sourceID: String) -> String { "maintenance-template:\(sourceID)" }
}
