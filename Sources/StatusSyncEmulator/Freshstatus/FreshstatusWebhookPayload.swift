import Foundation

/// The outgoing webhook Freshstatus sends after a change, in the shapes of its real payloads.
///
/// Every value is rendered as Python's `str()` renders it (`"None"`, `"False"`, `2021-04-12 16:29:00+00:00`),
/// with the keys of the template Freshstatus users paste (Zulip's), and `event_data` as Freshstatus adds it.
/// An incident or maintenance created gives `INCIDENT_OPEN` or `MAINTENANCE_PLANNED`; a note, a resolve, a
/// start or a completion gives `INCIDENT_NOTE_CREATE` or `MAINTENANCE_NOTE_CREATE`; an edit or a delete gives
/// `INCIDENT_UPDATE`, `MAINTENANCE_UPDATE`, `INCIDENT_DELETE` or `MAINTENANCE_DELETE`. Other resources send none.
enum FreshstatusWebhookPayload {
    /// The payload for a change the API made, or `nil` when Freshstatus sends none for it.
    ///
    /// - Parameters:
    ///   - route: The route that changed the account.
    ///   - method: The request's method.
    ///   - response: The API's answer (the created or changed entity).
    ///   - eventID: Gives the event's number, increasing; called only when a payload is made.
    ///   - accountName: The account's subdomain.
    ///   - now: The time of the change, in seconds since 1970.
    /// - Returns: The payload, or `nil` when Freshstatus sends no webhook for the change.
    static func make(
        route: FreshstatusRoute, method: String, response: JSONValue?, eventID: () -> Int, accountName: String,
        now: Double
    ) -> JSONValue? {
        let body = response ?? .null
        let eventType: String
        var fields: [String: JSONValue]
        switch (route, method) {
        case (.collection("incidents"), "POST"), (.collection("maintenance"), "POST"):
            let isMaintenance = route == .collection("maintenance")
            eventType = isMaintenance ? "MAINTENANCE_PLANNED" : "INCIDENT_OPEN"
            fields = entityFields(body, status: isMaintenance ? "Planned" : "Open")
        case (.collection("incident-updates"), "POST"), (.collection("maintenance-updates"), "POST"):
            let isMaintenance = route == .collection("maintenance-updates")
            eventType = isMaintenance ? "MAINTENANCE_NOTE_CREATE" : "INCIDENT_NOTE_CREATE"
            let parent = body["incident"] ?? body["maintenance"] ?? body["event"]
            fields = noteFields(body, incidentID: text(parent), status: isMaintenance ? "Planned" : "Open")
        case (.action("incidents", let id, _), _):
            eventType = "INCIDENT_NOTE_CREATE"
            fields = noteFields(body, incidentID: String(id), status: "Closed")
        case (.action("maintenance", let id, let action), _):
            eventType = "MAINTENANCE_NOTE_CREATE"
            fields = noteFields(body, incidentID: String(id), status: action == "complete" ? "Closed" : "In Progress")
        case (.item("incidents", let id), let verb), (.item("maintenance", let id), let verb):
            let kind = route == .item("incidents", id) ? "INCIDENT" : "MAINTENANCE"
            eventType = kind + (verb == "DELETE" ? "_DELETE" : "_UPDATE")
            fields = verb == "DELETE" ? ["id": .string(String(id))] : entityFields(body, status: "")
            fields["id"] = .string(String(id))
        default:
            return nil
        }
        fields["notification_options"] = .object(["send_tweet": .string("false"), "send_email": .string("false")])
        fields["event_data"] = .object([
            "webhook_id": .int(102), "account_id": .int(2300), "account_name": .string(accountName),
            "event_id": .int(eventID()), "event_type": .string(eventType),
            "event_created_on": .string(pythonTime(now)),
        ])
        return .object(fields)
    }

    /// The keys of an incident or maintenance template.
    private static func entityFields(_ body: JSONValue, status: String) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "id": .string(text(body["id"])), "title": .string(text(body["title"])),
            "description": .string(text(body["description"])), "source": .string(text(body["source"])),
            "is_private": .string(text(body["is_private"])), "status": .string(status),
            "start_time": .string(pythonTime(body["start_time"])), "end_time": .string(pythonTime(body["end_time"])),
        ]
        if body["scheduled_start_time"] != nil {
            fields["scheduled_start_time"] = .string(pythonTime(body["scheduled_start_time"]))
            fields["scheduled_end_time"] = .string(pythonTime(body["scheduled_end_time"]))
        }
        return fields
    }

    /// The keys of a note template.
    private static func noteFields(_ body: JSONValue, incidentID: String, status: String) -> [String: JSONValue] {
        [
            "id": .string(text(body["id"])), "title": .string(text(body["title"])), "status": .string(""),
            "message": .string(text(body["message"])), "is_private": .string(text(body["is_private"])),
            "incident_id": .string(incidentID), "incident_status": .string(status),
        ]
    }

    /// A value as Python's `str()` renders it: `None`, `True`/`False`, numbers and strings as they are.
    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: "None"
        case .bool(let bool)?: bool ? "True" : "False"
        case .string(let string)?: string
        case let other?: other.intValue.map(String.init) ?? String(decoding: other.serialized, as: UTF8.self)
        }
    }

    /// An ISO 8601 time as Python renders a datetime: `2021-04-12 16:29:00+00:00`; `None` when absent.
    private static func pythonTime(_ value: JSONValue?) -> String {
        guard let string = value?.stringValue, string.count >= 19 else { return "None" }
        let characters = Array(string)
        return String(characters[0..<10]) + " " + String(characters[11..<19]) + "+00:00"
    }

    /// Seconds since 1970 as Python renders a datetime with microseconds.
    private static func pythonTime(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let microseconds = Int((seconds - seconds.rounded(.down)) * 1_000_000)
        return formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
            + String(format: ".%06d+00:00", microseconds)
    }
}
