/// Field-by-field validation of Freshstatus request bodies (create: required fields enforced; PATCH: partial).
extension FreshstatusAccount {
    static let componentStatuses = ["OP", "PD", "PO", "MO", "UM"]

    static func defaultNotificationOptions(maintenance: Bool) -> [String: JSONValue] {
        var options: [String: JSONValue] = ["send_notification": .string("false"), "send_tweet": .string("false")]
        if maintenance {
            for key in ["email_on_start", "email_on_complete", "email_before_day_hour", "email_before_one_hour"] {
                options[key] = .string("false")
            }
        }
        return options
    }

    func applyGroupFields(_ group: inout Group, _ reader: inout FieldReader, creating: Bool) {
        if let name = reader.string("name", required: creating, allowBlank: false) { group.name = name }
        if let description = reader.string("description", nullable: true) { group.description = description }
        if reader.body["description"]?.isNull == true { group.description = "" }
        if let order = reader.integer("order") { group.order = order }
        if reader.has("parent") {
            let parent = reader.integer("parent", nullable: true)
            if let parent {
                if groups[parent] == nil {
                    reader.fail("parent", "Invalid pk \"\(parent)\" - object does not exist.")
                } else if createsCycle(group: group.id, parent: parent) {
                    reader.fail("parent", "A group cannot be its own ancestor.")
                } else {
                    group.parent = parent
                }
            } else if reader.body["parent"]?.isNull == true {
                group.parent = nil
            }
        }
        if let options = readDisplayOptions(&reader, defaults: Self.groupDisplayDefaults, current: group.displayOptions)
        {
            group.displayOptions = options
        }
    }

    private func createsCycle(group: Int, parent: Int) -> Bool {
        var current: Int? = parent
        var seen: Set<Int> = []
        while let id = current, !seen.contains(id) {
            if id == group { return true }
            seen.insert(id)
            current = groups[id]?.parent
        }
        return false
    }

    func applyServiceFields(_ service: inout Service, _ reader: inout FieldReader, creating: Bool) {
        if let name = reader.string("name", required: creating, allowBlank: false) { service.name = name }
        if let description = reader.string("description", nullable: true) { service.description = description }
        if reader.body["description"]?.isNull == true { service.description = "" }
        if let order = reader.integer("order") { service.order = order }
        if reader.has("group") {
            if case .object = reader.body["group"] {
                reader.fail("group", "Incorrect type. Expected pk value, received dict.")
            } else if let group = reader.integer("group", nullable: true) {
                if groups[group] == nil {
                    reader.fail("group", "Invalid pk \"\(group)\" - object does not exist.")
                } else {
                    service.group = group
                }
            } else if reader.body["group"]?.isNull == true {
                service.group = nil
            }
        }
        if let options = readDisplayOptions(
            &reader, defaults: Self.serviceDisplayDefaults, current: service.displayOptions)
        {
            service.displayOptions = options
        }
    }

    private func readDisplayOptions(
        _ reader: inout FieldReader, defaults: [String: JSONValue], current: [String: JSONValue]
    ) -> [String: JSONValue]? {
        guard let given = reader.object("display_options") else { return nil }
        var result = current
        var failed = false
        for key in given.keys.sorted() {
            guard let value = given[key] else { continue }
            guard defaults[key] != nil else {
                reader.fail("display_options", "Unknown option \"\(key)\".")
                failed = true
                continue
            }
            if key == "service_start_date" {
                if value.isNull || value.stringValue.map(Timestamp.isCalendarDate) == true {
                    result[key] = value
                } else {
                    reader.fail("display_options", "service_start_date must be a date YYYY-MM-DD or null.")
                    failed = true
                }
            } else if let flag = value.looseBool {
                result[key] = .string(flag ? "true" : "false")
            } else {
                reader.fail("display_options", "\(key) must be true or false.")
                failed = true
            }
        }
        return failed ? nil : result
    }

    func applyStatusFields(_ status: inout IncidentStatus, _ reader: inout FieldReader, creating: Bool) {
        if let value = reader.string("value", required: creating, allowBlank: false) {
            if statuses.values.contains(where: { $0.value == value && $0.id != status.id }) {
                reader.fail("value", "incident status with this value already exists.")
            } else {
                status.value = value
            }
        }
        if let order = reader.integer("order") { status.order = order }
    }

    func applyEventFields(_ event: inout Event, _ reader: inout FieldReader, creating: Bool) {
        if let title = reader.string("title", required: creating, allowBlank: false) { event.title = title }
        if let description = reader.string("description", nullable: true) { event.description = description }
        if reader.body["description"]?.isNull == true { event.description = "" }
        if let start = reader.timestamp("start_time", required: creating) { event.startTime = start }
        if reader.has("end_time") {
            let end = reader.timestamp("end_time", required: false, nullable: !event.isMaintenance)
            if let end {
                event.endTime = end
            } else if reader.body["end_time"]?.isNull == true, !event.isMaintenance {
                event.endTime = nil
            }
        } else if creating, event.isMaintenance {
            reader.fail("end_time", reader.requiredMessage)
        }
        if let flag = reader.boolean("is_private", acceptsStrings: true) { event.isPrivate = flag }
        if event.isMaintenance {
            if let flag = reader.boolean("is_auto_start", acceptsStrings: true) { event.isAutoStart = flag }
            if let flag = reader.boolean("is_auto_end", acceptsStrings: true) { event.isAutoEnd = flag }
        }
        if reader.has("source") {
            event.source = reader.integer("source", nullable: true).map { .int($0) } ?? .null
        }
        if let affected = readAffectedComponents(&reader, maintenance: event.isMaintenance) {
            event.affected = affected
        }
        if let options = readNotificationOptions(&reader, current: event.notificationOptions) {
            event.notificationOptions = options
        }
        if !reader.hasErrors, let end = event.endTime, end < event.startTime {
            reader.fail("end_time", "End time must not be earlier than start time.")
        }
    }

    private func readAffectedComponents(_ reader: inout FieldReader, maintenance: Bool) -> [AffectedComponent]? {
        guard let entries = reader.array("affected_components") else { return nil }
        var result: [AffectedComponent] = []
        var messages: [String] = []
        for entry in entries {
            guard let object = entry.objectValue else {
                messages.append("Each affected component must be an object {\"component\", \"new_status\"}.")
                continue
            }
            let serviceID: Int?
            switch object["component"] {
            case .int(let id): serviceID = id
            case .string(let text): serviceID = Int(text)
            default: serviceID = nil
            }
            guard let serviceID else {
                messages.append("component must be a service id (integer or string).")
                continue
            }
            guard services[serviceID] != nil else {
                messages.append("Invalid service id \"\(serviceID)\" - object does not exist.")
                continue
            }
            let status = object["new_status"]?.stringValue ?? (maintenance ? "UM" : nil)
            guard let status, Self.componentStatuses.contains(status) else {
                let shown = object["new_status"].map { $0.stringValue ?? "\($0)" } ?? ""
                messages.append(shown.isEmpty ? "new_status is required." : "\"\(shown)\" is not a valid choice.")
                continue
            }
            result.append(AffectedComponent(component: String(serviceID), newStatus: status))
        }
        for message in messages { reader.fail("affected_components", message) }
        return messages.isEmpty ? result : nil
    }

    private func readNotificationOptions(_ reader: inout FieldReader, current: [String: JSONValue]) -> [String:
        JSONValue]?
    {
        guard let given = reader.object("notification_options") else { return nil }
        var result = current
        var failed = false
        for key in given.keys.sorted() {
            guard let value = given[key] else { continue }
            guard Self.notificationKeys.contains(key) else {
                reader.fail("notification_options", "Unknown option \"\(key)\".")
                failed = true
                continue
            }
            guard let flag = value.looseBool else {
                reader.fail("notification_options", "\(key) must be true or false.")
                failed = true
                continue
            }
            result[key] = .string(flag ? "true" : "false")
        }
        return failed ? nil : result
    }

    func applyNoteFields(_ note: inout Note, _ reader: inout FieldReader, maintenance: Bool, creating: Bool) {
        if let message = reader.string("message", nullable: true) { note.message = message }
        if reader.body["message"]?.isNull == true { note.message = "" }
        if let time = reader.timestamp("time", required: creating, keepsMicroseconds: true) { note.time = time }
        if let flag = reader.boolean("is_private", acceptsStrings: true) { note.isPrivate = flag }
        let statusField = maintenance ? "maintenance_status" : "incident_status"
        if reader.has(statusField) {
            let status = reader.string(statusField, nullable: true)
            if let status, !maintenance, !statuses.values.contains(where: { $0.value == status }) {
                reader.fail(statusField, "\"\(status)\" is not a valid choice.")
            } else if reader.body[statusField]?.isNull == true || status != nil {
                note.status = status
            }
        }
        if let options = readNotificationOptions(&reader, current: note.notificationOptions) {
            note.notificationOptions = options
        }
    }
}
