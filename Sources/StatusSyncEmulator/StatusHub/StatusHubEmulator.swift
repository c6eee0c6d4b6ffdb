import Foundation
import StatusSyncHTTPServer
import Synchronization

/// The StatusHub v3 API under `/api/v3/hubs/{hub}/`, exactly as providers/CONTRACT.md decides it.
///
/// Order of checks: path outside `/api/v3/` (`404`), `X-API-KEY` (`401`), rate limit (`429`),
/// `api_version` (`400` unless absent or `V3-R1`), hub and route (`404`), method (`405`), handler.
final class StatusHubEmulator: ProviderEmulator {
    private let account: Mutex<StatusHubAccount>
    private let limiters = Mutex((reads: SlidingWindowLimiter(), writes: SlidingWindowLimiter()))
    private let options: EmulatorOptions
    private let stateFile: StateFile?

    let basePath = "/api/v3/"

    init(options: EmulatorOptions) throws(EmulatorError) {
        self.options = options
        stateFile = options.statePath.map(StateFile.init(path:))
        let now = options.clock.now().timeIntervalSince1970
        if let stored = try stateFile?.read() {
            do {
                account = Mutex(try StatusHubAccount(seed: try parseSeedDocument(stored), now: now))
            } catch {
                throw .invalidStateFile(path: options.statePath ?? "", reason: error.description)
            }
        } else if let seed = options.seed {
            account = Mutex(try StatusHubAccount(seed: try parseSeedDocument(seed), now: now))
        } else {
            account = Mutex(StatusHubAccount())
        }
    }

    // MARK: - Pipeline stages

    func gate(_ request: HTTPRequest) -> HTTPResponse? {
        guard request.path.hasPrefix(basePath) else { return StatusHubAccount.notFound }
        guard request.header("x-api-key") == options.apiKey else {
            return .json(401, .object(["error": .string("Unauthorized")]))
        }
        return nil
    }

    func rateLimitResponse(for request: HTTPRequest, limits: EmulatorRateLimits, now: Double) -> HTTPResponse? {
        let isRead = request.method == "GET"
        let wait = limiters.withLock { limiters in
            isRead
                ? limiters.reads.admit(now: now, window: 1, limit: limits.readsPerSecond)
                : limiters.writes.admit(now: now, window: 1, limit: limits.writesPerSecond)
        }
        guard let wait else { return nil }
        return throttledResponse(retryAfter: max(1, Int(wait.rounded(.up))))
    }

    func throttledResponse(retryAfter: Int) -> HTTPResponse {
        .json(
            429, .object(["error": .string("Too many requests - please retry later")]),
            headers: [("Retry-After", String(retryAfter))])
    }

    func internalErrorResponse() -> HTTPResponse {
        .json(500, .object(["error": .string("Internal server error")]))
    }

    /// Matches `/api/v3/hubs/{hub}/...`; `nil` for anything else (including a trailing slash).
    func route(for request: HTTPRequest) -> StatusHubRoute? {
        let segments = request.pathSegments
        if segments.count == 5, segments[0] == "api", segments[1] == "v3", segments[2] == "hubs",
            segments[3] == options.hub, segments[4] == "uptime"
        {
            return .uptime(resource: nil, id: 0)
        }
        guard segments.count >= 5, segments[0] == "api", segments[1] == "v3", segments[2] == "hubs",
            segments[3] == options.hub, StatusHubRoute.resources.contains(segments[4])
        else { return nil }
        let resource = segments[4]
        let rest = Array(segments[5...])
        func number(_ text: String) -> Int? { Int(text).flatMap { $0 >= 0 ? $0 : nil } }
        switch rest.count {
        case 0: return .collection(resource)
        case 1: return number(rest[0]).map { .item(resource, $0) }
        case 2 where (resource == "groups" || resource == "services") && rest[1] == "uptime":
            return number(rest[0]).map { .uptime(resource: resource, id: $0) }
        case 2 where resource == "incidents" && rest[1] == "incident_updates":
            return number(rest[0]).map { .updates(incident: $0) }
        case 3 where resource == "incidents" && rest[1] == "incident_updates":
            guard let incident = number(rest[0]), let update = number(rest[2]) else { return nil }
            return .update(incident: incident, update: update)
        default: return nil
        }
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if let version = request.query("api_version"), version != "V3-R1" {
            return StatusHubAccount.badRequest("Unsupported api_version '\(version)'; this API is V3-R1")
        }
        guard let route = route(for: request) else { return StatusHubAccount.notFound }
        guard route.allowedMethods.contains(request.method) else {
            return .json(
                405, .object(["error": .string("Method not allowed")]),
                headers: [("Allow", route.allowedMethods.joined(separator: ", "))])
        }
        let context = StatusHubContext(
            now: options.clock.now().timeIntervalSince1970,
            linkPrefix: absolutePrefix(for: request, fallbackHost: options.host), paging: options.paging,
            defaultPerPage: options.defaultPerPage, perPageCap: options.perPageCap)
        return account.withLock { account -> HTTPResponse in
            let outcome = account.handle(route, request, context)
            guard outcome.changed, let stateFile else { return outcome.response }
            do {
                try stateFile.write(account.seedJSON(hub: options.hub, now: context.now).prettySerialized)
            } catch {
                return internalErrorResponse()
            }
            return outcome.response
        }
    }

    func stateJSON() -> JSONValue {
        let now = options.clock.now().timeIntervalSince1970
        return account.withLock { $0.seedJSON(hub: options.hub, now: now) }
    }

    func flush() throws(EmulatorError) {
        guard let stateFile else { return }
        try stateFile.write(stateJSON().prettySerialized)
    }
}
