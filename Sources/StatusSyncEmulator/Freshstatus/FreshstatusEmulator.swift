import Foundation
import StatusSyncHTTPServer
import Synchronization

/// The Freshstatus v1 API under `/api/v1/`, exactly as providers/CONTRACT.md decides it.
///
/// Order of checks, as Django REST Framework does them: routing (unknown route or missing trailing
/// slash: `404` with an HTML body), Basic authentication (`401`), throttling (`429`), method (`405`),
/// then the handler.
final class FreshstatusEmulator: ProviderEmulator {
    private let account: Mutex<FreshstatusAccount>
    private let limiter = Mutex(SlidingWindowLimiter())
    private let options: EmulatorOptions
    private let stateFile: StateFile?
    private let expectedAuthorization: String
    private let webhooks: WebhookSender?
    private let nextEventID = Mutex(1)

    let basePath = "/api/v1/"

    init(options: EmulatorOptions) throws(EmulatorError) {
        self.options = options
        stateFile = options.statePath.map(StateFile.init(path:))
        let credentials = Data("\(options.apiKey):\(options.subdomain)".utf8).base64EncodedString()
        expectedAuthorization = "Basic " + credentials
        webhooks = options.webhookURL.map(WebhookSender.init(url:))
        if let stored = try stateFile?.read() {
            do {
                account = Mutex(try FreshstatusAccount(seed: try parseSeedDocument(stored)))
            } catch {
                throw .invalidStateFile(path: options.statePath ?? "", reason: error.description)
            }
        } else if let seed = options.seed {
            account = Mutex(try FreshstatusAccount(seed: try parseSeedDocument(seed)))
        } else {
            account = Mutex(try FreshstatusAccount(seed: Self.defaultStatuses))
        }
    }

    /// An account with no seed starts with the four usual incident statuses.
    private static let defaultStatuses: [String: JSONValue] = [
        "incident_statuses": .array(
            ["Investigating", "Identified", "Monitoring", "Resolved"].enumerated().map { index, value in
                .object(["id": .int(index + 1), "value": .string(value), "order": .int(index + 1)])
            })
    ]

    // MARK: - Pipeline stages

    /// Matches the path to a route; `nil` means Django's HTML 404.
    static func route(for request: HTTPRequest) -> FreshstatusRoute? {
        let segments = request.pathSegments
        guard segments.count >= 3, segments[0] == "api", segments[1] == "v1", segments.last == "" else { return nil }
        let parts = Array(segments[2..<(segments.count - 1)])
        switch parts.count {
        case 0: return .root
        case 1 where FreshstatusRoute.resources.contains(parts[0]): return .collection(parts[0])
        case 2 where FreshstatusRoute.resources.contains(parts[0]):
            guard let id = Int(parts[1]), id >= 0 else { return nil }
            return .item(parts[0], id)
        case 3:
            guard let id = Int(parts[1]), id >= 0 else { return nil }
            switch (parts[0], parts[2]) {
            case ("incidents", "resolve"), ("maintenance", "start"), ("maintenance", "complete"):
                return .action(parts[0], id, parts[2])
            default: return nil
            }
        default: return nil
        }
    }

    func gate(_ request: HTTPRequest) -> HTTPResponse? {
        guard Self.route(for: request) != nil else {
            return .html(
                404,
                "<!doctype html>\n<html lang=\"en\">\n<head><title>Not Found</title></head>\n<body>\n"
                    + "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"
            )
        }
        guard request.header("authorization") == expectedAuthorization else {
            return .json(
                401, FreshstatusAccount.detail("Invalid username/password."),
                headers: [("WWW-Authenticate", "Basic realm=\"api\"")])
        }
        return nil
    }

    func rateLimitResponse(for request: HTTPRequest, limits: EmulatorRateLimits, now: Double) -> HTTPResponse? {
        let wait = limiter.withLock { $0.admit(now: now, window: 3600, limit: limits.callsPerHour) }
        guard let wait else { return nil }
        return throttledResponse(retryAfter: max(1, Int(wait.rounded(.up))))
    }

    func throttledResponse(retryAfter: Int) -> HTTPResponse {
        .json(
            429, FreshstatusAccount.detail("Request was throttled. Expected available in \(retryAfter) seconds."),
            headers: [("Retry-After", String(retryAfter))])
    }

    func internalErrorResponse() -> HTTPResponse {
        .json(500, FreshstatusAccount.detail("A server error occurred."))
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard let route = Self.route(for: request) else { return FreshstatusAccount.notFound }
        guard route.allowedMethods.contains(request.method) else {
            return .json(
                405, FreshstatusAccount.detail("Method \"\(request.method)\" not allowed."),
                headers: [("Allow", (route.allowedMethods + ["HEAD", "OPTIONS"]).joined(separator: ", "))])
        }
        let context = FreshstatusContext(
            now: options.clock.now().timeIntervalSince1970,
            linkPrefix: absolutePrefix(for: request, fallbackHost: options.host), pageSize: options.pageSize)
        return account.withLock { account -> HTTPResponse in
            let outcome = account.handle(route, request, context)
            if outcome.changed { sendWebhook(route: route, method: request.method, outcome.response, now: context.now) }
            guard outcome.changed, let stateFile else { return outcome.response }
            do {
                try stateFile.write(account.seedJSON(subdomain: options.subdomain, now: context.now).prettySerialized)
            } catch {
                return internalErrorResponse()
            }
            return outcome.response
        }
    }

    /// Queues the webhook Freshstatus would send for a change, when the emulator has a webhook URL.
    private func sendWebhook(route: FreshstatusRoute, method: String, _ response: HTTPResponse, now: Double) {
        guard let webhooks else { return }
        let eventID = {
            self.nextEventID.withLock { id in
                defer { id += 1 }
                return id
            }
        }
        guard
            let payload = FreshstatusWebhookPayload.make(
                route: route, method: method, response: try? JSONValue.parse(response.body), eventID: eventID,
                accountName: options.subdomain, now: now)
        else { return }
        webhooks.send(payload.serialized)
    }

    func stateJSON() -> JSONValue {
        let now = options.clock.now().timeIntervalSince1970
        return account.withLock { $0.seedJSON(subdomain: options.subdomain, now: now) }
    }

    func flush() throws(EmulatorError) {
        guard let stateFile else { return }
        try stateFile.write(stateJSON().prettySerialized)
    }
}
