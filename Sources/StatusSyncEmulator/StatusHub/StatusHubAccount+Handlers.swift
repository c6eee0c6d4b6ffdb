import Foundation
import StatusSyncHTTPServer

/// What a StatusHub handler needs besides the hub: the time, how to build links, and paging settings.
struct StatusHubContext {
    var now: Double
    var linkPrefix: String
    var paging: StatusHubPaging
    var defaultPerPage: Int
    var perPageCap: Int

    var nowStamp: Timestamp { Timestamp(Date(timeIntervalSince1970: now)) }
}

/// A matched StatusHub route below `/api/v3/hubs/{hub}/` (no trailing slash).
enum StatusHubRoute: Equatable {
    case collection(String)
    case item(String, Int)
    case updates(incident: Int)
    case update(incident: Int, update: Int)
    /// `uptime` (the hub, `resource` nil), `groups/{id}/uptime` or `services/{id}/uptime`.
    case uptime(resource: String?, id: Int)

    static let resources: Set<String> = [
        "groups", "services", "incidents", "maintenances", "incident_templates", "maintenance_templates",
    ]

    var allowedMethods: [String] {
        switch self {
        case .uptime: ["GET"]
        case .collection, .updates: ["GET", "POST"]
        case .item("incidents", _): ["GET", "DELETE"]
        case .item, .update: ["GET", "PUT", "DELETE"]
        }
    }
}

typealias StatusHubOutcome = (response: HTTPResponse, changed: Bool)

extension StatusHubAccount {
    static let notFound = HTTPResponse.json(404, .object(["error": .string("Not found")]))

    static func badRequest(_ message: String) -> HTTPResponse { .json(400, .object(["error": .string(message)])) }

    static func invalid(_ reader: FieldReader) -> StatusHubOutcome {
        (.json(422, .object(["error": .string("Validation failed"), "errors": reader.errorsJSON])), false)
    }

    static func invalid(_ field: String, _ message: String) -> StatusHubOutcome {
        var reader = FieldReader(body: [:], dialect: .rails)
        reader.fail(field, message)
        return invalid(reader)
    }

    // MARK: - Dispatch

    mutating func handle(_ route: StatusHubRoute, _ request: HTTPRequest, _ context: StatusHubContext)
        -> StatusHubOutcome
    {
        var body: [String: JSONValue] = [:]
        if request.method == "POST" || request.method == "PUT" {
            if !request.body.isEmpty {
                let value: JSONValue
                do {
                    value = try JSONValue.parse(request.body)
                } catch {
                    return (Self.badRequest("Malformed JSON: \(error.description)"), false)
                }
                guard let object = value.objectValue else {
                    return (Self.badRequest("The request body must be a JSON object"), false)
                }
                body = object
            }
        }
        switch (route, request.method) {
        case (.uptime(let resource, let id), _): return (uptime(resource, id, request, context), false)
        case (.collection(let resource), "GET"): return list(resource, request, context)
        case (.collection(let resource), _): return create(resource, body, context)
        case (.item(let resource, let id), "GET"): return (read(resource, id, context), false)
        case (.item(let resource, let id), "PUT"): return update(resource, id, body, context)
        case (.item(let resource, let id), _): return delete(resource, id, context)
        case (.updates(let incident), "GET"):
            guard let owner = incidents[incident], !owner.isDeleted else { return (Self.notFound, false) }
            let updates = owner.liveUpdates
            return page(updates.count, request, context) { range in updates[range].map { render($0) } }
        case (.updates(let incident), _): return createUpdate(incident, body, context)
        case (.update(let incident, let id), "GET"):
            guard let update = liveUpdate(incident, id) else { return (Self.notFound, false) }
            return (.json(200, render(update)), false)
        case (.update(let incident, let id), "PUT"): return changeUpdate(incident, id, body, context)
        case (.update(let incident, let id), _): return deleteUpdate(incident, id, context)
        }
    }

    private func liveUpdate(_ incidentID: Int, _ id: Int) -> Update? {
        guard let incident = incidents[incidentID], !incident.isDeleted, updateOwner[id] == incidentID else {
            return nil
        }
        return incident.updates.first { $0.id == id && !$0.isDeleted }
    }

    // MARK: - Lists

    private mutating func list(_ resource: String, _ request: HTTPRequest, _ context: StatusHubContext)
        -> StatusHubOutcome
    {
        switch resource {
        case "groups":
            let items = groups.values.filter { !$0.isDeleted }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
            return page(items.count, request, context) { items[$0].map { render($0) } }
        case "services":
            let derived = derivedStatuses(now: context.now)
            let items = services.values.filter { !$0.isDeleted }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
            return page(items.count, request, context) { items[$0].map { render($0, statuses: derived) } }
        case "incidents":
            let range: (Double, Double)
            switch Self.timeRange(request) {
            case .success(let parsed): range = parsed
            case .failure(let box): return (box.response, false)
            }
            var draftFilter: Bool?
            if let draft = request.query("draft") {
                guard let flag = FieldReader.parseBooleanString(draft) else {
                    return (Self.badRequest("draft must be true or false"), false)
                }
                draftFilter = flag
            }
            let incidents = self.incidents
            let ids = incidentIDs().filter { id in
                guard let incident = incidents[id] else { return false }
                if let draftFilter, (incident.state == "draft") != draftFilter { return false }
                return incident.startTime.seconds <= range.1 && (incident.endTime?.seconds ?? .infinity) >= range.0
            }
            return page(ids.count, request, context) { window in
                ids[window].compactMap { incidents[$0] }.map { .object(renderBasic($0)) }
            }
        case "maintenances":
            let range: (Double, Double)
            switch Self.timeRange(request) {
            case .success(let parsed): range = parsed
            case .failure(let box): return (box.response, false)
            }
            let items = maintenances.values.filter {
                !$0.isDeleted && $0.startTime.seconds <= range.1 && $0.endTime.seconds >= range.0
            }.sorted { ($0.startTime.seconds, $0.id) > ($1.startTime.seconds, $1.id) }
            return page(items.count, request, context) { items[$0].map { render($0) } }
        case "incident_templates":
            let items = incidentTemplates.values.filter { !$0.isDeleted }.sorted { $0.id < $1.id }
            return page(items.count, request, context) { items[$0].map { render(incidentTemplate: $0) } }
        default:
            let items = maintenanceTemplates.values.filter { !$0.isDeleted }.sorted { $0.id < $1.id }
            return page(items.count, request, context) { items[$0].map { render(maintenanceTemplate: $0) } }
        }
    }

    /// The `start_time`/`end_time` filter range; a missing bound is far in the past or future.
    private static func timeRange(_ request: HTTPRequest) -> Result<(Double, Double), HTTPResponseBox> {
        var bounds: [Double] = [-.infinity, .infinity]
        for (index, name) in ["start_time", "end_time"].enumerated() {
            guard let text = request.query(name) else { continue }
            guard let seconds = Timestamp.parseSeconds(text) else {
                return .failure(HTTPResponseBox(badRequest("Invalid \(name): expected an ISO 8601 date-time in UTC")))
            }
            bounds[index] = seconds
        }
        return .success((bounds[0], bounds[1]))
    }

    /// Renders one page in `{"data": [...]}` with the configured paging style.
    private func page(
        _ count: Int, _ request: HTTPRequest, _ context: StatusHubContext, render: (Range<Int>) -> [JSONValue]
    ) -> StatusHubOutcome {
        var number = 1
        var perPage = context.defaultPerPage
        if let text = request.query("page") {
            guard let parsed = Int(text), parsed >= 1 else {
                return (Self.badRequest("page must be a positive integer"), false)
            }
            number = parsed
        }
        if let text = request.query("per_page") {
            guard let parsed = Int(text), parsed >= 1 else {
                return (Self.badRequest("per_page must be a positive integer"), false)
            }
            perPage = parsed
        }
        perPage = min(perPage, context.perPageCap)
        let totalPages = (count + perPage - 1) / perPage
        let start = min((number - 1).multipliedReportingOverflow(by: perPage).partialValue, count)
        let range = max(start, 0)..<min(start + perPage, count)
        let items = range.isEmpty ? [] : render(range)
        var members: [String: JSONValue] = ["data": .array(items)]
        var headers: [(name: String, value: String)] = []
        switch context.paging {
        case .meta:
            members["meta"] = .object([
                "page": .int(number), "per_page": .int(perPage), "total_pages": .int(totalPages),
                "total_count": .int(count),
            ])
        case .link:
            let query = request.queryItems
            var links: [String] = []
            func link(_ page: Int, _ relation: String) -> String {
                let url =
                    context.linkPrefix
                    + target(
                        path: request.path, query: query,
                        replacing: ["page": String(page), "per_page": String(perPage)])
                return "<\(url)>; rel=\"\(relation)\""
            }
            if number < totalPages { links.append(link(number + 1, "next")) }
            if number > 1, number - 1 <= max(totalPages, 1) { links.append(link(number - 1, "prev")) }
            if !links.isEmpty { headers.append(("Link", links.joined(separator: ", "))) }
        case .none:
            break
        }
        return (.json(200, .object(members), headers: headers), false)
    }

    // MARK: - Read one

    private mutating func read(_ resource: String, _ id: Int, _ context: StatusHubContext) -> HTTPResponse {
        switch resource {
        case "groups":
            guard let group = groups[id], !group.isDeleted else { return Self.notFound }
            return .json(200, render(group))
        case "services":
            guard let service = services[id], !service.isDeleted else { return Self.notFound }
            return .json(200, render(service, statuses: derivedStatuses(now: context.now)))
        case "incidents":
            guard let incident = incidents[id], !incident.isDeleted else { return Self.notFound }
            return .json(200, renderDetail(incident))
        case "maintenances":
            guard let maintenance = maintenances[id], !maintenance.isDeleted else { return Self.notFound }
            return .json(200, render(maintenance))
        case "incident_templates":
            guard let template = incidentTemplates[id], !template.isDeleted else { return Self.notFound }
            return .json(200, render(incidentTemplate: template))
        default:
            guard let template = maintenanceTemplates[id], !template.isDeleted else { return Self.notFound }
            return .json(200, render(maintenanceTemplate: template))
        }
    }

    // MARK: - Delete

    private mutating func delete(_ resource: String, _ id: Int, _ context: StatusHubContext) -> StatusHubOutcome {
        switch resource {
        case "groups":
            guard groups[id]?.isDeleted == false else { return (Self.notFound, false) }
            groups[id]?.isDeleted = true
            for (key, service) in services where service.groupID == id { services[key]?.groupID = nil }
        case "services":
            guard services[id]?.isDeleted == false else { return (Self.notFound, false) }
            services[id]?.isDeleted = true
        case "incidents":
            guard incidents[id]?.isDeleted == false else { return (Self.notFound, false) }
            incidents[id]?.isDeleted = true
            incidents[id]?.updatedAt = context.nowStamp
            incidentsChanged()
        case "maintenances":
            guard maintenances[id]?.isDeleted == false else { return (Self.notFound, false) }
            maintenances[id]?.isDeleted = true
            maintenances[id]?.updatedAt = context.nowStamp
        case "incident_templates":
            guard incidentTemplates[id]?.isDeleted == false else { return (Self.notFound, false) }
            incidentTemplates[id]?.isDeleted = true
        default:
            guard maintenanceTemplates[id]?.isDeleted == false else { return (Self.notFound, false) }
            maintenanceTemplates[id]?.isDeleted = true
        }
        return (.empty(204), true)
    }
}
