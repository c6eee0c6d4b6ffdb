import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

/// A JSON response with `status` and the body `text`.
func jsonResponse(_ status: Int = 200, _ text: String, headers: [String: String] = [:]) -> HTTPResponse {
    HTTPResponse(
        statusCode: status, headers: headers.merging(["Content-Type": "application/json"]) { first, _ in first },
        body: Data(text.utf8))
}

/// The value of query parameter `name` of `request`.
func queryValue(_ request: HTTPRequest, _ name: String) -> String? {
    URLComponents(url: request.url, resolvingAgainstBaseURL: true)?.queryItems?.first { $0.name == name }?.value
}

/// The request's JSON body as an object.
func bodyObject(_ request: HTTPRequest) throws -> [String: JSONValue] {
    let body = try #require(request.body)
    return try #require(try JSONDecoder().decode(JSONValue.self, from: body).objectValue)
}

/// JSON text for `items` objects `{"id": n, ...extra}`.
func itemsJSON(_ ids: some Sequence<Int>, extra: (Int) -> String = { _ in "" }) -> [String] {
    ids.map { id in
        let more = extra(id)
        return "{\"id\": \(id)\(more.isEmpty ? "" : ", " + more)}"
    }
}

/// How a StatusHub stub announces further pages.
enum StubPaging {
    case meta
    case link
    case none
}

/// A StatusHub list server: `lists` maps a path suffix (`/groups`) to its items' JSON; pages honour
/// `page` and `per_page` (capped at `cap`); `details` answers `GET incidents/{id}`.
func statusHubStub(
    lists: [String: [String]], paging: StubPaging = .meta, cap: Int = 100,
    details: @escaping @Sendable (String) -> HTTPResponse = { _ in jsonResponse(404, "{\"error\": \"Not found\"}") }
) -> StubTransport {
    StubTransport { request in
        let path = request.url.path
        if let range = path.range(of: "/incidents/"), !path.hasSuffix("incident_updates") {
            return details(String(path[range.upperBound...]))
        }
        guard let key = lists.keys.first(where: { path.hasSuffix($0) }), let items = lists[key] else {
            return jsonResponse(404, "{\"error\": \"Not found\"}")
        }
        let page = Int(queryValue(request, "page") ?? "1") ?? 1
        let perPage = min(Int(queryValue(request, "per_page") ?? "25") ?? 25, cap)
        let start = min((page - 1) * perPage, items.count)
        let slice = items[start..<min(start + perPage, items.count)]
        let totalPages = (items.count + perPage - 1) / perPage
        var body = "{\"data\": [\(slice.joined(separator: ","))]"
        var headers: [String: String] = [:]
        switch paging {
        case .meta:
            body += ", \"meta\": {\"page\": \(page), \"per_page\": \(perPage), \"total_pages\": \(totalPages)}"
        case .link:
            if page < totalPages {
                let next = "http://127.0.0.1:9/api/v3/hubs/acme-status\(key)?page=\(page + 1)&per_page=\(perPage)"
                headers["Link"] = "<\(next)>; rel=\"next\""
            } else if page > 1 {
                headers["Link"] = "<http://127.0.0.1:9/api/v3/hubs/acme-status\(key)?page=1>; rel=\"first\""
            }
        case .none:
            break
        }
        return jsonResponse(200, body + "}", headers: headers)
    }
}

/// A StatusHub client over `transport` at `http://127.0.0.1:9/api/v3`, hub `acme-status`.
func makeStatusHubClient(_ transport: any HTTPTransport, concurrency: Int = 12) throws -> StatusHubClient {
    StatusHubClient(
        baseURL: try #require(URL(string: "http://127.0.0.1:9/api/v3")), hub: "acme-status", transport: transport,
        account: "new", apiKeyEnv: "STATUSHUB_API_KEY", detailConcurrency: concurrency)
}

/// A Freshstatus client over `transport` at `http://127.0.0.1:9/api/v1/`.
func makeFreshstatusClient(_ transport: any HTTPTransport) throws -> FreshstatusClient {
    FreshstatusClient(
        baseURL: try #require(URL(string: "http://127.0.0.1:9/api/v1/")), transport: transport, account: "old",
        apiKeyEnv: "FRESHSTATUS_API_KEY")
}

/// The request's path exactly as sent, trailing slash included (`URL.path` drops it on Linux).
func urlPath(_ request: HTTPRequest) -> String {
    URLComponents(url: request.url, resolvingAgainstBaseURL: true)?.percentEncodedPath ?? request.url.path
}
