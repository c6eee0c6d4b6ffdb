import Foundation

// StatusHub's wire types read with `JSONReader`, for large snapshots; each reads what its `Decodable`
// conformance reads, or fails (and the snapshot is then read with `JSONDecoder`).

extension StatusHub.AccountData: JSONReadable {
    /// Reads a hub as its `Decodable` conformance does: a missing list is an empty one.
    package init(reading reader: inout JSONReader) throws {
        self.init()
        var seen = SeenKeys()
        var result = self
        try reader.object { reader, key in
            switch key {
            case "groups":
                try seen.insert(0, reader)
                result.groups = try reader.optional { try $0.list(of: StatusHub.Group.self) } ?? []
            case "services":
                try seen.insert(1, reader)
                result.services = try reader.optional { try $0.list(of: StatusHub.Service.self) } ?? []
            case "incidents":
                try seen.insert(2, reader)
                result.incidents = try reader.optional { try $0.list(of: StatusHub.Incident.self) } ?? []
            case "maintenances":
                try seen.insert(3, reader)
                result.maintenances = try reader.optional { try $0.list(of: StatusHub.Maintenance.self) } ?? []
            case "incident_templates":
                try seen.insert(4, reader)
                result.incidentTemplates =
                    try reader.optional { try $0.list(of: StatusHub.IncidentTemplate.self) } ?? []
            case "maintenance_templates":
                try seen.insert(5, reader)
                result.maintenanceTemplates =
                    try reader.optional { try $0.list(of: StatusHub.MaintenanceTemplate.self) } ?? []
            default: try reader.skipValue()
            }
        }
        self = result
    }
}

extension StatusHub.Group: JSONReadable {
    /// Reads a group.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var name: String?
        var position: Int?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "name":
                try seen.insert(1, reader)
                name = try reader.string()
            case "position":
                try seen.insert(2, reader)
                position = try reader.optional { try $0.int() }
            default: try reader.skipValue()
            }
        }
        guard let id, let name else { throw reader.failure("incomplete group") }
        self.init(id: id, name: name, position: position)
    }
}

extension StatusHub.Service: JSONReadable {
    /// Reads a service.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var name: String?
        var description: String?
        var position: Int?
        var groupID: LenientID?
        var status: String?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "name":
                try seen.insert(1, reader)
                name = try reader.string()
            case "description":
                try seen.insert(2, reader)
                description = try reader.optional { try $0.string() }
            case "position":
                try seen.insert(3, reader)
                position = try reader.optional { try $0.int() }
            case "group_id":
                try seen.insert(4, reader)
                groupID = try reader.optional { try $0.lenientID() }
            case "status":
                try seen.insert(5, reader)
                status = try reader.optional { try $0.string() }
            default: try reader.skipValue()
            }
        }
        guard let id, let name else { throw reader.failure("incomplete service") }
        self.init(id: id, name: name, description: description, position: position, groupID: groupID, status: status)
    }
}

extension StatusHub.ServiceStatus: JSONReadable {
    /// Reads a service's status in an event.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var serviceID: LenientID?
        var status: String?
        try reader.object { reader, key in
            switch key {
            case "service_id":
                try seen.insert(0, reader)
                serviceID = try reader.lenientID()
            case "status":
                try seen.insert(1, reader)
                status = try reader.string()
            default: try reader.skipValue()
            }
        }
        guard let serviceID, let status else { throw reader.failure("incomplete service status") }
        self.init(serviceID: serviceID, status: status)
    }
}

extension StatusHub.Incident: JSONReadable {
    /// Reads an incident with its updates.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var title: String?
        var startTime: Instant?
        var endTime: Instant?
        var lastIncidentType: String?
        var state: String?
        var updatedAt: Instant?
        var incidentUpdates: [StatusHub.IncidentUpdate]?
        var serviceIDs: [LenientID]?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "title":
                try seen.insert(1, reader)
                title = try reader.optional { try $0.string() }
            case "start_time":
                try seen.insert(2, reader)
                startTime = try reader.instant()
            case "end_time":
                try seen.insert(3, reader)
                endTime = try reader.optional { try $0.instant() }
            case "last_incident_type":
                try seen.insert(4, reader)
                lastIncidentType = try reader.optional { try $0.string() }
            case "state":
                try seen.insert(5, reader)
                state = try reader.optional { try $0.string() }
            case "updated_at":
                try seen.insert(6, reader)
                updatedAt = try reader.optional { try $0.instant() }
            case "incident_updates":
                try seen.insert(7, reader)
                incidentUpdates = try reader.optional { try $0.list(of: StatusHub.IncidentUpdate.self) }
            case "service_ids":
                try seen.insert(8, reader)
                serviceIDs = try reader.optional { try $0.list { try $0.lenientID() } }
            default: try reader.skipValue()
            }
        }
        guard let id, let startTime else { throw reader.failure("incomplete incident") }
        self.init(
            id: id, title: title, startTime: startTime, endTime: endTime, lastIncidentType: lastIncidentType,
            state: state, updatedAt: updatedAt, incidentUpdates: incidentUpdates, serviceIDs: serviceIDs)
    }
}

extension StatusHub.IncidentUpdate: JSONReadable {
    /// Reads an incident update.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var title: String?
        var body: String?
        var startTime: Instant?
        var incidentType: String?
        var state: String?
        var silent: LenientBool?
        var serviceStatuses: [StatusHub.ServiceStatus]?
        var createdAt: Instant?
        var updatedAt: Instant?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "title":
                try seen.insert(1, reader)
                title = try reader.optional { try $0.string() }
            case "body":
                try seen.insert(2, reader)
                body = try reader.optional { try $0.string() }
            case "start_time":
                try seen.insert(3, reader)
                startTime = try reader.instant()
            case "incident_type":
                try seen.insert(4, reader)
                incidentType = try reader.string()
            case "state":
                try seen.insert(5, reader)
                state = try reader.optional { try $0.string() }
            case "silent":
                try seen.insert(6, reader)
                silent = try reader.optional { try $0.lenientBool() }
            case "service_statuses":
                try seen.insert(7, reader)
                serviceStatuses = try reader.optional { try $0.list(of: StatusHub.ServiceStatus.self) }
            case "created_at":
                try seen.insert(8, reader)
                createdAt = try reader.optional { try $0.instant() }
            case "updated_at":
                try seen.insert(9, reader)
                updatedAt = try reader.optional { try $0.instant() }
            default: try reader.skipValue()
            }
        }
        guard let id, let startTime, let incidentType else { throw reader.failure("incomplete incident update") }
        self.init(
            id: id, title: title, body: body, startTime: startTime, incidentType: incidentType, state: state,
            silent: silent, serviceStatuses: serviceStatuses, createdAt: createdAt, updatedAt: updatedAt)
    }
}

extension StatusHub.Maintenance: JSONReadable {
    /// Reads a maintenance.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var title: String?
        var body: String?
        var startTime: Instant?
        var endTime: Instant?
        var serviceStatuses: [StatusHub.ServiceStatus]?
        var silent: LenientBool?
        var state: String?
        var createdAt: Instant?
        var updatedAt: Instant?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "title":
                try seen.insert(1, reader)
                title = try reader.string()
            case "body":
                try seen.insert(2, reader)
                body = try reader.optional { try $0.string() }
            case "start_time":
                try seen.insert(3, reader)
                startTime = try reader.instant()
            case "end_time":
                try seen.insert(4, reader)
                endTime = try reader.instant()
            case "service_statuses":
                try seen.insert(5, reader)
                serviceStatuses = try reader.optional { try $0.list(of: StatusHub.ServiceStatus.self) }
            case "silent":
                try seen.insert(6, reader)
                silent = try reader.optional { try $0.lenientBool() }
            case "state":
                try seen.insert(7, reader)
                state = try reader.optional { try $0.string() }
            case "created_at":
                try seen.insert(8, reader)
                createdAt = try reader.optional { try $0.instant() }
            case "updated_at":
                try seen.insert(9, reader)
                updatedAt = try reader.optional { try $0.instant() }
            default: try reader.skipValue()
            }
        }
        guard let id, let title, let startTime, let endTime else { throw reader.failure("incomplete maintenance") }
        self.init(
            id: id, title: title, body: body, startTime: startTime, endTime: endTime, serviceStatuses: serviceStatuses,
            silent: silent, state: state, createdAt: createdAt, updatedAt: updatedAt)
    }
}

extension StatusHub.IncidentTemplate: JSONReadable {
    /// Reads an incident template.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var title: String?
        var body: String?
        var incidentType: String?
        var serviceStatuses: [StatusHub.ServiceStatus]?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "title":
                try seen.insert(1, reader)
                title = try reader.optional { try $0.string() }
            case "body":
                try seen.insert(2, reader)
                body = try reader.optional { try $0.string() }
            case "incident_type":
                try seen.insert(3, reader)
                incidentType = try reader.optional { try $0.string() }
            case "service_statuses":
                try seen.insert(4, reader)
                serviceStatuses = try reader.optional { try $0.list(of: StatusHub.ServiceStatus.self) }
            default: try reader.skipValue()
            }
        }
        guard let id else { throw reader.failure("incomplete incident template") }
        self.init(id: id, title: title, body: body, incidentType: incidentType, serviceStatuses: serviceStatuses)
    }
}

extension StatusHub.MaintenanceTemplate: JSONReadable {
    /// Reads a maintenance template.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var title: String?
        var body: String?
        var duration: Int?
        var serviceStatuses: [StatusHub.ServiceStatus]?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "title":
                try seen.insert(1, reader)
                title = try reader.optional { try $0.string() }
            case "body":
                try seen.insert(2, reader)
                body = try reader.optional { try $0.string() }
            case "duration":
                try seen.insert(3, reader)
                duration = try reader.optional { try $0.int() }
            case "service_statuses":
                try seen.insert(4, reader)
                serviceStatuses = try reader.optional { try $0.list(of: StatusHub.ServiceStatus.self) }
            default: try reader.skipValue()
            }
        }
        guard let id else { throw reader.failure("incomplete maintenance template") }
        self.init(id: id, title: title, body: body, duration: duration, serviceStatuses: serviceStatuses)
    }
}
