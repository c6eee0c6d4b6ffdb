import Foundation

/// The whole state of one emulated StatusHub hub, and the rules that derive read-only fields.
///
/// Deletes are soft: deleted entities stay here with `isDeleted` set, hidden from the API and shown
/// (flagged `"deleted": true`) by the inspection state.
struct StatusHubAccount: Sendable {
    struct Group: Sendable {
        var id: Int
        var name: String
        var position: Int
        var isDeleted = false
    }

    struct Service: Sendable {
        var id: Int
        var name: String
        var description: String
        var position: Int
        var groupID: Int?
        var isDeleted = false
    }

    struct ServiceStatus: Sendable, Equatable {
        var serviceID: Int
        var status: String
    }

    struct Update: Sendable {
        var id: Int
        var title: String
        var body: String
        var startTime: Timestamp
        var incidentType: String
        var state: String
        var silent: Bool
        var serviceStatuses: [ServiceStatus]
        var createdAt: Timestamp
        var updatedAt: Timestamp
        var isDeleted = false
    }

    struct Incident: Sendable {
        var id: Int
        var title: String
        var startTime: Timestamp
        var endTime: Timestamp?
        var lastIncidentType: String
        var state: String
        var updatedAt: Timestamp
        var updates: [Update]
        var serviceIDs: [Int]
        var isDeleted = false

        /// The updates that are not deleted, oldest first by `start_time` (ties: lower id first).
        var liveUpdates: [Update] {
            updates.filter { !$0.isDeleted }.sorted { ($0.startTime.seconds, $0.id) < ($1.startTime.seconds, $1.id) }
        }
    }

    struct Maintenance: Sendable {
        var id: Int
        var title: String
        var body: String
        var startTime: Timestamp
        var endTime: Timestamp
        var serviceStatuses: [ServiceStatus]
        var silent: Bool
        var state: String
        var createdAt: Timestamp
        var updatedAt: Timestamp
        var isDeleted = false
    }

    /// An incident template or a maintenance template (the latter uses `duration`, `labels`, `silent`).
    struct Template: Sendable {
        var id: Int
        var title: String?
        var body: String?
        var incidentType: String?
        var duration: Int?
        var labels: [String]
        var serviceStatuses: [ServiceStatus]
        var silent: Bool?
        var createdAt: Timestamp
        var updatedAt: Timestamp
        var isDeleted = false
    }

    // MARK: - Decisions (one place)

    /// Service statuses from best to worst; the derived status is the worst that applies.
    static let serviceStatusSeverity = ["up", "degraded-performance", "down"]
    /// Incident types an update may have.
    static let incidentTypes = ["investigating", "identified", "monitoring", "resolved"]
    /// Incident types an incident may be created with.
    static let openingIncidentTypes = ["investigating", "identified", "monitoring"]
    /// Publication states.
    static let states = ["draft", "unconfirmed", "published"]
    /// The longest maintenance template duration, in minutes (99h59m).
    static let maximumTemplateDuration = 5999

    // MARK: - Storage

    var groups: [Int: Group] = [:]
    var services: [Int: Service] = [:]
    var incidents: [Int: Incident] = [:]
    var maintenances: [Int: Maintenance] = [:]
    var incidentTemplates: [Int: Template] = [:]
    var maintenanceTemplates: [Int: Template] = [:]
    /// Which incident holds each update.
    var updateOwner: [Int: Int] = [:]
    var nextGroupID = 1
    var nextServiceID = 1
    var nextIncidentID = 1
    var nextUpdateID = 1
    var nextMaintenanceID = 1
    var nextTemplateID = 1

    private var sortedIncidentIDs: [Int]?
    private var openIncidentIDs: [Int]?

    /// Forgets cached orderings after any change to incidents or their updates.
    mutating func incidentsChanged() {
        sortedIncidentIDs = nil
        openIncidentIDs = nil
    }

    /// Live incident ids, newest `start_time` first (ties: higher id first).
    mutating func incidentIDs() -> [Int] {
        if let sortedIncidentIDs { return sortedIncidentIDs }
        let ids = incidents.values.filter { !$0.isDeleted }
            .sorted { ($0.startTime.seconds, $0.id) > ($1.startTime.seconds, $1.id) }.map(\.id)
        sortedIncidentIDs = ids
        return ids
    }

    // MARK: - Derived fields

    /// Recomputes an incident's title, times, last type and services from its live updates.
    ///
    /// Title: the latest published update's title (else the latest update's). End time: the
    /// `start_time` of its resolved update. Service ids: every service named by an update, in order.
    static func rederive(_ incident: inout Incident) {
        let live = incident.liveUpdates
        guard let first = live.first, let last = live.last else { return }
        incident.startTime = first.startTime
        incident.title = live.last(where: { $0.state == "published" })?.title ?? last.title
        incident.lastIncidentType = last.incidentType
        incident.endTime = live.first(where: { $0.incidentType == "resolved" })?.startTime
        var seen: Set<Int> = []
        incident.serviceIDs = live.flatMap(\.serviceStatuses).map(\.serviceID).filter { seen.insert($0).inserted }
    }

    static func rank(_ status: String) -> Int { serviceStatusSeverity.firstIndex(of: status) ?? 0 }

    /// The derived status of each service that is not `up`.
    ///
    /// Open (unresolved), non-draft incidents contribute, per service, the status from their latest
    /// update naming it; in-progress non-draft maintenances contribute their `service_statuses`.
    mutating func derivedStatuses(now: Double) -> [Int: String] {
        if openIncidentIDs == nil {
            openIncidentIDs = incidents.values.filter { !$0.isDeleted && $0.endTime == nil && $0.state != "draft" }.map(
                \.id)
        }
        var result: [Int: String] = [:]
        func contribute(_ statuses: [ServiceStatus]) {
            for entry in statuses where Self.rank(entry.status) > Self.rank(result[entry.serviceID] ?? "up") {
                result[entry.serviceID] = entry.status
            }
        }
        for id in openIncidentIDs ?? [] {
            guard let incident = incidents[id] else { continue }
            var latest: [Int: String] = [:]
            for update in incident.liveUpdates {
                for entry in update.serviceStatuses { latest[entry.serviceID] = entry.status }
            }
            contribute(latest.map { ServiceStatus(serviceID: $0.key, status: $0.value) })
        }
        for maintenance in maintenances.values
        where !maintenance.isDeleted && maintenance.state != "draft" && maintenance.startTime.seconds <= now
            && now < maintenance.endTime.seconds
        {
            contribute(maintenance.serviceStatuses)
        }
        return result
    }

    // MARK: - Rendering

    private static func flagged(_ members: [String: JSONValue], _ isDeleted: Bool, _ withFlags: Bool) -> JSONValue {
        var members = members
        if withFlags, isDeleted { members["deleted"] = .bool(true) }
        return .object(members)
    }

    static func render(_ statuses: [ServiceStatus]) -> JSONValue {
        .array(statuses.map { .object(["service_id": .int($0.serviceID), "status": .string($0.status)]) })
    }

    func render(_ group: Group, flags: Bool = false) -> JSONValue {
        Self.flagged(
            ["id": .int(group.id), "name": .string(group.name), "position": .int(group.position)], group.isDeleted,
            flags)
    }

    func render(_ service: Service, statuses: [Int: String], flags: Bool = false) -> JSONValue {
        Self.flagged(
            [
                "id": .int(service.id), "name": .string(service.name), "description": .string(service.description),
                "position": .int(service.position), "group_id": .optional(service.groupID),
                "status": .string(statuses[service.id] ?? "up"),
            ], service.isDeleted, flags)
    }

    func render(_ update: Update, flags: Bool = false) -> JSONValue {
        Self.flagged(
            [
                "id": .int(update.id), "title": .string(update.title), "body": .string(update.body),
                "start_time": .string(update.startTime.text), "incident_type": .string(update.incidentType),
                "state": .string(update.state), "silent": .bool(update.silent),
                "service_statuses": Self.render(update.serviceStatuses), "created_at": .string(update.createdAt.text),
                "updated_at": .string(update.updatedAt.text),
            ], update.isDeleted, flags)
    }

    /// The basic fields of an incident, as lists return them.
    func renderBasic(_ incident: Incident) -> [String: JSONValue] {
        [
            "id": .int(incident.id), "title": .string(incident.title), "start_time": .string(incident.startTime.text),
            "end_time": .optional(incident.endTime?.text), "last_incident_type": .string(incident.lastIncidentType),
            "state": .string(incident.state), "updated_at": .string(incident.updatedAt.text),
        ]
    }

    /// An incident with its updates (oldest first) and service ids, as `GET incidents/{id}` returns it.
    func renderDetail(_ incident: Incident, flags: Bool = false) -> JSONValue {
        var members = renderBasic(incident)
        let updates =
            flags
            ? incident.updates.sorted { ($0.startTime.seconds, $0.id) < ($1.startTime.seconds, $1.id) }
            : incident.liveUpdates
        members["incident_updates"] = .array(updates.map { render($0, flags: flags) })
        members["service_ids"] = .array(incident.serviceIDs.map { .int($0) })
        return Self.flagged(members, incident.isDeleted, flags)
    }

    func render(_ maintenance: Maintenance, flags: Bool = false) -> JSONValue {
        Self.flagged(
            [
                "id": .int(maintenance.id), "title": .string(maintenance.title), "body": .string(maintenance.body),
                "start_time": .string(maintenance.startTime.text), "end_time": .string(maintenance.endTime.text),
                "service_statuses": Self.render(maintenance.serviceStatuses), "silent": .bool(maintenance.silent),
                "state": .string(maintenance.state), "created_at": .string(maintenance.createdAt.text),
                "updated_at": .string(maintenance.updatedAt.text),
            ], maintenance.isDeleted, flags)
    }

    func render(incidentTemplate template: Template, flags: Bool = false) -> JSONValue {
        Self.flagged(
            [
                "id": .int(template.id), "title": .optional(template.title), "body": .optional(template.body),
                "incident_type": .optional(template.incidentType),
                "service_statuses": Self.render(template.serviceStatuses),
                "created_at": .string(template.createdAt.text), "updated_at": .string(template.updatedAt.text),
            ], template.isDeleted, flags)
    }

    func render(maintenanceTemplate template: Template, flags: Bool = false) -> JSONValue {
        Self.flagged(
            [
                "id": .int(template.id), "title": .optional(template.title), "body": .optional(template.body),
                "duration": .optional(template.duration), "labels": .array(template.labels.map { .string($0) }),
                "service_statuses": Self.render(template.serviceStatuses),
                "silent": template.silent.map { .bool($0) } ?? .null,
                "created_at": .string(template.createdAt.text), "updated_at": .string(template.updatedAt.text),
            ], template.isDeleted, flags)
    }

    /// The whole hub in the seed shape, deleted entities included and flagged.
    func seedJSON(hub: String, now: Double) -> JSONValue {
        var copy = self
        let derived = copy.derivedStatuses(now: now)
        return .object([
            "hub": .string(hub),
            "groups": .array(groups.values.sorted { $0.id < $1.id }.map { render($0, flags: true) }),
            "services": .array(
                services.values.sorted { $0.id < $1.id }.map { render($0, statuses: derived, flags: true) }),
            "incidents": .array(incidents.values.sorted { $0.id < $1.id }.map { renderDetail($0, flags: true) }),
            "maintenances": .array(maintenances.values.sorted { $0.id < $1.id }.map { render($0, flags: true) }),
            "incident_templates": .array(
                incidentTemplates.values.sorted { $0.id < $1.id }.map { render(incidentTemplate: $0, flags: true) }),
            "maintenance_templates": .array(
                maintenanceTemplates.values.sorted { $0.id < $1.id }.map {
                    render(maintenanceTemplate: $0, flags: true)
                }),
        ])
    }
}
