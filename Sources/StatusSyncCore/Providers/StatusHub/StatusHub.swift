/// StatusHub Management API v3 wire types: the JSON the API sends and accepts, field for field.
///
/// Decoding is tolerant of the variants providers/CONTRACT.md lists (ids as integers or strings,
/// missing optional fields, an optional `meta` object); conversion to the domain model is in
/// `StatusHub+Conversion.swift`.
package enum StatusHub {
    /// One page of a list: `{"data": [...]}`, with a `meta` object when the server sends one.
    package struct Page<Element: Decodable & Sendable>: Decodable, Sendable {
        /// The items on this page.
        package var data: [Element]
        /// Paging facts, when the server sends them.
        package var meta: Meta?
    }

    /// The paging object some StatusHub deployments may send with a list.
    package struct Meta: Decodable, Sendable, Hashable {
        package var page: Int?
        package var perPage: Int?
        package var totalPages: Int?
        package var totalCount: Int?

        enum CodingKeys: String, CodingKey {
            case page
            case perPage = "per_page"
            case totalPages = "total_pages"
            case totalCount = "total_count"
        }
    }

    /// A group (`groups`).
    package struct Group: Codable, Sendable, Hashable {
        package var id: LenientID
        package var name: String
        package var position: Int?
    }

    /// A service (`services`).
    package struct Service: Codable, Sendable, Hashable {
        package var id: LenientID
        package var name: String
        package var description: String?
        package var position: Int?
        package var groupID: LenientID?
        package var status: String?

        enum CodingKeys: String, CodingKey {
            case id, name, description, position, status
            case groupID = "group_id"
        }
    }

    /// The status an event gives a service: `{"service_id": 1, "status": "down"}`.
    package struct ServiceStatus: Codable, Sendable, Hashable {
        package var serviceID: LenientID
        package var status: String

        enum CodingKeys: String, CodingKey {
            case status
            case serviceID = "service_id"
        }
    }

    /// An incident: the list's basic fields, plus `incident_updates` and `service_ids` from `GET incidents/{id}`.
    package struct Incident: Codable, Sendable, Hashable {
        package var id: LenientID
        package var title: String?
        package var startTime: Instant
        package var endTime: Instant?
        package var lastIncidentType: String?
        package var state: String?
        package var updatedAt: Instant?
        package var incidentUpdates: [IncidentUpdate]?
        package var serviceIDs: [LenientID]?

        enum CodingKeys: String, CodingKey {
            case id, title, state
            case startTime = "start_time"
            case endTime = "end_time"
            case lastIncidentType = "last_incident_type"
            case updatedAt = "updated_at"
            case incidentUpdates = "incident_updates"
            case serviceIDs = "service_ids"
        }
    }

    /// An entry in an incident's timeline (`incidents/{id}/incident_updates`).
    package struct IncidentUpdate: Codable, Sendable, Hashable {
        package var id: LenientID
        package var title: String?
        package var body: String?
        package var startTime: Instant
        package var incidentType: String
        package var state: String?
        package var silent: LenientBool?
        package var serviceStatuses: [ServiceStatus]?
        package var createdAt: Instant?
        package var updatedAt: Instant?

        enum CodingKeys: String, CodingKey {
            case id, title, body, state, silent
            case startTime = "start_time"
            case incidentType = "incident_type"
            case serviceStatuses = "service_statuses"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }
    }

    /// A maintenance (`maintenances`): one message, no timeline.
    package struct Maintenance: Codable, Sendable, Hashable {
        package var id: LenientID
        package var title: String
        package var body: String?
        package var startTime: Instant
        package var endTime: Instant
        package var serviceStatuses: [ServiceStatus]?
        package var silent: LenientBool?
        package var state: String?
        package var createdAt: Instant?
        package var updatedAt: Instant?

        enum CodingKeys: String, CodingKey {
            case id, title, body, silent, state
            case startTime = "start_time"
            case endTime = "end_time"
            case serviceStatuses = "service_statuses"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }
    }

    /// An incident update template (`incident_templates`).
    package struct IncidentTemplate: Codable, Sendable, Hashable {
        package var id: LenientID
        package var title: String?
        package var body: String?
        package var incidentType: String?
        package var serviceStatuses: [ServiceStatus]?

        enum CodingKeys: String, CodingKey {
            case id, title, body
            case incidentType = "incident_type"
            case serviceStatuses = "service_statuses"
        }
    }

    /// A maintenance template (`maintenance_templates`).
    package struct MaintenanceTemplate: Codable, Sendable, Hashable {
        package var id: LenientID
        package var title: String?
        package var body: String?
        package var duration: Int?
        package var serviceStatuses: [ServiceStatus]?

        enum CodingKeys: String, CodingKey {
            case id, title, body, duration
            case serviceStatuses = "service_statuses"
        }
    }

    /// A whole hub as a snapshot stores it: one list per kind, incidents in their detail form.
    package struct AccountData: Codable, Sendable, Hashable {
        package var groups: [Group]
        package var services: [Service]
        package var incidents: [Incident]
        package var maintenances: [Maintenance]
        package var incidentTemplates: [IncidentTemplate]
        package var maintenanceTemplates: [MaintenanceTemplate]

        enum CodingKeys: String, CodingKey {
            case groups, services, incidents, maintenances
            case incidentTemplates = "incident_templates"
            case maintenanceTemplates = "maintenance_templates"
        }

        /// Creates account data; every list defaults to empty.
        package init(
            groups: [Group] = [], services: [Service] = [], incidents: [Incident] = [],
            maintenances: [Maintenance] = [],
            incidentTemplates: [IncidentTemplate] = [], maintenanceTemplates: [MaintenanceTemplate] = []
        ) {
            self.groups = groups
            self.services = services
            self.incidents = incidents
            self.maintenances = maintenances
            self.incidentTemplates = incidentTemplates
            self.maintenanceTemplates = maintenanceTemplates
        }

        /// Decodes account data; a missing list is an empty one.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            groups = try container.decodeIfPresent([Group].self, forKey: .groups) ?? []
            services = try container.decodeIfPresent([Service].self, forKey: .services) ?? []
            incidents = try container.decodeIfPresent([Incident].self, forKey: .incidents) ?? []
            maintenances = try container.decodeIfPresent([Maintenance].self, forKey: .maintenances) ?? []
            incidentTemplates = try container.decodeIfPresent([IncidentTemplate].self, forKey: .incidentTemplates) ?? []
            maintenanceTemplates =
                try container.decodeIfPresent([MaintenanceTemplate].self, forKey: .maintenanceTemplates) ?? []
        }
    }
}
