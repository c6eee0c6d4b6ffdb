/// A StatusHub incident update template: predefined title, body, type and service statuses.
package struct IncidentTemplate: Sendable, Hashable, Codable {
    /// The provider's id for the template.
    package var id: String
    /// The predefined title; also the template's natural key.
    package var title: String
    /// The predefined body.
    package var body: String
    /// The predefined incident type (phase name), if any.
    package var phase: String?
    /// The predefined service statuses, sorted by service id.
    package var serviceStatuses: [AffectedService]

    /// Creates an incident template.
    package init(
        id: String, title: String, body: String = "", phase: String? = nil, serviceStatuses: [AffectedService] = []
    ) {
        self.id = id
        self.title = title
        self.body = body
        self.phase = phase
        self.serviceStatuses = serviceStatuses.sorted()
    }
}

/// A StatusHub maintenance template: predefined title, body, duration and service statuses.
package struct MaintenanceTemplate: Sendable, Hashable, Codable {
    /// The provider's id for the template.
    package var id: String
    /// The predefined title; also the template's natural key.
    package var title: String
    /// The predefined body.
    package var body: String
    /// The predefined duration in minutes, if any.
    package var durationMinutes: Int?
    /// The predefined service statuses, sorted by service id.
    package var serviceStatuses: [AffectedService]

    /// Creates a maintenance template.
    package init(
        id: String, title: String, body: String = "", durationMinutes: Int? = nil,
        serviceStatuses: [AffectedService] = []
    ) {
        self.id = id
        self.title = title
        self.body = body
        self.durationMinutes = durationMinutes
        self.serviceStatuses = serviceStatuses.sorted()
    }
}
