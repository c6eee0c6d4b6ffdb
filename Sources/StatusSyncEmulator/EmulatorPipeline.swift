import Foundation
import StatusSyncHTTPServer
import Synchronization

/// The request path shared by both providers: inspection API, latency, gate, rate limit, faults, handler.
///
/// The inspection API under `/_emulator/` bypasses everything else: no auth, no latency, no faults,
/// not rate-limited and not logged.
final class EmulatorPipeline: Sendable {
    let provider: any ProviderEmulator
    let log = RequestLog()
    private let clock: EmulatorClock
    private let faults: Mutex<FaultSettings>
    private let random: Mutex<SplitMix64>

    init(provider: any ProviderEmulator, options: EmulatorOptions) {
        self.provider = provider
        clock = options.clock
        faults = Mutex(FaultSettings(options: options))
        random = Mutex(SplitMix64(seed: options.faultSeed))
    }

    /// Answers one request.
    func handle(_ request: HTTPRequest) -> HTTPServerReply {
        if request.path == "/_emulator" || request.path.hasPrefix("/_emulator/") { return .respond(inspect(request)) }
        let settings = faults.withLock { $0 }
        if settings.latency > .zero { clock.sleep(settings.latency) }
        if let response = provider.gate(request) { return finish(request, response) }
        if settings.rateLimits.isEnabled,
            let response = provider.rateLimitResponse(
                for: request, limits: settings.rateLimits, now: clock.now().timeIntervalSince1970)
        {
            return finish(request, response)
        }
        if !settings.throttlesWritesOnly || request.isWrite, draw(settings.throttleRate) {
            return finish(request, provider.throttledResponse(retryAfter: settings.throttleRetryAfter))
        }
        if draw(settings.failRate) { return finish(request, provider.internalErrorResponse()) }
        let response = provider.handle(request)
        if request.isWrite, draw(settings.loseResponseRate) {
            log.record(
                method: request.method, path: request.target, status: response.status, isWrite: true,
                isResponseLost: true)
            return .dropConnection
        }
        return finish(request, response)
    }

    private func finish(_ request: HTTPRequest, _ response: HTTPResponse) -> HTTPServerReply {
        log.record(
            method: request.method, path: request.target, status: response.status, isWrite: request.isWrite,
            isResponseLost: false)
        return .respond(response)
    }

    /// Draws from the fault PRNG only when the probability is positive, so a fault-free run never consumes it.
    private func draw(_ probability: Double) -> Bool {
        guard probability > 0 else { return false }
        return random.withLock { $0.nextUnit() } < probability
    }

    // MARK: - Inspection API

    private func inspect(_ request: HTTPRequest) -> HTTPResponse {
        let error = { (status: Int, message: String) in HTTPResponse.json(status, .object(["error": .string(message)]))
        }
        switch (request.method, request.path) {
        case ("GET", "/_emulator/"), ("GET", "/_emulator"):
            let endpoints: [(String, String)] = [
                ("GET /_emulator/state", "the emulated account's data"),
                ("GET /_emulator/requests", "the requests answered so far; DELETE clears them"),
                ("GET /_emulator/faults", "the injected faults; POST a JSON object to change them"),
            ]
            return .json(
                200,
                .object(["endpoints": .object(Dictionary(uniqueKeysWithValues: endpoints.map { ($0, .string($1)) }))]))
        case ("GET", "/_emulator/state"):
            return HTTPResponse(
                status: 200, headers: [("Content-Type", "application/json")],
                body: provider.stateJSON().prettySerialized)
        case ("GET", "/_emulator/requests"):
            return .json(200, .object(["requests": .array(log.entries.map(\.json))]))
        case ("DELETE", "/_emulator/requests"):
            log.clear()
            return .empty(204)
        case ("GET", "/_emulator/faults"):
            return .json(200, faults.withLock { $0.json })
        case ("POST", "/_emulator/faults"):
            guard let body = try? JSONValue.parse(request.body), let object = body.objectValue else {
                return error(400, "the body must be a JSON object")
            }
            if let seed = object["faultSeed"] {
                guard let value = seed.intValue, value >= 0 else {
                    return error(400, "faultSeed must be an integer ≥ 0")
                }
                random.withLock { $0 = SplitMix64(seed: UInt64(value)) }
            }
            let outcome = faults.withLock { settings -> (String?, JSONValue) in
                let message = settings.apply(object)
                return (message, settings.json)
            }
            if let message = outcome.0 { return error(400, message) }
            return .json(200, outcome.1)
        case (_, "/_emulator/state"), (_, "/_emulator/requests"), (_, "/_emulator/faults"):
            return error(405, "method not allowed")
        default:
            return error(404, "unknown inspection endpoint")
        }
    }
}
