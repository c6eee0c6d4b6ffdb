import Foundation
import StatusSyncHTTPServer

// The writes: create, update, delete and the maintenance actions, each validated as Freshstatus does.
extension FreshstatusAccount {
    // MARK: - Create

    mutating func create(_ resource: String, _ body: [String: JSONValue], _ context: FreshstatusContext)
        -> FreshstatusOutcome
    {
        var reader = FieldReader(body: body, dialect: .djangoREST)
        switch resource {
        case "groups":
            var group = Group(
                id: nextGroupID, name: "", description: "", order: 0, parent: nil,
                displayOptions: Self.groupDisplayDefaults)
            applyGroupFields(&group, &reader, creating: true)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            groups[group.id] = group
            nextGroupID += 1
            return (.json(201, render(group)), true)
        case "services":
            var service = Service(
                id: nextServiceID, name: "", description: "", order: 0, group: nil,
                displayOptions: Self.serviceDisplayDefaults)
            applyServiceFields(&service, &reader, creating: true)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            services[service.id] = service
            nextServiceID += 1
            return (.json(201, render(service, statuses: derivedStatuses(now: context.now))), true)
        case "incident-status":
            let order = (statuses.values.map(\.order).max() ?? 0) + 1
            var status = IncidentStatus(id: nextStatusID, value: "", order: order)
            applyStatusFields(&status, &reader, creating: true)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            statuses[status.id] = status
            nextStatusID += 1
            return (.json(201, render(status)), true)
        case "incidents", "maintenance":
            let isMaintenance = resource == "maintenance"
            var event = Event(
                id: nextEventID, isMaintenance: isMaintenance, title: "", description: "",
                startTime: Timestamp(text: "", seconds: 0), endTime: nil, isPrivate: false, affected: [], source: .null,
                notificationOptions: Self.defaultNotificationOptions(maintenance: isMaintenance), isAutoStart: false,
                isAutoEnd: false, notes: [])
            applyEventFields(&event, &reader, creating: true)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            events[event.id] = event
            nextEventID += 1
            eventsChanged()
            return (.json(201, render(event)), true)
        default:
            let maintenance = resource == "maintenance-updates"
            let ownerField = maintenance ? "maintenance" : "incident"
            var ownerID: Int?
            if let id = reader.integer(ownerField, required: true) {
                if let owner = events[id], owner.isMaintenance == maintenance {
                    ownerID = id
                } else {
                    reader.fail(ownerField, "Invalid pk \"\(id)\" - object does not exist.")
                }
            }
            var note = Note(
                id: nextNoteID, message: "", time: Timestamp(text: "", seconds: 0), isPrivate: false, status: nil,
                notificationOptions: Self.defaultNotificationOptions(maintenance: false))
            applyNoteFields(&note, &reader, maintenance: maintenance, creating: true)
            guard !reader.hasErrors, let ownerID, var owner = events[ownerID] else { return Self.invalid(reader) }
            owner.notes.append(note)
            events[ownerID] = owner
            noteOwner[note.id] = ownerID
            nextNoteID += 1
            return (.json(201, render(note, owner: owner)), true)
        }
    }

    // MARK: - Update

    mutating func update(
        _ resource: String, _ id: Int, _ body: [String: JSONValue], _ context: FreshstatusContext
    ) -> FreshstatusOutcome {
        var reader = FieldReader(body: body, dialect: .djangoREST)
        switch resource {
        case "groups":
            guard var group = groups[id] else { return (Self.notFound, false) }
            applyGroupFields(&group, &reader, creating: false)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            groups[id] = group
            return (.json(200, render(group)), true)
        case "services":
            guard var service = services[id] else { return (Self.notFound, false) }
            applyServiceFields(&service, &reader, creating: false)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            services[id] = service
            return (.json(200, render(service, statuses: derivedStatuses(now: context.now))), true)
        case "incident-status":
            guard var status = statuses[id] else { return (Self.notFound, false) }
            applyStatusFields(&status, &reader, creating: false)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            statuses[id] = status
            return (.json(200, render(status)), true)
        case "incidents", "maintenance":
            guard var event = events[id], event.isMaintenance == (resource == "maintenance") else {
                return (Self.notFound, false)
            }
            applyEventFields(&event, &reader, creating: false)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            events[id] = event
            eventsChanged()
            return (.json(200, render(event)), true)
        default:
            let maintenance = resource == "maintenance-updates"
            guard let (owner, existing) = note(id, maintenance: maintenance), var owner = Optional(owner) else {
                return (Self.notFound, false)
            }
            var note = existing
            applyNoteFields(&note, &reader, maintenance: maintenance, creating: false)
            guard !reader.hasErrors else { return Self.invalid(reader) }
            if let index = owner.notes.firstIndex(where: { $0.id == id }) { owner.notes[index] = note }
            events[owner.id] = owner
            return (.json(200, render(note, owner: owner)), true)
        }
    }

    // MARK: - Delete

    mutating func delete(_ resource: String, _ id: Int) -> FreshstatusOutcome {
        switch resource {
        case "groups":
            guard groups.removeValue(forKey: id) != nil else { return (Self.notFound, false) }
            for (key, var group) in groups where group.parent == id {
                group.parent = nil
                groups[key] = group
            }
            for (key, var service) in services where service.group == id {
                service.group = nil
                services[key] = service
            }
        case "services":
            guard services.removeValue(forKey: id) != nil else { return (Self.notFound, false) }
        case "incident-status":
            guard statuses.removeValue(forKey: id) != nil else { return (Self.notFound, false) }
        case "incidents", "maintenance":
            guard let event = events[id], event.isMaintenance == (resource == "maintenance") else {
                return (Self.notFound, false)
            }
            events[id] = nil
            for note in event.notes { noteOwner[note.id] = nil }
            eventsChanged()
        default:
            guard let (owner, _) = note(id, maintenance: resource == "maintenance-updates"), var owner = Optional(owner)
            else { return (Self.notFound, false) }
            owner.notes.removeAll { $0.id == id }
            events[owner.id] = owner
            noteOwner[id] = nil
        }
        return (.empty(204), true)
    }

    // MARK: - Actions

    mutating func perform(
        _ action: String, on id: Int, _ body: [String: JSONValue], _ context: FreshstatusContext
    ) -> FreshstatusOutcome {
        let isMaintenance = action != "resolve"
        guard var event = events[id], event.isMaintenance == isMaintenance else { return (Self.notFound, false) }
        var reader = FieldReader(body: body, dialect: .djangoREST)
        let message = reader.string("message", nullable: true)
        guard !reader.hasErrors else { return Self.invalid(reader) }
        let now = Timestamp(Date(timeIntervalSince1970: context.now))
        let noteStatus: String?
        switch action {
        case "resolve":
            if event.endTime == nil { event.endTime = now }
            noteStatus = sortedStatuses.last?.value
        case "start":
            if let end = event.endTime, end.seconds <= context.now {
                return Self.nonField("Maintenance is already completed.")
            }
            guard event.startTime.seconds > context.now else {
                return Self.nonField("Maintenance is already in progress.")
            }
            event.startTime = now
            noteStatus = Self.maintenanceStartedStatus
        default:
            guard event.startTime.seconds <= context.now else { return Self.nonField("Maintenance has not started.") }
            if let end = event.endTime, end.seconds <= context.now {
                return Self.nonField("Maintenance is already completed.")
            }
            event.endTime = now
            noteStatus = Self.maintenanceCompletedStatus
        }
        if let message, !message.isEmpty {
            event.notes.append(
                Note(
                    id: nextNoteID, message: message,
                    time: Timestamp(Date(timeIntervalSince1970: context.now), keepsMicroseconds: true),
                    isPrivate: false, status: noteStatus,
                    notificationOptions: Self.defaultNotificationOptions(maintenance: false)))
            noteOwner[nextNoteID] = id
            nextNoteID += 1
        }
        events[id] = event
        eventsChanged()
        return (.json(200, render(event)), true)
    }
}
