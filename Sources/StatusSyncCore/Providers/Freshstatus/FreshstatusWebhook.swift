import Foundation

/// One outgoing webhook of Freshstatus, read tolerantly.
///
/// The body is a JSON template the user writes in Freshstatus, so only `event_data` is certain; every
/// placeholder is rendered as a string (`"None"`, `"False"`, `"2021-04-12 16:29:00+00:00"`). The incident or
/// maintenance id is taken from `incident_id` (notes) or `id` (the incident or maintenance itself) when the
/// template carries it; incidents and maintenances share one id space.
package struct FreshstatusWebhook: Sendable, Hashable {
    /// What an event is about, judged from its type.
    package enum Subject: String, Sendable, Hashable {
        /// An incident (`INCIDENT_*`).
        case incident
        /// A scheduled maintenance (`MAINTENANCE_*`).
        case maintenance
    }

    /// What a webhook asks of a mirror.
    package enum Disposition: Sendable, Hashable {
        /// A change to an incident or a maintenance: sync it.
        case change(Subject)
        /// What the "Test" button of Freshstatus sends (its sample incident 1): nothing to sync.
        case test
        /// An event type this build does not know: nothing to sync.
        case unknown
    }

    /// `event_data.event_type`, such as `INCIDENT_OPEN`.
    package var eventType: String
    /// `event_data.event_id`, when present.
    package var eventID: Int?
    /// `event_data.event_created_on`, when present and readable.
    package var createdOn: Instant?
    /// The incident or maintenance the event is about, when the template carries its id.
    package var incidentID: Int?
    /// What to do with the event.
    package var disposition: Disposition

    /// Creates a webhook from its parts.
    package init(
        eventType: String, eventID: Int? = nil, createdOn: Instant? = nil, incidentID: Int? = nil,
        disposition: Disposition
    ) {
        self.eventType = eventType
        self.eventID = eventID
        self.createdOn = createdOn
        self.incidentID = incidentID
        self.disposition = disposition
    }

    /// Reads a webhook body.
    ///
    /// - Parameter body: The request body.
    /// - Returns: The webhook.
    /// - Throws: ``FreshstatusWebhook/MalformedError`` when the body is not a JSON object with
    ///   `event_data.event_type`.
    package static func parse(_ body: Data) throws(MalformedError) -> FreshstatusWebhook {
        guard !body.isEmpty else { throw MalformedError(reason: "the body is empty") }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            throw MalformedError(reason: "the body is not JSON")
        }
        guard case .object(let object) = value else { throw MalformedError(reason: "the body is not a JSON object") }
        guard case .object(let eventData)? = object["event_data"] else {
            throw MalformedError(reason: "the body has no event_data object")
        }
        guard let eventType = text(eventData["event_type"]), !eventType.isEmpty else {
            throw MalformedError(reason: "event_data has no event_type")
        }
        let type = eventType.uppercased()
        let subject: Subject? =
            type.hasPrefix("INCIDENT_") ? .incident : type.hasPrefix("MAINTENANCE_") ? .maintenance : nil
        let isNote = type.contains("NOTE")
        let incidentID = number(object["incident_id"]) ?? (isNote ? nil : number(object["id"]))
        let disposition: Disposition
        if let subject {
            let isSample = text(object["id"]) == "1" && text(object["title"]) == "Sample title"
            disposition = isSample ? .test : .change(subject)
        } else {
            disposition = .unknown
        }
        let createdOn = text(eventData["event_created_on"]).flatMap(instant)
        return FreshstatusWebhook(
            eventType: type, eventID: number(eventData["event_id"]), createdOn: createdOn, incidentID: incidentID,
            disposition: disposition)
    }

    /// Reads a Freshstatus time as its templates render it: `2021-04-12 16:29:00+00:00`, with or without
    /// a fraction of a second, or as ISO 8601.
    ///
    /// - Returns: `nil` for `"None"`, an empty string or anything else that is not a time.
    package static func instant(_ text: String) -> Instant? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 19, trimmed != "None" else { return nil }
        var characters = Array(trimmed)
        if characters[10] == " " { characters[10] = "T" }
        return Instant(iso8601: String(characters))
    }

    /// A string value, or a number's digits; `nil` for `"None"`, null and anything else.
    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let string): string == "None" ? nil : string
        case .number(let number) where number.rounded() == number && abs(number) < 9e15: String(Int64(number))
        default: nil
        }
    }

    /// A whole number given as a number or as a string of digits.
    private static func number(_ value: JSONValue?) -> Int? {
        text(value).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Why a webhook body could not be read.
    package struct MalformedError: Error, Hashable, CustomStringConvertible, LocalizedError {
        /// What is wrong with the body, in a few words.
        package var reason: String

        /// Creates the error.
        package init(reason: String) { self.reason = reason }

        /// One line naming what is wrong.
        package var description: String { "malformed Freshstatus webhook: \(reason)" }

        /// The same text as ``description``.
        package var errorDescription: String? { description }
    }
}
