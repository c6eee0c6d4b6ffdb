extension StatusHubAccount {
    /// Loads a hub from a seed in the StatusHub seed shape (missing optional members tolerated).
    ///
    /// - Throws: ``EmulatorError/invalidSeed(reason:)`` for a missing id or time, or a duplicate id.
    init(seed: [String: JSONValue], now: Double) throws(EmulatorError) {
        let nowStamp = Timestamp(text: Timestamp.format(now.rounded(.down)), seconds: now.rounded(.down))
        for value in seed["groups"]?.arrayValue ?? [] {
            let object = try SeedObject(value, kind: "group")
            let id = try object.id()
            guard groups[id] == nil else { throw .invalidSeed(reason: "duplicate group id \(id)") }
            groups[id] = Group(
                id: id, name: object.string("name"), position: object.int("position") ?? 0,
                isDeleted: object.bool("deleted"))
        }
        for value in seed["services"]?.arrayValue ?? [] {
            let object = try SeedObject(value, kind: "service")
            let id = try object.id()
            guard services[id] == nil else { throw .invalidSeed(reason: "duplicate service id \(id)") }
            services[id] = Service(
                id: id, name: object.string("name"), description: object.string("description"),
                position: object.int("position") ?? 0, groupID: object.int("group_id"),
                isDeleted: object.bool("deleted"))
        }
        for value in seed["incidents"]?.arrayValue ?? [] {
            let object = try SeedObject(value, kind: "incident")
            let id = try object.id()
            guard incidents[id] == nil else { throw .invalidSeed(reason: "duplicate incident id \(id)") }
            var updates: [Update] = []
            for updateValue in object.array("incident_updates") {
                let update = try SeedObject(updateValue, kind: "incident update")
                let updateID = try update.id()
                guard updateOwner[updateID] == nil else {
                    throw .invalidSeed(reason: "duplicate incident update id \(updateID)")
                }
                updateOwner[updateID] = id
                let start = try update.requiredTime("start_time")
                updates.append(
                    Update(
                        id: updateID, title: update.string("title"), body: update.string("body"), startTime: start,
                        incidentType: update.string("incident_type", default: "investigating"),
                        state: update.string("state", default: "published"), silent: update.bool("silent"),
                        serviceStatuses: Self.seedStatuses(update.array("service_statuses")),
                        createdAt: try update.time("created_at") ?? start,
                        updatedAt: try update.time("updated_at") ?? start,
                        isDeleted: update.bool("deleted")))
            }
            let start = try object.time("start_time") ?? updates.map(\.startTime).min() ?? nowStamp
            var incident = Incident(
                id: id, title: object.string("title"), startTime: start, endTime: try object.time("end_time"),
                lastIncidentType: object.string("last_incident_type", default: "investigating"),
                state: object.string("state", default: "published"),
                updatedAt: try object.time("updated_at") ?? start, updates: updates,
                serviceIDs: object.array("service_ids").compactMap(\.looseInt), isDeleted: object.bool("deleted"))
            if object.members["title"] == nil || object.members["service_ids"] == nil
                || object.members["last_incident_type"] == nil
            {
                Self.rederive(&incident)
            }
            incidents[id] = incident
        }
        for value in seed["maintenances"]?.arrayValue ?? [] {
            let object = try SeedObject(value, kind: "maintenance")
            let id = try object.id()
            guard maintenances[id] == nil else { throw .invalidSeed(reason: "duplicate maintenance id \(id)") }
            let start = try object.requiredTime("start_time")
            maintenances[id] = Maintenance(
                id: id, title: object.string("title"), body: object.string("body"), startTime: start,
                endTime: try object.requiredTime("end_time"),
                serviceStatuses: Self.seedStatuses(object.array("service_statuses")), silent: object.bool("silent"),
                state: object.string("state", default: "published"), createdAt: try object.time("created_at") ?? start,
                updatedAt: try object.time("updated_at") ?? start, isDeleted: object.bool("deleted"))
        }
        for (key, isIncident) in [("incident_templates", true), ("maintenance_templates", false)] {
            for value in seed[key]?.arrayValue ?? [] {
                let object = try SeedObject(value, kind: "template")
                let id = try object.id()
                guard incidentTemplates[id] == nil, maintenanceTemplates[id] == nil else {
                    throw .invalidSeed(reason: "duplicate template id \(id)")
                }
                let template = Template(
                    id: id, title: object.optionalString("title"), body: object.optionalString("body"),
                    incidentType: object.optionalString("incident_type"), duration: object.int("duration"),
                    labels: object.array("labels").compactMap(\.stringValue),
                    serviceStatuses: Self.seedStatuses(object.array("service_statuses")),
                    silent: object.members["silent"]?.looseBool, createdAt: try object.time("created_at") ?? nowStamp,
                    updatedAt: try object.time("updated_at") ?? nowStamp, isDeleted: object.bool("deleted"))
                if isIncident { incidentTemplates[id] = template } else { maintenanceTemplates[id] = template }
            }
        }
        nextGroupID = (groups.keys.max() ?? 0) + 1
        nextServiceID = (services.keys.max() ?? 0) + 1
        nextIncidentID = (incidents.keys.max() ?? 0) + 1
        nextUpdateID = (updateOwner.keys.max() ?? 0) + 1
        nextMaintenanceID = (maintenances.keys.max() ?? 0) + 1
        nextTemplateID = max(incidentTemplates.keys.max() ?? 0, maintenanceTemplates.keys.max() ?? 0) + 1
    }

    private static func seedStatuses(_ values: [JSONValue]) -> [ServiceStatus] {
        values.compactMap { value in
            guard let id = value["service_id"]?.looseInt, let status = value["status"]?.stringValue else { return nil }
            return ServiceStatus(serviceID: id, status: status)
        }
    }
}
