import Foundation

// Freshstatus's wire types read with `JSONReader`, for large snapshots; each reads what its `Decodable`
// conformance reads, or fails (and the snapshot is then read with `JSONDecoder`).

extension Freshstatus.AccountData: JSONReadable {
    /// Reads an account as its `Decodable` conformance does: a missing list is an empty one.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var result = Freshstatus.AccountData()
        try reader.object { reader, key in
            switch key {
            case "groups":
                try seen.insert(0, reader)
                result.groups = try reader.optional { try $0.list(of: Freshstatus.Group.self) } ?? []
            case "services":
                try seen.insert(1, reader)
                result.services = try reader.optional { try $0.list(of: Freshstatus.Service.self) } ?? []
            case "incident_statuses":
                try seen.insert(2, reader)
                result.incidentStatuses =
                    try reader.optional { try $0.list(of: Freshstatus.IncidentStatus.self) } ?? []
            case "incidents":
                try seen.insert(3, reader)
                result.incidents = try reader.optional { try $0.list(of: Freshstatus.Incident.self) } ?? []
            case "maintenances":
                try seen.insert(4, reader)
                result.maintenances = try reader.optional { try $0.list(of: Freshstatus.Maintenance.self) } ?? []
            default: try reader.skipValue()
            }
        }
        self = result
    }
}

extension Freshstatus.Group: JSONReadable {
    /// Reads a group.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var name: String?
        var description: String?
        var order: Int?
        var parent: LenientID?
        var displayOptions: [String: JSONValue]?
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
            case "order":
                try seen.insert(3, reader)
                order = try reader.optional { try $0.int() }
            case "parent":
                try seen.insert(4, reader)
                parent = try reader.optional { try $0.lenientID() }
            case "display_options":
                try seen.insert(5, reader)
                displayOptions = try reader.optional { try $0.dictionary { try $0.value() } }
            default: try reader.skipValue()
            }
        }
        guard let id, let name else { throw reader.failure("incomplete group") }
        self.init(
            id: id, name: name, description: description, order: order, parent: parent, displayOptions: displayOptions)
    }
}

extension Freshstatus.Service: JSONReadable {
    /// Reads a service; its group is an id or an object with one.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var name: String?
        var description: String?
        var order: Int?
        var status: String?
        var group: Freshstatus.GroupReference?
        var displayOptions: [String: JSONValue]?
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
            case "order":
                try seen.insert(3, reader)
                order = try reader.optional { try $0.int() }
            case "status":
                try seen.insert(4, reader)
                status = try reader.optional { try $0.string() }
            case "group":
                try seen.insert(5, reader)
                group = try reader.optional { reader in
                    if try reader.peek() != UInt8(ascii: "{") {
                        return Freshstatus.GroupReference(id: try reader.lenientID())
                    }
                    var groupID: LenientID?
                    var seenID = SeenKeys()
                    try reader.object { reader, key in
                        if case "id" = key {
                            try seenID.insert(0, reader)
                            groupID = try reader.lenientID()
                        } else {
                            try reader.skipValue()
                        }
                    }
                    guard let groupID else { throw reader.failure("a group without an id") }
                    return Freshstatus.GroupReference(id: groupID)
                }
            case "display_options":
                try seen.insert(6, reader)
                displayOptions = try reader.optional { try $0.dictionary { try $0.value() } }
            default: try reader.skipValue()
            }
        }
        guard let id, let name else { throw reader.failure("incomplete service") }
        self.init(
            id: id, name: name, description: description, order: order, status: status, group: group,
            displayOptions: displayOptions)
    }
}

extension Freshstatus.IncidentStatus: JSONReadable {
    /// Reads a phase.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var value: String?
        var order: Int?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "value":
                try seen.insert(1, reader)
                value = try reader.string()
            case "order":
                try seen.insert(2, reader)
                order = try reader.optional { try $0.int() }
            default: try reader.skipValue()
            }
        }
        guard let id, let value else { throw reader.failure("incomplete phase") }
        self.init(id: id, value: value, order: order)
    }
}

extension Freshstatus.AffectedComponent: JSONReadable {
    /// Reads an affected service.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var component: LenientID?
        var newStatus: String?
        try reader.object { reader, key in
            switch key {
            case "component":
                try seen.insert(0, reader)
                component = try reader.lenientID()
            case "new_status":
                try seen.insert(1, reader)
                newStatus = try reader.string()
            default: try reader.skipValue()
            }
        }
        guard let component, let newStatus else { throw reader.failure("incomplete affected component") }
        self.init(component: component, newStatus: newStatus)
    }
}

extension Freshstatus.Incident: JSONReadable {
    /// Reads an incident with its updates.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var title: String?
        var description: String?
        var startTime: Instant?
        var endTime: Instant?
        var isPrivate: LenientBool?
        var affectedComponents: [Freshstatus.AffectedComponent]?
        var notificationOptions: [String: LenientBool]?
        var incidentUpdates: [Freshstatus.IncidentUpdate]?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "title":
                try seen.insert(1, reader)
                title = try reader.string()
            case "description":
                try seen.insert(2, reader)
                description = try reader.optional { try $0.string() }
            case "start_time":
                try seen.insert(3, reader)
                startTime = try reader.instant()
            case "end_time":
                try seen.insert(4, reader)
                endTime = try reader.optional { try $0.instant() }
            case "is_private":
                try seen.insert(5, reader)
                isPrivate = try reader.optional { try $0.lenientBool() }
            case "affected_components":
                try seen.insert(6, reader)
                affectedComponents = try reader.optional { try $0.list(of: Freshstatus.AffectedComponent.self) }
            case "notification_options":
                try seen.insert(7, reader)
                notificationOptions = try reader.optional { try $0.dictionary { try $0.lenientBool() } }
            case "incident_updates":
                try seen.insert(8, reader)
                incidentUpdates = try reader.optional { try $0.list(of: Freshstatus.IncidentUpdate.self) }
            default: try reader.skipValue()
            }
        }
        guard let id, let title, let startTime else { throw reader.failure("incomplete incident") }
        self.init(
            id: id, title: title, description: description, startTime: startTime, endTime: endTime,
            isPrivate: isPrivate, affectedComponents: affectedComponents, notificationOptions: notificationOptions,
            incidentUpdates: incidentUpdates)
    }
}

extension Freshstatus.IncidentUpdate: JSONReadable {
    /// Reads an incident update.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var message: String?
        var time: Instant?
        var isPrivate: LenientBool?
        var incident: LenientID?
        var incidentStatus: String?
        var notificationOptions: [String: LenientBool]?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "message":
                try seen.insert(1, reader)
                message = try reader.optional { try $0.string() }
            case "time":
                try seen.insert(2, reader)
                time = try reader.instant()
            case "is_private":
                try seen.insert(3, reader)
                isPrivate = try reader.optional { try $0.lenientBool() }
            case "incident":
                try seen.insert(4, reader)
                incident = try reader.optional { try $0.lenientID() }
            case "incident_status":
                try seen.insert(5, reader)
                incidentStatus = try reader.optional { try $0.string() }
            case "notification_options":
                try seen.insert(6, reader)
                notificationOptions = try reader.optional { try $0.dictionary { try $0.lenientBool() } }
            default: try reader.skipValue()
            }
        }
        guard let id, let time else { throw reader.failure("incomplete incident update") }
        self.init(
            id: id, message: message, time: time, isPrivate: isPrivate, incident: incident,
            incidentStatus: incidentStatus, notificationOptions: notificationOptions)
    }
}

extension Freshstatus.Maintenance: JSONReadable {
    /// Reads a maintenance with its updates.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var title: String?
        var description: String?
        var startTime: Instant?
        var endTime: Instant?
        var isAutoStart: LenientBool?
        var isAutoEnd: LenientBool?
        var isPrivate: LenientBool?
        var affectedComponents: [Freshstatus.AffectedComponent]?
        var notificationOptions: [String: LenientBool]?
        var maintenanceUpdates: [Freshstatus.MaintenanceUpdate]?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "title":
                try seen.insert(1, reader)
                title = try reader.string()
            case "description":
                try seen.insert(2, reader)
                description = try reader.optional { try $0.string() }
            case "start_time":
                try seen.insert(3, reader)
                startTime = try reader.instant()
            case "end_time":
                try seen.insert(4, reader)
                endTime = try reader.instant()
            case "is_auto_start":
                try seen.insert(5, reader)
                isAutoStart = try reader.optional { try $0.lenientBool() }
            case "is_auto_end":
                try seen.insert(6, reader)
                isAutoEnd = try reader.optional { try $0.lenientBool() }
            case "is_private":
                try seen.insert(7, reader)
                isPrivate = try reader.optional { try $0.lenientBool() }
            case "affected_components":
                try seen.insert(8, reader)
                affectedComponents = try reader.optional { try $0.list(of: Freshstatus.AffectedComponent.self) }
            case "notification_options":
                try seen.insert(9, reader)
                notificationOptions = try reader.optional { try $0.dictionary { try $0.lenientBool() } }
            case "maintenance_updates":
                try seen.insert(10, reader)
                maintenanceUpdates = try reader.optional { try $0.list(of: Freshstatus.MaintenanceUpdate.self) }
            default: try reader.skipValue()
            }
        }
        guard let id, let title, let startTime, let endTime else { throw reader.failure("incomplete maintenance") }
        self.init(
            id: id, title: title, description: description, startTime: startTime, endTime: endTime,
            isAutoStart: isAutoStart, isAutoEnd: isAutoEnd, isPrivate: isPrivate,
            affectedComponents: affectedComponents, notificationOptions: notificationOptions,
            maintenanceUpdates: maintenanceUpdates)
    }
}

extension Freshstatus.MaintenanceUpdate: JSONReadable {
    /// Reads a maintenance update.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var id: LenientID?
        var message: String?
        var time: Instant?
        var isPrivate: LenientBool?
        var maintenance: LenientID?
        var maintenanceStatus: String?
        try reader.object { reader, key in
            switch key {
            case "id":
                try seen.insert(0, reader)
                id = try reader.lenientID()
            case "message":
                try seen.insert(1, reader)
                message = try reader.optional { try $0.string() }
            case "time":
                try seen.insert(2, reader)
                time = try reader.instant()
            case "is_private":
                try seen.insert(3, reader)
                isPrivate = try reader.optional { try $0.lenientBool() }
            case "maintenance":
                try seen.insert(4, reader)
                maintenance = try reader.optional { try $0.lenientID() }
            case "maintenance_status":
                try seen.insert(5, reader)
                maintenanceStatus = try reader.optional { try $0.string() }
            default: try reader.skipValue()
            }
        }
        guard let id, let time else { throw reader.failure("incomplete maintenance update") }
        self.init(
            id: id, message: message, time: time, isPrivate: isPrivate, maintenance: maintenance,
            maintenanceStatus: maintenanceStatus)
    }
}
