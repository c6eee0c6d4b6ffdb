/// An incident with its timeline of updates.
///
/// A Freshstatus incident is a mutable record (title, description, affected components) with a
/// list of updates; a StatusHub incident is an append-only timeline whose updates carry the
/// service statuses. The model holds both: ``affected`` is the incident's current set of affected
/// services, and each update may carry its own ``IncidentUpdate/serviceStatuses``.
package struct Incident: Sendable, Hashable, Codable {
    /// The provider's id for the incident.
    package var id: String
    /// The incident's title.
    package var title: String
    /// Free text describing the incident (Freshstatus `description`); empty when the provider has none.
    package var description: String
    /// When the incident started.
    package var startTime: Instant
    /// When the incident ended, or `nil` while it is open.
    package var endTime: Instant?
    /// Who can see the incident.
    package var visibility: Visibility
    /// The services the incident affects, with the status it gives each, sorted by service id.
    package var affected: [AffectedService]
    /// The timeline, oldest first.
    package var updates: [IncidentUpdate]
    /// When the provider last changed the incident, where it says (StatusHub `updated_at`).
    package var updatedAt: Instant?

    /// Creates an incident; `affected` is kept sorted and `updates` oldest first.
    package init(
        id: String, title: String, description: String = "", startTime: Instant, endTime: Instant? = nil,
        visibility: Visibility = .published, affected: [AffectedService] = [], updates: [IncidentUpdate] = [],
        updatedAt: Instant? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.startTime = startTime
        self.endTime = endTime
        self.visibility = visibility
        self.affected = affected.sorted()
        self.updates = updates.sortedByTime()
        self.updatedAt = updatedAt
    }

    /// Whether the incident is still open.
    package var isOpen: Bool { endTime == nil }
}

/// One entry in an incident's timeline.
package struct IncidentUpdate: Sendable, Hashable, Codable {
    /// The provider's id for the update.
    package var id: String
    /// When the update was posted (Freshstatus `time`, StatusHub `start_time`).
    package var time: Instant
    /// The phase the update reports, by name (Freshstatus `incident_status`, StatusHub `incident_type`).
    package var phase: String
    /// The update's text (Freshstatus `message`, StatusHub `body`).
    package var message: String
    /// The update's own title, where the provider has one (StatusHub).
    package var title: String?
    /// Who can see the update.
    package var visibility: Visibility
    /// The service statuses this update sets, where the provider records them per update (StatusHub).
    package var serviceStatuses: [AffectedService]?

    /// Creates an update; `serviceStatuses` is kept sorted.
    package init(
        id: String, time: Instant, phase: String, message: String, title: String? = nil,
        visibility: Visibility = .published, serviceStatuses: [AffectedService]? = nil
    ) {
        self.id = id
        self.time = time
        self.phase = phase
        self.message = message
        self.title = title
        self.visibility = visibility
        self.serviceStatuses = serviceStatuses?.sorted()
    }
}

extension [IncidentUpdate] {
    /// The updates oldest first; updates at the same second keep their order by id.
    package func sortedByTime() -> [IncidentUpdate] {
        enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}
