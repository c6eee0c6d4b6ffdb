import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

@Suite struct TransportStackTests {
    private let apiKey = "fs-9c1d7e2b-live-key"
    private let subdomain = "acme"

    private var basicForm: String { Data("\(apiKey):\(subdomain)".utf8).base64EncodedString() }

    private func url(_ path: String) throws -> URL {
        try #require(URL(string: "https://public-api.freshstatus.io/api/v1/\(path)"))
    }

    @Test func everyAttemptIsAuthenticatedRateLimitedAndLogged() async throws {
        let clock = VirtualClock()
        let lines = CapturedText()
        let stub = StubTransport(responses: [
            HTTPResponse(statusCode: 429, headers: ["Retry-After": "2"]), HTTPResponse(statusCode: 201),
        ])
        let stack = TransportStack(
            base: stub, credential: .freshstatus(apiKey: apiKey, subdomain: subdomain), rateLimits: .freshstatus,
            time: clock.timeSource, random: .constant(0), label: "old", log: { lines.append($0 + "\n") })

        let response = try await stack.send(HTTPRequest(method: .post, url: try url("incidents/")))

        #expect(response.statusCode == 201)
        #expect(stub.requests.map { $0.header("Authorization") } == Array(repeating: "Basic \(basicForm)", count: 2))
        #expect(
            lines.text == "[old] POST /api/v1/incidents/ -> 429 (0 ms)\n[old] POST /api/v1/incidents/ -> 201 (0 ms)\n")
        #expect(await stack.usage() == RateLimitUsage(calls: 2, waited: .zero, throttled: 1))
        // The retry waited out Retry-After; the limiter, paused until the same instant, added nothing.
        #expect(clock.wakeUps == [.seconds(2)])
    }

    @Test func statusHubReadsArePacedAtThirtyPerSecond() async throws {
        let clock = VirtualClock()
        let stub = StubTransport { _ in HTTPResponse(statusCode: 200) }
        let stack = TransportStack(
            base: stub, credential: .statusHub(apiKey: apiKey), rateLimits: .statusHub, time: clock.timeSource)

        for _ in 0..<3 { _ = try await stack.send(HTTPRequest(method: .get, url: try url("services/"))) }

        #expect(clock.wakeUps == [.microseconds(33_334), .microseconds(66_668)])
        #expect(stub.requests.allSatisfy { $0.header("x-api-key") == apiKey })
        #expect(await stack.limiter(for: .get).usage.calls == 3)
        #expect(await stack.limiter(for: .post).usage.calls == 0)
    }

    @Test func aFailedWriteLeaksTheCredentialNowhere() async throws {
        let lines = CapturedText()
        let stub = StubTransport { request in
            throw TransportError.classify(URLError(.networkConnectionLost), for: request)
        }
        let credential = Credential.freshstatus(apiKey: apiKey, subdomain: subdomain)
        let stack = TransportStack(
            base: stub, credential: credential, rateLimits: .freshstatus,
            time: .immediate(recordingInto: SleepLog()), log: { lines.append($0) })

        let error = await #expect(throws: TransportError.self) {
            try await stack.send(HTTPRequest(method: .post, url: try url("incidents/?token=\(apiKey)")))
        }

        let thrown = try #require(error)
        #expect(thrown.isOutcomeUnknown)
        #expect(stub.requests.count == 1)
        var dumped = ""
        dump(thrown, to: &dumped)
        dump(stub.requests, to: &dumped)
        for text in [lines.text, thrown.description, thrown.localizedDescription, dumped, "\(credential)"] {
            #expect(!text.contains(apiKey))
            #expect(!text.contains(basicForm))
        }
    }

    @Test func theLiveStackReportsARefusedConnectionOnAWriteWithoutRetrying() async throws {
        let lines = CapturedText()
        let port = try #require(LoopbackListener.closedPort())
        let stack = TransportStack.live(
            credential: .statusHub(apiKey: apiKey), rateLimits: .statusHub, timeout: .seconds(5),
            log: { lines.append($0) })
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/api/v3/hubs/h/incidents"))

        let error = await #expect(throws: TransportError.self) {
            try await stack.send(HTTPRequest(method: .post, url: url, body: Data("{}".utf8)))
        }

        #expect(error?.wasNotSent == true)
        #expect(error?.isOutcomeUnknown == false)
        #expect(lines.text.hasPrefix("POST /api/v3/hubs/h/incidents -> could not connect (connection refused) ("))
        #expect(await stack.usage().calls == 1)
    }

    /// Clients are made afresh for every cycle of `sync --watch` and `serve`: their sessions must not pile up.
    @Test func liveStacksMadeForEveryCycleShareOneTransport() throws {
        // Limits of this test's own, so that no other test's stacks come into the count.
        let limits = HTTPLimits(maxResponseBytes: 3 * 1024 * 1024 + 17)
        let transports = (0..<50).map { _ in
            TransportStack.live(credential: .statusHub(apiKey: apiKey), rateLimits: .statusHub, limits: limits).base
                as? URLSessionTransport
        }
        let first = try #require(transports.first ?? nil)
        #expect(transports.allSatisfy { $0 === first })
        let otherTimeout = TransportStack.live(
            credential: .statusHub(apiKey: apiKey), rateLimits: .statusHub, limits: limits, timeout: .seconds(3))
        #expect((otherTimeout.base as? URLSessionTransport) !== first)
    }
}
