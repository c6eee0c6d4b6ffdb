/// What a provider's uptime endpoint is asked about.
package enum UptimeScope: Sendable, Hashable {
    /// The whole page (StatusHub: the hub).
    case page
    /// One group, by the provider's id.
    case group(String)
    /// One service, by the provider's id.
    case service(String)
}

/// A provider's own uptime figure over a window.
package struct UptimeFigure: Sendable, Hashable {
    /// The first second of the window.
    package var start: Instant
    /// The second after the window.
    package var end: Instant
    /// Seconds down within the window.
    package var downtimeSeconds: Int64
    /// Uptime in percent, as the provider rounds it.
    package var percent: Double
    /// Per UTC day, when asked for: the day (`YYYY-MM-DD`) and its seconds down.
    package var days: [(date: String, downtimeSeconds: Int64)]

    /// Creates a figure.
    package init(
        start: Instant, end: Instant, downtimeSeconds: Int64, percent: Double,
        days: [(date: String, downtimeSeconds: Int64)] = []
    ) {
        self.start = start
        self.end = end
        self.downtimeSeconds = downtimeSeconds
        self.percent = percent
        self.days = days
    }

    package static func == (lhs: UptimeFigure, rhs: UptimeFigure) -> Bool {
        (lhs.start, lhs.end, lhs.downtimeSeconds, lhs.percent) == (rhs.start, rhs.end, rhs.downtimeSeconds, rhs.percent)
            && lhs.days.map(\.date) == rhs.days.map(\.date)
            && lhs.days.map(\.downtimeSeconds) == rhs.days.map(\.downtimeSeconds)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(end)
        hasher.combine(downtimeSeconds)
    }
}

/// A provider that computes uptime itself (StatusHub's uptime endpoint): `verify` reads it as a witness.
package protocol UptimeReporting: Sendable {
    /// The provider's uptime figure for `scope` between `start` and `end`, per day when `perDay` is set.
    func uptime(of scope: UptimeScope, from start: Instant, to end: Instant, perDay: Bool) async throws -> UptimeFigure
}
