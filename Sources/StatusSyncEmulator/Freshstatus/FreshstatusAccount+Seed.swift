extension FreshstatusAccount {
    /// Loads an account from a seed in the Freshstatus seed shape (missing optional members tolerated).
    ///
    /// - Throws: ``EmulatorError/invalidSeed(reason:)`` for a missing id or time, or a duplicate id.
    init(seed: [String: JSONValue]) throws(EmulatorError) {
        for value in seed["groups"]?.arrayValue ?? [] {
            let object = try SeedObject(value, kind: "group")
            let id = try object.id()
            guard groups[id] == nil else { throw .invalidSeed(reason: "duplicate group id \(id)") }
            groups[id] = Group(
                id: id, name: object.string("name"), description: object.string("description"),
                order: object.int("order") ?? 0, parent: object.int("parent"),
                displayOptions: Self.displayOptions(
                    object.object("display_options"), defaults: Self.groupDisplayDefaults))
        }
        for value in seed["services"]?.arrayValue ?? [] {
            let object = try SeedObject(value, kind: "service")
            let id = try object.id()
            guard services[id] == nil else { throw .invalidSeed(reason: "duplicate service id \(id)") }
            let group = object.members["group"].flatMap { $0.looseInt ?? $0["id"]?.looseInt }
            services[id] = Service(
                id: id, name: object.string("name"), description: object.string("description"),
                order: object.int("order") ?? 0, group: group,
                displayOptions: Self.displayOptions(
                    object.object("display_options"), defaults: Self.serviceDisplayDefaults))
        }
        for value in seed["incident_statuses"]?.arrayValue ?? [] {
            let object = try SeedObject(value, kind: "incident status")
            let id = try object.id()
            guard statuses[id] == nil else { throw .invalidSeed(reason: "duplicate incident status id \(id)") }
            statuses[id] = IncidentStatus(id: id, value: object.string("value"), order: object.int("order") ?? id)
        }
        for (key, isMaintenance) in [("incidents", false), ("maintenances", true)] {
            for value in seed[key]?.arrayValue ?? [] {
                try loadEvent(value, isMaintenance: isMaintenance)
            }
        }
        nextGroupID = (groups.keys.max() ?? 0) + 1
        nextServiceID = (services.keys.max() ?? 0) + 1
        nextStatusID = (statuses.keys.max() ?? 0) + 1
        nextEventID = (events.keys.max() ?? 0) + 1
        nextNoteID = (noteOwner.keys.max() ?? 0) + 1
    }

    private mutating func loadEvent(_ value: JSONValue, isMaintenance: Bool) throws(EmulatorError) {
        let kind = isMaintenance ? "maintenance" : "incident"
        let object = try SeedObject(value, kind: kind)
        let id = try object.id()
        guard events[id] == nil else { throw .invalidSeed(reason: "duplicate incident/maintenance id \(id)") }
        var notes: [Note] = []
        for noteValue in object.array(isMaintenance ? "maintenance_updates" : "incident_updates") {
            let note = try SeedObject(noteValue, kind: "\(kind) update")
            let noteID = try note.id()
            guard noteOwner[noteID] == nil else { throw .invalidSeed(reason: "duplicate update id \(noteID)") }
            noteOwner[noteID] = id
            notes.append(
                Note(
                    id: noteID, message: note.string("message"), time: try note.requiredTime("time"),
                    isPrivate: note.bool("is_private"),
                    status: note.optionalString(isMaintenance ? "maintenance_status" : "incident_status"),
                    notificationOptions: Self.notificationOptions(note.object("notification_options"))))
        }
        let affected = object.array("affected_components").compactMap { entry -> AffectedComponent? in
            guard let component = entry["component"], let id = component.looseInt else { return nil }
            return AffectedComponent(
                component: String(id), newStatus: entry["new_status"]?.stringValue ?? (isMaintenance ? "UM" : "OP"))
        }
        events[id] = Event(
            id: id, isMaintenance: isMaintenance, title: object.string("title"),
            description: object.string("description"), startTime: try object.requiredTime("start_time"),
            endTime: try object.time("end_time"), isPrivate: object.bool("is_private"), affected: affected,
            source: object.members["source"] ?? .null,
            notificationOptions: Self.notificationOptions(object.object("notification_options")),
            isAutoStart: object.bool("is_auto_start"), isAutoEnd: object.bool("is_auto_end"), notes: notes)
    }

    /// Display options with booleans as strings, defaults filled in.
    static func displayOptions(_ given: [String: JSONValue], defaults: [String: JSONValue]) -> [String: JSONValue] {
        var result = defaults
        for (key, value) in given where defaults[key] != nil {
            result[key] = key == "service_start_date" ? value : value.asBooleanString
        }
        return result
    }

    /// Notification options with booleans as strings; unknown keys dropped.
    static func notificationOptions(_ given: [String: JSONValue]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in given where notificationKeys.contains(key) { result[key] = value.asBooleanString }
        return result
    }

    /// The whole account in the seed shape.
    func seedJSON(subdomain: String, now: Double) -> JSONValue {
        var copy = self
        let derived = copy.derivedStatuses(now: now)
        let incidents = events.values.filter { !$0.isMaintenance }.sorted { $0.id < $1.id }.map(render)
        let maintenances = events.values.filter(\.isMaintenance).sorted { $0.id < $1.id }.map(render)
        return .object([
            "subdomain": .string(subdomain),
            "groups": .array(groups.values.sorted { $0.id < $1.id }.map(render)),
            "services": .array(services.values.sorted { $0.id < $1.id }.map { render($0, statuses: derived) }),
            "incident_statuses": .array(statuses.values.sorted { $0.id < $1.id }.map(render)),
            "incidents": .array(incidents),
            "maintenances": .array(maintenances),
        ])
    }
}
