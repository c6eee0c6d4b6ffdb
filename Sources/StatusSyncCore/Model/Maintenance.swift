/// A scheduled maintenance window.
///
/// Freshstatus maintenances have a timeline of updates; a StatusHub maintenance is one message
/// (``body``) with no timeline, so ``updates`` is empty there.
package struct Maintenance: Sendable, Hashable, Codable {
    /// The provider's id for the maintenance.
    package var id: String
    /// The maintenance's title.
    package var title: String
    /// The maintenance's text (Freshstatus `description`, StatusHub `body`).
    package var body: String
    /// When the window starts.
    package var startTime: Instant
    /// When the window ends.
    package var endTime: Instant
    /// Who can see the maintenance.
    package var visibility: Visibility
    /// The services the maintenance affects, sorted by service id.
    package var affected: [AffectedService]
    /// The timeline, oldest first (Freshstatus only).
    package var updates: [MaintenanceUpdate]
    /// Whether the provider starts the window by itself at ``startTime`` (Freshstatus `is_auto_start`).
    package var startsAutomatically: Bool
    /// Whether the provider ends the window by itself at ``endTime`` (Freshstatus `is_auto_end`).
    package var endsAutomatically: Bool
    /// When the provider last changed the maintenance, where it says.
    package var updatedAt: Instant?
    /// When the maintenance was announced, where the provider says (StatusHub `created_at`).
    package var createdAt: Instant?

    /// Creates a maintenance; `affected` is kept sorted and `updates` oldest first.
    package init(
        id: String, title: String, body: String = "", startTime: Instant, endTime: Instant,
        visibility: Visibility = .published, affected: [AffectedService] = [], updates: [MaintenanceUpdate] = [],
        startsAutomatically: Bool = true, endsAutomatically: Bool = true, updatedAt: Instant? = nil,
        createdAt: Instant? = nil
    ) {
        self.id = id
        self.title = title
        self.body = body
        self.startTime = startTime
        self.endTime = endTime
        self.visibility = visibility
        self.affected = affected.sorted()
        self.updates = updates.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        self.startsAutomatically = startsAutomatically
        self.endsAutomatically = endsAutomatically
        self.updatedAt = updatedAt
        self.createdAt = createdAt
    }
}

/// One entry in a Freshstatus maintenance's timeline.
package struct MaintenanceUpdate: Sendable, Hashable, Codable {
    /// The provider's id for the update.
    package var id: String
    /// When the update was posted.
    package var time: Instant
    /// The phase the update reports (Freshstatus `maintenance_status`), by name.
    package var phase: String
    /// The update's text.
    package var message: String
    /// Who can see the update.
    package var visibility: Visibility

    /// Creates a maintenance update.
    package init(id: String, time: Instant, phase: String, message: String, visibility: Visibility = .published) {
        self.id = id
        self.time = time
        self.phase = phase
        self.message = message
        self.visibility = visibility
    }
}
