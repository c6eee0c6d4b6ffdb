import Foundation
import StatusSyncHTTPServer

/// What the shared request pipeline of ``Emulator`` needs from one provider's emulation.
///
/// The pipeline runs, in order: ``gate(_:)`` (routing and authentication), the rate limiter
/// (``rateLimitResponse(for:limits:now:)``), the injected throttle and failure faults, then
/// ``handle(_:)``. Handlers hold the provider's own lock while they read or change state.
protocol ProviderEmulator: Sendable {
    /// The API path prefix, e.g. `/api/v1/`.
    var basePath: String { get }
    /// A response to send instead of processing (unknown route, bad credentials), or `nil` to go on.
    func gate(_ request: HTTPRequest) -> HTTPResponse?
    /// Counts the request against the account's limit; returns the 429 to send when it is over.
    func rateLimitResponse(for request: HTTPRequest, limits: EmulatorRateLimits, now: Double) -> HTTPResponse?
    /// The provider's 429 body and headers for a wait of `retryAfter` seconds.
    func throttledResponse(retryAfter: Int) -> HTTPResponse
    /// The provider's 500 response.
    func internalErrorResponse() -> HTTPResponse
    /// Processes an admitted request, persisting state after a successful change.
    func handle(_ request: HTTPRequest) -> HTTPResponse
    /// The full state in the seed shape, deleted entities flagged with `"deleted": true`.
    func stateJSON() -> JSONValue
    /// Writes the state file now (no-op without one).
    func flush() throws(EmulatorError)
}

/// Builds the absolute URL prefix (`http://host:port`) for links, from the request's `Host` header.
func absolutePrefix(for request: HTTPRequest, fallbackHost: String) -> String {
    "http://" + (request.header("host") ?? fallbackHost)
}

/// Rebuilds a target path with some query parameters replaced (or removed when the value is `nil`).
///
/// Parameters come out sorted by name (stable), as Django REST Framework's `replace_query_param` does.
func target(path: String, query: [(name: String, value: String)], replacing changes: [String: String?]) -> String {
    var items = query.filter { changes[$0.name] == nil }
    for name in changes.keys.sorted() {
        if let value = changes[name] ?? nil { items.append((name, value)) }
    }
    items = items.enumerated().sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }.map(\.element)
    guard !items.isEmpty else { return path }
    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~:"))
    let encoded = items.map { item in
        let name = item.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? item.name
        let value = item.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? item.value
        return "\(name)=\(value)"
    }
    return path + "?" + encoded.joined(separator: "&")
}
