import Foundation
import StatusSyncHTTPServer

/// What a Freshstatus handler needs besides the account: the time and how to build links.
struct FreshstatusContext {
    var now: Double
    /// `http://host:port`, for absolute `next`/`previous` links.
    var linkPrefix: String
    var pageSize: Int
}

/// A matched Freshstatus API route (the path always ends in `/`).
enum FreshstatusRoute: Equatable {
    /// `GET /api/v1/`.
    case root
    /// `RESOURCE/`.
    case collection(String)
    /// `RESOURCE/ID/`.
    case item(String, Int)
    /// `incidents/ID/resolve/`, `maintenance/ID/start/`, `maintenance/ID/complete/`.
    case action(String, Int, String)

    /// The resources of the Freshstatus v1 API.
    static let resources: Set<String> = [
        "services", "groups", "incident-status", "incidents", "incident-updates", "maintenance", "maintenance-updates",
    ]

    /// The methods the route allows.
    var allowedMethods: [String] {
        switch self {
        case .root: ["GET"]
        case .collection: ["GET", "POST"]
        case .item: ["GET", "PATCH", "DELETE"]
        case .action: ["POST"]
        }
    }
}

/// A handler's answer and whether it changed the account.
typealias FreshstatusOutcome = (response: HTTPResponse, changed: Bool)

extension FreshstatusAccount {
    // MARK: - Dispatch

    mutating func handle(_ route: FreshstatusRoute, _ request: HTTPRequest, _ context: FreshstatusContext)
        -> FreshstatusOutcome
    {
        var body: [String: JSONValue] = [:]
        if request.method == "POST" || request.method == "PATCH" {
            switch Self.decodeBody(request) {
            case .success(let decoded): body = decoded
            case .failure(let box): return (box.response, false)
            }
        }
        switch (route, request.method) {
        case (.root, _):
            let names = FreshstatusRoute.resources.sorted()
            let links = Dictionary(
                uniqueKeysWithValues: names.map { ($0, JSONValue.string(context.linkPrefix + "/api/v1/\($0)/")) })
            return (.json(200, .object(links)), false)
        case (.collection(let resource), "GET"): return list(resource, request, context)
        case (.collection(let resource), _): return create(resource, body, context)
        case (.item(let resource, let id), "GET"): return (read(resource, id, context), false)
        case (.item(let resource, let id), "PATCH"): return update(resource, id, body, context)
        case (.item(let resource, let id), _): return delete(resource, id)
        case (.action(_, let id, let action), _): return perform(action, on: id, body, context)
        }
    }

    static func decodeBody(_ request: HTTPRequest) -> Result<[String: JSONValue], HTTPResponseBox> {
        guard !request.body.isEmpty else { return .success([:]) }
        let contentType = request.header("content-type")?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            let shown = contentType.isEmpty ? "" : contentType
            return .failure(HTTPResponseBox(.json(415, detail("Unsupported media type \"\(shown)\" in request."))))
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(request.body)
        } catch {
            return .failure(HTTPResponseBox(.json(400, detail("JSON parse error - \(error.description)"))))
        }
        guard let object = value.objectValue else {
            return .failure(
                HTTPResponseBox(
                    .json(400, .object(["non_field_errors": .array([.string("Invalid data. Expected a dictionary.")])]))
                ))
        }
        return .success(object)
    }

    static func detail(_ message: String) -> JSONValue { .object(["detail": .string(message)]) }

    static let notFound = HTTPResponse.json(404, detail("Not found."))

    static func invalid(_ reader: FieldReader) -> FreshstatusOutcome { (.json(400, reader.errorsJSON), false) }

    static func nonField(_ message: String) -> FreshstatusOutcome {
        (.json(400, .object(["non_field_errors": .array([.string(message)])])), false)
    }

    // MARK: - Lists

    private mutating func list(_ resource: String, _ request: HTTPRequest, _ context: FreshstatusContext)
        -> FreshstatusOutcome
    {
        switch resource {
        case "services":
            let derived = derivedStatuses(now: context.now)
            let items = sortedServices
            return (page(items.count, request, context) { items[$0].map { render($0, statuses: derived) } }, false)
        case "groups":
            let items = sortedGroups
            return (page(items.count, request, context) { items[$0].map(render) }, false)
        case "incident-status":
            let items = sortedStatuses
            return (page(items.count, request, context) { items[$0].map(render) }, false)
        case "incidents", "maintenance":
            let ids = eventIDs(maintenances: resource == "maintenance")
            let events = self.events
            return (
                page(ids.count, request, context) { range in ids[range].compactMap { events[$0] }.map(render) }, false
            )
        default:
            let maintenance = resource == "maintenance-updates"
            let filterName = maintenance ? "maintenance" : "incident"
            var owners: [Event]
            if let filter = request.query(filterName) {
                guard let id = Int(filter), let event = events[id], event.isMaintenance == maintenance else {
                    var reader = FieldReader(body: [:], dialect: .djangoREST)
                    reader.fail(
                        filterName, "Select a valid choice. That choice is not one of the available choices.")
                    return Self.invalid(reader)
                }
                owners = [event]
            } else {
                owners = events.values.filter { $0.isMaintenance == maintenance }.sorted { $0.id < $1.id }
            }
            let pairs = owners.flatMap { owner in Self.chronological(owner.notes).map { (owner, $0) } }
            return (
                page(pairs.count, request, context) { range in pairs[range].map { render($0.1, owner: $0.0) } }, false
            )
        }
    }

    /// Renders one page of a list in the Django REST envelope, or 404 "Invalid page.".
    private func page(
        _ count: Int, _ request: HTTPRequest, _ context: FreshstatusContext, render: (Range<Int>) -> [JSONValue]
    ) -> HTTPResponse {
        let size = max(context.pageSize, 1)
        let lastPage = max(1, (count + size - 1) / size)
        var number = 1
        if let text = request.query("page") {
            guard let parsed = Int(text), parsed >= 1, parsed <= lastPage else {
                return .json(404, Self.detail("Invalid page."))
            }
            number = parsed
        }
        let range = ((number - 1) * size)..<min(number * size, count)
        let query = request.queryItems
        let base = context.linkPrefix
        let next: JSONValue =
            number < lastPage
            ? .string(base + target(path: request.path, query: query, replacing: ["page": String(number + 1)])) : .null
        let previous: JSONValue =
            number > 1
            ? .string(
                base
                    + target(
                        path: request.path, query: query, replacing: ["page": number == 2 ? nil : String(number - 1)]))
            : .null
        return .json(
            200,
            .object([
                "count": .int(count), "next": next, "previous": previous,
                "results": .array(range.isEmpty ? [] : render(range)),
            ]))
    }

    // MARK: - Read one

    private mutating func read(_ resource: String, _ id: Int, _ context: FreshstatusContext) -> HTTPResponse {
        switch resource {
        case "services":
            guard let service = services[id] else { return Self.notFound }
            return .json(200, render(service, statuses: derivedStatuses(now: context.now)))
        case "groups":
            guard let group = groups[id] else { return Self.notFound }
            return .json(200, render(group))
        case "incident-status":
            guard let status = statuses[id] else { return Self.notFound }
            return .json(200, render(status))
        case "incidents", "maintenance":
            guard let event = events[id], event.isMaintenance == (resource == "maintenance") else {
                return Self.notFound
            }
            return .json(200, render(event))
        default:
            guard let (owner, note) = note(id, maintenance: resource == "maintenance-updates") else {
                return Self.notFound
            }
            return .json(200, render(note, owner: owner))
        }
    }

    private func note(_ id: Int, maintenance: Bool) -> (Event, Note)? {
        guard let ownerID = noteOwner[id], let owner = events[ownerID], owner.isMaintenance == maintenance,
            let note = owner.notes.first(where: { $0.id == id })
        else { return nil }
        return (owner, note)
    }

    // MARK: - Create

    private mutating func create(_ resource: String, _ body: [String: JSONValue], _ context: FreshstatusContext)
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

    private mutating func update(
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

    private mutating func delete(_ resource: String, _ id: Int) -> FreshstatusOutcome {
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

    private mutating func perform(
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

/// Carries an error response through a `Result` (responses are not `Error`s).
struct HTTPResponseBox: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}
