/// A phase of an incident's life, such as "Investigating" or "Resolved".
///
/// Freshstatus accounts define their own phases (`incident-status/`); StatusHub has a fixed set,
/// ``IncidentPhase/statusHubTypes``. Updates name their phase by ``name``.
package struct IncidentPhase: Sendable, Hashable, Codable {
    /// The provider's id for the phase; `nil` for StatusHub's fixed types, which have none.
    package var id: String?
    /// The phase's name as updates refer to it (Freshstatus `value`, StatusHub `incident_type`).
    package var name: String
    /// Where the phase stands in the account's ordering.
    package var order: Int

    /// Creates a phase.
    package init(id: String? = nil, name: String, order: Int) {
        self.id = id
        self.name = name
        self.order = order
    }

    /// StatusHub's fixed incident types, in order; `resolved` ends an incident.
    package static let statusHubTypes: [IncidentPhase] = ["investigating", "identified", "monitoring", "resolved"]
        .enumerated().map { IncidentPhase(name: $0.element, order: $0.offset + 1) }
}
