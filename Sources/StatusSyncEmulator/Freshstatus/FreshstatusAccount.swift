import Foundation

/// The whole state of one emulated Freshstatus account, and the rules that derive read-only fields.
///
/// Incidents and maintenances are both ``Event``s (Freshstatus stores a maintenance as a planned
/// incident), so they share one id space; their updates ("notes") share another.
struct FreshstatusAccount: Sendable {
    struct Group: Sendable {
        var id: Int
        var name: String
        var description: String
        var order: Int
        var parent: Int?
        var displayOptions: [String: JSONValue]
    }

    struct Service: Sendable {
        var id: Int
        var name: String
        var description: String
        var order: Int
        var group: Int?
        var displayOptions: [String: JSONValue]
    }

    struct IncidentStatus: Sendable {
        var id: Int
        var value: String
        var order: Int
    }

    struct AffectedComponent: Sendable {
        /// The service id as returned on the wire (a string).
        var component: String
        var newStatus: String
    }

    struct Note: Sendable {
        var id: Int
        var message: String
        var time: Timestamp
        var isPrivate: Bool
        /// `incident_status` for incident notes, `maintenance_status` for maintenance notes.
        var status: String?
        var notificationOptions: [String: JSONValue]
    }

    struct Event: Sendable {
        var id: Int
        var isMaintenance: Bool
        var title: String
        var description: String
        var startTime: Timestamp
        var endTime: Timestamp?
        var isPrivate: Bool
        var affected: [AffectedComponent]
        var source: JSONValue
        var notificationOptions: [String: JSONValue]
        var isAutoStart: Bool
        var isAutoEnd: Bool
        var notes: [Note]
    }

    // MARK: - Decisions (one place)

    /// The service statuses, from best to worst; derived status is the worst that applies.
    ///
    /// Under maintenance ranks above operational and below every outage: a service that is both under
    /// maintenance and degraded by an open incident shows the incident's status.
    static let statusSeverity: [String] = ["OP", "UM", "PD", "PO", "MO"]
    /// The note status written by `maintenance/ID/start/`.
    static let maintenanceStartedStatus = "In Progress"
    /// The note status written by `maintenance/ID/complete/`.
    static let maintenanceCompletedStatus = "Completed"
    /// Keys accepted in a group's `display_options`, with their defaults.
    static let groupDisplayDefaults: [String: JSONValue] = [
        "expand_on_load": .string("false"), "uptime_history_enabled": .string("false"),
    ]
    /// Keys accepted in a service's `display_options`, with their defaults.
    static let serviceDisplayDefaults: [String: JSONValue] = [
        "service_start_date": .null, "uptime_history_enabled": .string("false"),
    ]
    /// Keys accepted in `notification_options` (values are returned as "true"/"false").
    static let notificationKeys: Set<String> = [
        "send_notification", "send_tweet", "send_email", "email_on_start", "email_on_complete",
        "email_before_day_hour", "email_before_one_hour",
    ]

    // MARK: - Storage

    var groups: [Int: Group] = [:]
    var services: [Int: Service] = [:]
    var statuses: [Int: IncidentStatus] = [:]
    var events: [Int: Event] = [:]
    /// Which event holds each note.
    var noteOwner: [Int: Int] = [:]
    var nextGroupID = 1
    var nextServiceID = 1
    var nextStatusID = 1
    var nextEventID = 1
    var nextNoteID = 1

    private var sortedIncidentIDs: [Int]?
    private var sortedMaintenanceIDs: [Int]?
    private var activeCandidates: (computedAt: Double, ids: [Int])?

    /// Forgets cached orderings after any change to events.
    mutating func eventsChanged() {
        sortedIncidentIDs = nil
        sortedMaintenanceIDs = nil
        activeCandidates = nil
    }

    /// Incident or maintenance ids, newest start first (ties: higher id first).
    mutating func eventIDs(maintenances: Bool) -> [Int] {
        if let cached = maintenances ? sortedMaintenanceIDs : sortedIncidentIDs { return cached }
        let ids = events.values.filter { $0.isMaintenance == maintenances }
            .sorted { ($0.startTime.seconds, $0.id) > ($1.startTime.seconds, $1.id) }.map(\.id)
        if maintenances { sortedMaintenanceIDs = ids } else { sortedIncidentIDs = ids }
        return ids
    }

    // MARK: - Derived status

    /// Whether a maintenance is in progress at `now`: started, and not yet ended.
    static func isInProgress(_ event: Event, now: Double) -> Bool {
        event.startTime.seconds <= now && (event.endTime.map { now < $0.seconds } ?? true)
    }

    /// Whether an incident is open at `now`: no end time, or one still in the future.
    static func isOpen(_ event: Event, now: Double) -> Bool {
        event.endTime.map { now < $0.seconds } ?? true
    }

    /// The derived status of every service that is not operational.
    ///
    /// Open incidents contribute each affected component's `new_status`; in-progress maintenances
    /// contribute `UM` for their components. The worst by ``statusSeverity`` wins.
    mutating func derivedStatuses(now: Double) -> [Int: String] {
        if activeCandidates == nil || (activeCandidates?.computedAt ?? 0) > now {
            let ids = events.values.filter { event in event.endTime.map { $0.seconds > now } ?? true }.map(\.id)
            activeCandidates = (now, ids)
        }
        var result: [Int: String] = [:]
        for id in activeCandidates?.ids ?? [] {
            guard let event = events[id] else { continue }
            let applies = event.isMaintenance ? Self.isInProgress(event, now: now) : Self.isOpen(event, now: now)
            guard applies else { continue }
            for component in event.affected {
                guard let serviceID = Int(component.component) else { continue }
                let status = event.isMaintenance ? "UM" : component.newStatus
                if Self.rank(status) > Self.rank(result[serviceID] ?? "OP") { result[serviceID] = status }
            }
        }
        return result
    }

    static func rank(_ status: String) -> Int { statusSeverity.firstIndex(of: status) ?? 0 }

    // MARK: - Rendering

    func render(_ group: Group) -> JSONValue {
        .object([
            "id": .int(group.id), "name": .string(group.name), "description": .string(group.description),
            "order": .int(group.order), "parent": .optional(group.parent),
            "display_options": .object(group.displayOptions),
        ])
    }

    func render(_ service: Service, statuses derived: [Int: String]) -> JSONValue {
        var nested = JSONValue.null
        if let groupID = service.group, let group = groups[groupID] {
            nested = .object([
                "id": .int(group.id), "name": .string(group.name), "order": .int(group.order),
                "parent": .optional(group.parent),
            ])
        }
        return .object([
            "id": .int(service.id), "name": .string(service.name), "description": .string(service.description),
            "order": .int(service.order), "status": .string(derived[service.id] ?? "OP"),
            "display_options": .object(service.displayOptions), "group": nested,
        ])
    }

    func render(_ status: IncidentStatus) -> JSONValue {
        .object(["id": .int(status.id), "value": .string(status.value), "order": .int(status.order)])
    }

    func render(_ note: Note, owner: Event) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .int(note.id), "message": .string(note.message), "time": .string(note.time.text),
            "is_private": .bool(note.isPrivate), "notification_options": .object(note.notificationOptions),
        ]
        if owner.isMaintenance {
            object["maintenance"] = .int(owner.id)
            object["maintenance_status"] = .optional(note.status)
        } else {
            object["incident"] = .int(owner.id)
            object["incident_status"] = .optional(note.status)
        }
        return .object(object)
    }

    func render(_ event: Event) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .int(event.id), "title": .string(event.title), "description": .string(event.description),
            "start_time": .string(event.startTime.text), "end_time": .optional(event.endTime?.text),
            "is_private": .bool(event.isPrivate), "source": event.source,
            "affected_components": .array(
                event.affected.map {
                    .object(["component": .string($0.component), "new_status": .string($0.newStatus)])
                }),
            "notification_options": .object(event.notificationOptions),
        ]
        let notes = JSONValue.array(Self.chronological(event.notes).map { render($0, owner: event) })
        if event.isMaintenance {
            object["is_auto_start"] = .bool(event.isAutoStart)
            object["is_auto_end"] = .bool(event.isAutoEnd)
            object["maintenance_updates"] = notes
        } else {
            object["incident_updates"] = notes
        }
        return .object(object)
    }

    /// Notes oldest first (ties: lower id first).
    static func chronological(_ notes: [Note]) -> [Note] {
        notes.sorted { ($0.time.seconds, $0.id) < ($1.time.seconds, $1.id) }
    }

    /// Groups by `order`, then id.
    var sortedGroups: [Group] { groups.values.sorted { ($0.order, $0.id) < ($1.order, $1.id) } }
    /// Services by `order`, then id.
    var sortedServices: [Service] { services.values.sorted { ($0.order, $0.id) < ($1.order, $1.id) } }
    /// Incident statuses by `order`, then id.
    var sortedStatuses: [IncidentStatus] { statuses.values.sorted { ($0.order, $0.id) < ($1.order, $1.id) } }
}
