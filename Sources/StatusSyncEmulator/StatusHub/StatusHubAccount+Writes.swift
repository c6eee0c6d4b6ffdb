import StatusSyncHTTPServer

/// Creates and partial updates (PUT) with StatusHub's validation rules; every failure is a 422.
extension StatusHubAccount {
    // MARK: - Field helpers

    private func readServiceStatuses(_ reader: inout FieldReader, required: Bool, allowsEmpty: Bool = false)
        -> [ServiceStatus]?
    {
        guard let entries = reader.array("service_statuses", required: required) else { return nil }
        var result: [ServiceStatus] = []
        var failed = false
        for entry in entries {
            guard let object = entry.objectValue, let serviceID = object["service_id"]?.intValue else {
                reader.fail("service_statuses", "each entry needs an integer service_id")
                failed = true
                continue
            }
            guard let service = services[serviceID], !service.isDeleted else {
                reader.fail("service_statuses", "service \(serviceID) does not exist")
                failed = true
                continue
            }
            guard let status = object["status"]?.stringValue, Self.serviceStatusSeverity.contains(status) else {
                reader.fail("service_statuses", "status of service \(serviceID) is not included in the list")
                failed = true
                continue
            }
            if result.contains(where: { $0.serviceID == serviceID }) {
                reader.fail("service_statuses", "service \(serviceID) is listed twice")
                failed = true
                continue
            }
            result.append(ServiceStatus(serviceID: serviceID, status: status))
        }
        if !failed, result.isEmpty, !allowsEmpty {
            reader.fail("service_statuses", "must name at least one service")
            return nil
        }
        return failed ? nil : result
    }

    /// Reads a time that may not be later than now (incidents and their updates).
    private func readPastTime(_ reader: inout FieldReader, _ field: String, required: Bool, now: Double) -> Timestamp? {
        guard let stamp = reader.timestamp(field, required: required) else { return nil }
        guard stamp.seconds <= now else {
            reader.fail(field, "can't be in the future")
            return nil
        }
        return stamp
    }

    private func readState(_ reader: inout FieldReader) -> String? {
        reader.choice("state", Self.states, nullable: true)
    }

    // MARK: - Create

    mutating func create(_ resource: String, _ body: [String: JSONValue], _ context: StatusHubContext)
        -> StatusHubOutcome
    {
        var reader = FieldReader(body: body, dialect: .rails)
        let now = context.nowStamp
        switch resource {
        case "groups":
            var group = Group(id: nextGroupID, name: "", position: (groups.values.map(\.position).max() ?? 0) + 1)
            applyGroupFields(&group, &reader, creating: true)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            groups[group.id] = group
            nextGroupID += 1
            return (.json(200, render(group)), true)
        case "services":
            var service = Service(
                id: nextServiceID, name: "", description: "",
                position: (services.values.map(\.position).max() ?? 0) + 1,
                groupID: nil)
            applyServiceFields(&service, &reader, creating: true)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            services[service.id] = service
            nextServiceID += 1
            return (.json(200, render(service, statuses: derivedStatuses(now: context.now))), true)
        case "incidents":
            return createIncident(&reader, context)
        case "maintenances":
            var maintenance = Maintenance(
                id: nextMaintenanceID, title: "", body: "", startTime: now, endTime: now, serviceStatuses: [],
                silent: false, state: "published", createdAt: now, updatedAt: now)
            applyMaintenanceFields(&maintenance, &reader, creating: true)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            maintenances[maintenance.id] = maintenance
            nextMaintenanceID += 1
            return (.json(200, render(maintenance)), true)
        default:
            let isIncident = resource == "incident_templates"
            var template = Template(
                id: nextTemplateID, title: nil, body: nil, incidentType: nil, duration: nil, labels: [],
                serviceStatuses: [], silent: nil, createdAt: now, updatedAt: now)
            applyTemplateFields(&template, &reader, incident: isIncident)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            nextTemplateID += 1
            if isIncident {
                incidentTemplates[template.id] = template
                return (.json(200, render(incidentTemplate: template)), true)
            }
            maintenanceTemplates[template.id] = template
            return (.json(200, render(maintenanceTemplate: template)), true)
        }
    }

    private mutating func createIncident(_ reader: inout FieldReader, _ context: StatusHubContext) -> StatusHubOutcome {
        let title = reader.string("title", required: true, allowBlank: false)
        let text = reader.string("body", nullable: true) ?? ""
        let start = readPastTime(&reader, "start_time", required: true, now: context.now)
        var type: String?
        if reader.body["incident_type"]?.stringValue == "resolved" {
            reader.fail("incident_type", "can't be resolved when an incident is created")
        } else {
            type = reader.choice("incident_type", Self.openingIncidentTypes, required: true)
        }
        let statuses = readServiceStatuses(&reader, required: true)
        let silent = reader.boolean("silent", nullable: true, acceptsStrings: false) ?? false
        let state = readState(&reader) ?? "published"
        guard !reader.hasErrors, let title, let start, let type, let statuses else { return Self.invalid(reader) }
        let now = context.nowStamp
        let update = Update(
            id: nextUpdateID, title: title, body: text, startTime: start, incidentType: type, state: state,
            silent: silent,
            serviceStatuses: statuses, createdAt: now, updatedAt: now)
        var incident = Incident(
            id: nextIncidentID, title: title, startTime: start, endTime: nil, lastIncidentType: type, state: state,
            updatedAt: now, updates: [update], serviceIDs: [])
        Self.rederive(&incident)
        incidents[incident.id] = incident
        updateOwner[update.id] = incident.id
        nextIncidentID += 1
        nextUpdateID += 1
        incidentsChanged()
        return (.json(200, renderDetail(incident)), true)
    }

    // MARK: - Incident updates

    mutating func createUpdate(_ incidentID: Int, _ body: [String: JSONValue], _ context: StatusHubContext)
        -> StatusHubOutcome
    {
        guard var incident = incidents[incidentID], !incident.isDeleted else { return (Self.notFound, false) }
        var reader = FieldReader(body: body, dialect: .rails)
        let title = reader.string("title", required: true, allowBlank: false)
        let text = reader.string("body", nullable: true) ?? ""
        let start = readPastTime(&reader, "start_time", required: true, now: context.now)
        let type = reader.choice("incident_type", Self.incidentTypes, required: true)
        var statuses: [ServiceStatus]?
        if type == "resolved" {
            if reader.has("service_statuses") {
                reader.fail("service_statuses", "must not be given when incident_type is resolved")
            }
            statuses = incident.serviceIDs.map { ServiceStatus(serviceID: $0, status: "up") }
        } else {
            statuses = readServiceStatuses(&reader, required: true)
        }
        let silent = reader.boolean("silent", nullable: true, acceptsStrings: false) ?? false
        let state = readState(&reader) ?? "published"
        if type == "resolved", let start {
            let live = incident.liveUpdates
            if live.contains(where: { $0.incidentType == "resolved" }) {
                reader.fail("incident_type", "the incident is already resolved")
            } else if let first = live.first, start.seconds <= first.startTime.seconds {
                reader.fail("incident_type", "resolved can't be the first update of an incident")
            }
        }
        guard !reader.hasErrors, let title, let start, let type, let statuses else { return Self.invalid(reader) }
        let now = context.nowStamp
        let update = Update(
            id: nextUpdateID, title: title, body: text, startTime: start, incidentType: type, state: state,
            silent: silent,
            serviceStatuses: statuses, createdAt: now, updatedAt: now)
        incident.updates.append(update)
        incident.updatedAt = now
        Self.rederive(&incident)
        incidents[incidentID] = incident
        updateOwner[update.id] = incidentID
        nextUpdateID += 1
        incidentsChanged()
        return (.json(200, render(update)), true)
    }

    mutating func changeUpdate(_ incidentID: Int, _ id: Int, _ body: [String: JSONValue], _ context: StatusHubContext)
        -> StatusHubOutcome
    {
        guard var incident = incidents[incidentID], !incident.isDeleted, updateOwner[id] == incidentID,
            let index = incident.updates.firstIndex(where: { $0.id == id && !$0.isDeleted })
        else { return (Self.notFound, false) }
        var reader = FieldReader(body: body, dialect: .rails)
        var update = incident.updates[index]
        if let title = reader.string("title", allowBlank: false) { update.title = title }
        if reader.has("body") { update.body = reader.string("body", nullable: true) ?? "" }
        if let start = readPastTime(&reader, "start_time", required: false, now: context.now) {
            update.startTime = start
        }
        let wasResolved = update.incidentType == "resolved"
        if let type = reader.choice("incident_type", Self.incidentTypes) { update.incidentType = type }
        if let silent = reader.boolean("silent", acceptsStrings: false) { update.silent = silent }
        if let state = readState(&reader) { update.state = state }
        if update.incidentType == "resolved" {
            if reader.has("service_statuses") {
                reader.fail("service_statuses", "must not be given when incident_type is resolved")
            }
            if !wasResolved {
                if incident.liveUpdates.contains(where: { $0.incidentType == "resolved" }) {
                    reader.fail("incident_type", "the incident is already resolved")
                }
                update.serviceStatuses = incident.serviceIDs.map { ServiceStatus(serviceID: $0, status: "up") }
            }
        } else if let statuses = readServiceStatuses(&reader, required: wasResolved) {
            update.serviceStatuses = statuses
        }
        guard !reader.hasErrors else { return Self.invalid(reader) }
        var changed = incident
        changed.updates[index] = update
        if let message = Self.timelineProblem(changed) { return Self.invalid("incident_type", message) }
        update.updatedAt = context.nowStamp
        changed.updates[index] = update
        changed.updatedAt = context.nowStamp
        Self.rederive(&changed)
        incident = changed
        incidents[incidentID] = incident
        incidentsChanged()
        return (.json(200, render(update)), true)
    }

    mutating func deleteUpdate(_ incidentID: Int, _ id: Int, _ context: StatusHubContext) -> StatusHubOutcome {
        guard var incident = incidents[incidentID], !incident.isDeleted, updateOwner[id] == incidentID,
            let index = incident.updates.firstIndex(where: { $0.id == id && !$0.isDeleted })
        else { return (Self.notFound, false) }
        guard incident.liveUpdates.count > 1 else {
            return Self.invalid("base", "an incident must keep at least one update; delete the incident instead")
        }
        incident.updates[index].isDeleted = true
        if let message = Self.timelineProblem(incident) { return Self.invalid("base", message) }
        incident.updatedAt = context.nowStamp
        Self.rederive(&incident)
        incidents[incidentID] = incident
        incidentsChanged()
        return (.empty(204), true)
    }

    /// Why an incident's live updates break the timeline rules, or `nil` when they do not.
    private static func timelineProblem(_ incident: Incident) -> String? {
        let live = incident.liveUpdates
        if live.first?.incidentType == "resolved" { return "resolved can't be the first update of an incident" }
        if live.filter({ $0.incidentType == "resolved" }).count > 1 { return "the incident is already resolved" }
        return nil
    }

    // MARK: - Update (PUT, partial)

    mutating func update(_ resource: String, _ id: Int, _ body: [String: JSONValue], _ context: StatusHubContext)
        -> StatusHubOutcome
    {
        var reader = FieldReader(body: body, dialect: .rails)
        let now = context.nowStamp
        switch resource {
        case "groups":
            guard var group = groups[id], !group.isDeleted else { return (Self.notFound, false) }
            applyGroupFields(&group, &reader, creating: false)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            groups[id] = group
            return (.json(200, render(group)), true)
        case "services":
            guard var service = services[id], !service.isDeleted else { return (Self.notFound, false) }
            applyServiceFields(&service, &reader, creating: false)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            services[id] = service
            return (.json(200, render(service, statuses: derivedStatuses(now: context.now))), true)
        case "maintenances":
            guard var maintenance = maintenances[id], !maintenance.isDeleted else { return (Self.notFound, false) }
            applyMaintenanceFields(&maintenance, &reader, creating: false)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            maintenance.updatedAt = now
            maintenances[id] = maintenance
            return (.json(200, render(maintenance)), true)
        case "incident_templates":
            guard var template = incidentTemplates[id], !template.isDeleted else { return (Self.notFound, false) }
            applyTemplateFields(&template, &reader, incident: true)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            template.updatedAt = now
            incidentTemplates[id] = template
            return (.json(200, render(incidentTemplate: template)), true)
        default:
            guard var template = maintenanceTemplates[id], !template.isDeleted else { return (Self.notFound, false) }
            applyTemplateFields(&template, &reader, incident: false)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            template.updatedAt = now
            maintenanceTemplates[id] = template
            return (.json(200, render(maintenanceTemplate: template)), true)
        }
    }

    // MARK: - Per-entity fields

    private func applyGroupFields(_ group: inout Group, _ reader: inout FieldReader, creating: Bool) {
        if let name = reader.string("name", required: creating, allowBlank: false) { group.name = name }
        if let position = reader.integer("position") { group.position = position }
    }

    private func applyServiceFields(_ service: inout Service, _ reader: inout FieldReader, creating: Bool) {
        if let name = reader.string("name", required: creating, allowBlank: false) { service.name = name }
        if reader.has("description") { service.description = reader.string("description", nullable: true) ?? "" }
        if let position = reader.integer("position") { service.position = position }
        if reader.has("group_id") {
            if let groupID = reader.integer("group_id", nullable: true) {
                if let group = groups[groupID], !group.isDeleted {
                    service.groupID = groupID
                } else {
                    reader.fail("group_id", "group \(groupID) does not exist")
                }
            } else if reader.body["group_id"]?.isNull == true {
                service.groupID = nil
            }
        }
        if reader.has("status") { reader.fail("status", "is read-only; it is derived from incidents and maintenances") }
    }

    private func applyMaintenanceFields(_ maintenance: inout Maintenance, _ reader: inout FieldReader, creating: Bool) {
        if let title = reader.string("title", required: creating, allowBlank: false) { maintenance.title = title }
        if reader.has("body") { maintenance.body = reader.string("body", nullable: true) ?? "" }
        if let start = reader.timestamp("start_time", required: creating) { maintenance.startTime = start }
        if let end = reader.timestamp("end_time", required: creating) { maintenance.endTime = end }
        if let statuses = readServiceStatuses(&reader, required: creating) { maintenance.serviceStatuses = statuses }
        if let silent = reader.boolean("silent", nullable: true, acceptsStrings: false) { maintenance.silent = silent }
        if let state = readState(&reader) { maintenance.state = state }
        if !reader.hasErrors, maintenance.endTime.seconds <= maintenance.startTime.seconds {
            reader.fail("end_time", "must be after start_time")
        }
    }

    private func applyTemplateFields(_ template: inout Template, _ reader: inout FieldReader, incident: Bool) {
        if reader.has("title") { template.title = reader.string("title", nullable: true) }
        if reader.has("body") { template.body = reader.string("body", nullable: true) }
        if let statuses = readServiceStatuses(&reader, required: false, allowsEmpty: true) {
            template.serviceStatuses = statuses
        }
        if incident {
            if reader.has("incident_type") {
                template.incidentType = reader.choice("incident_type", Self.incidentTypes, nullable: true)
            }
        } else {
            if reader.has("duration") {
                let duration = reader.integer("duration", nullable: true)
                if let duration, !(1...Self.maximumTemplateDuration).contains(duration) {
                    reader.fail("duration", "must be between 1 and \(Self.maximumTemplateDuration) minutes")
                } else {
                    template.duration = duration
                }
            }
            if let labels = reader.array("labels") {
                if labels.allSatisfy({ $0.stringValue != nil }) {
                    template.labels = labels.compactMap(\.stringValue)
                } else {
                    reader.fail("labels", "must be an array of strings")
                }
            }
            if reader.has("silent") {
                template.silent = reader.boolean("silent", nullable: true, acceptsStrings: false)
            }
        }
        if !reader.hasErrors, (template.title ?? "").isEmpty, (template.body ?? "").isEmpty {
            reader.fail("title", "title or body must be given")
        }
    }
}
