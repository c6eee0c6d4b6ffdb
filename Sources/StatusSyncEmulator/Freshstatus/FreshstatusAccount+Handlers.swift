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

    /// The note `id` of an incident (or, with `maintenance`, of a maintenance) with the event it belongs to.
    func note(_ id: Int, maintenance: Bool) -> (Event, Note)? {
        guard let ownerID = noteOwner[id], let owner = events[ownerID], owner.isMaintenance == maintenance,
            let note = owner.notes.first(where: { $0.id == id })
        else { return nil }
        return (owner, note)
    }
}

/// Carries an error response through a `Result` (responses are not `Error`s).
struct HTTPResponseBox: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}
