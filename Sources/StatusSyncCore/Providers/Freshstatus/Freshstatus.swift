/// Freshstatus API v1 wire types: the JSON the API sends and accepts, field for field.
///
/// Decoding is tolerant of every variant providers/CONTRACT.md lists (ids as integers or strings,
/// booleans as strings, a service's group as an object or an id, missing optional fields);
/// conversion to the domain model is in `Freshstatus+Conversion.swift`.
package enum Freshstatus {
    /// One page of a list: `{"count", "next", "previous", "results"}`.
    package struct Page<Element: Decodable & Sendable>: Decodable, Sendable {
        /// The total number of items, when the server says.
        package var count: Int?
        /// The absolute URL of the next page, or `nil` on the last one.
        package var next: String?
        /// The items on this page.
        package var results: [Element]
    }

    /// A service group (`groups/`).
    package struct Group: Codable, Sendable, Hashable {
        package var id: LenientID
        package var name: String
        package var description: String?
        package var order: Int?
        package var parent: LenientID?
        package var displayOptions: [String: JSONValue]?

        enum CodingKeys: String, CodingKey {
            case id, name, description, order, parent
            case displayOptions = "display_options"
        }
    }

    /// The group a service belongs to, as responses nest it (`{id, name, order, parent}`) or as a bare id.
    package struct GroupReference: Codable, Sendable, Hashable {
        package var id: LenientID

        enum CodingKeys: String, CodingKey { case id }

        package init(id: LenientID) { self.id = id }

        package init(from decoder: any Decoder) throws {
            if let id = try? decoder.singleValueContainer().decode(LenientID.self) {
                self.id = id
            } else {
                self.id = try decoder.container(keyedBy: CodingKeys.self).decode(LenientID.self, forKey: .id)
            }
        }
    }

    /// A service (`services/`).
    package struct Service: Codable, Sendable, Hashable {
        package var id: LenientID
        package var name: String
        package var description: String?
        package var order: Int?
        package var status: String?
        package var group: GroupReference?
        package var displayOptions: [String: JSONValue]?

        enum CodingKeys: String, CodingKey {
            case id, name, description, order, status, group
            case displayOptions = "display_options"
        }
    }

    /// An incident phase of the account's vocabulary (`incident-status/`).
    package struct IncidentStatus: Codable, Sendable, Hashable {
        package var id: LenientID
        package var value: String
        package var order: Int?
    }

    /// A service an incident or maintenance affects: `{"component": "1", "new_status": "MO"}`.
    package struct AffectedComponent: Codable, Sendable, Hashable {
        package var component: LenientID
        package var newStatus: String

        enum CodingKeys: String, CodingKey {
            case component
            case newStatus = "new_status"
        }
    }

    /// An incident (`incidents/`), with its updates embedded.
    package struct Incident: Codable, Sendable, Hashable {
        package var id: LenientID
        package var title: String
        package var description: String?
        package var startTime: Instant
        package var endTime: Instant?
        package var isPrivate: LenientBool?
        package var affectedComponents: [AffectedComponent]?
        package var notificationOptions: [String: LenientBool]?
        package var incidentUpdates: [IncidentUpdate]?

        enum CodingKeys: String, CodingKey {
            case id, title, description
            case startTime = "start_time"
            case endTime = "end_time"
            case isPrivate = "is_private"
            case affectedComponents = "affected_components"
            case notificationOptions = "notification_options"
            case incidentUpdates = "incident_updates"
        }
    }

    /// An entry in an incident's timeline (`incident-updates/`).
    package struct IncidentUpdate: Codable, Sendable, Hashable {
        package var id: LenientID
        package var message: String?
        package var time: Instant
        package var isPrivate: LenientBool?
        package var incident: LenientID?
        package var incidentStatus: String?
        package var notificationOptions: [String: LenientBool]?

        enum CodingKeys: String, CodingKey {
            case id, message, time, incident
            case isPrivate = "is_private"
            case incidentStatus = "incident_status"
            case notificationOptions = "notification_options"
        }
    }

    /// A scheduled maintenance (`maintenance/`), with its updates embedded.
    package struct Maintenance: Codable, Sendable, Hashable {
        package var id: LenientID
        package var title: String
        package var description: String?
        package var startTime: Instant
        package var endTime: Instant
        package var isAutoStart: LenientBool?
        package var isAutoEnd: LenientBool?
        package var isPrivate: LenientBool?
        package var affectedComponents: [AffectedComponent]?
        package var notificationOptions: [String: LenientBool]?
        package var maintenanceUpdates: [MaintenanceUpdate]?

        enum CodingKeys: String, CodingKey {
            case id, title, description
            case startTime = "start_time"
            case endTime = "end_time"
            case isAutoStart = "is_auto_start"
            case isAutoEnd = "is_auto_end"
            case isPrivate = "is_private"
            case affectedComponents = "affected_components"
            case notificationOptions = "notification_options"
            case maintenanceUpdates = "maintenance_updates"
        }
    }

    /// An entry in a maintenance's timeline (`maintenance-updates/`).
    package struct MaintenanceUpdate: Codable, Sendable, Hashable {
        package var id: LenientID
        package var message: String?
        package var time: Instant
        package var isPrivate: LenientBool?
        package var maintenance: LenientID?
        package var maintenanceStatus: String?

        enum CodingKeys: String, CodingKey {
            case id, message, time, maintenance
            case isPrivate = "is_private"
            case maintenanceStatus = "maintenance_status"
        }
    }

    /// A whole account as a snapshot stores it: one list per kind, in the API's own shape.
    package struct AccountData: Codable, Sendable, Hashable {
        package var groups: [Group]
        package var services: [Service]
        package var incidentStatuses: [IncidentStatus]
        package var incidents: [Incident]
        package var maintenances: [Maintenance]

        enum CodingKeys: String, CodingKey {
            case groups, services, incidents, maintenances
            case incidentStatuses = "incident_statuses"
        }

        /// Creates account data; every list defaults to empty.
        package init(
            groups: [Group] = [], services: [Service] = [], incidentStatuses: [IncidentStatus] = [],
            incidents: [Incident] = [], maintenances: [Maintenance] = []
        ) {
            self.groups = groups
            self.services = services
            self.incidentStatuses = incidentStatuses
            self.incidents = incidents
            self.maintenances = maintenances
        }

        /// Decodes account data; a missing list is an empty one.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            groups = try container.decodeIfPresent([Group].self, forKey: .groups) ?? []
            services = try container.decodeIfPresent([Service].self, forKey: .services) ?? []
            incidentStatuses = try container.decodeIfPresent([IncidentStatus].self, forKey: .incidentStatuses) ?? []
            incidents = try container.decodeIfPresent([Incident].self, forKey: .incidents) ?? []
            maintenances = try container.decodeIfPresent([Maintenance].self, forKey: .maintenances) ?? []
        }
    }
}
