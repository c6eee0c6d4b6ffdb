import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

@Suite struct LoggingTransportTests {
    private let secret = "k3y-5ecr3t-9f2"

    /// A stub whose round trip takes `latency` on `clock`.
    private func slowStub(_ clock: VirtualClock, latency: Duration, result: Result<HTTPResponse, any Error>)
        -> StubTransport
    {
        StubTransport { _ in
            clock.advance(by: latency)
            return try result.get()
        }
    }

    @Test func logsMethodPathQueryStatusAndMilliseconds() async throws {
        let clock = VirtualClock()
        let lines = CapturedText()
        let stub = slowStub(clock, latency: .milliseconds(84), result: .success(HTTPResponse(statusCode: 200)))
        let transport = LoggingTransport(wrapping: stub, label: "old", time: clock.timeSource) {
            lines.append($0 + "\n")
        }
        let url = try #require(URL(string: "https://public-api.freshstatus.io/api/v1/services/?page=2"))

        _ = try await transport.send(HTTPRequest(method: .get, url: url))

        #expect(lines.text == "[old] GET /api/v1/services/?page=2 -> 200 (84 ms)\n")
    }

    @Test func logsTheFailureAndRethrowsIt() async throws {
        let clock = VirtualClock()
        let lines = CapturedText()
        let failure = TransportError.outcomeUnknown(method: .post, url: "https://h.invalid/i", cause: .timedOut)
        let stub = slowStub(clock, latency: .seconds(30), result: .failure(failure))
        let transport = LoggingTransport(wrapping: stub, time: clock.timeSource) { lines.append($0) }
        let url = try #require(URL(string: "https://h.invalid/api/v1/incidents/"))

        await #expect(throws: failure) { try await transport.send(HTTPRequest(method: .post, url: url)) }

        #expect(
            lines.text
                == "POST /api/v1/incidents/ -> outcome unknown (no response within the request timeout) (30000 ms)")
    }

    @Test func neverLogsHeaderValuesBodiesUserInformationOrSecretQueryValues() async throws {
        let lines = CapturedText()
        let stub = StubTransport(responses: [HTTPResponse(statusCode: 201, body: Data(secret.utf8))])
        let transport = LoggingTransport(wrapping: stub, time: VirtualClock().timeSource) { lines.append($0) }
        let url = try #require(URL(string: "https://\(secret):pw@h.invalid/api/v3/hubs/h/incidents?api_key=\(secret)"))
        let request = HTTPRequest(
            method: .post, url: url, headers: ["X-API-KEY": secret], body: Data(#"{"title":"\#(secret)"}"#.utf8))

        _ = try await transport.send(request)

        #expect(!lines.text.contains(secret))
        #expect(!lines.text.contains("pw"))
        #expect(lines.text == "POST /api/v3/hubs/h/incidents?api_key=<redacted> -> 201 (0 ms)")
    }

    @Test func theMessageOfAForeignErrorIsNotLogged() async throws {
        struct Leaky: Error, CustomStringConvertible {
            let description: String
        }
        let lines = CapturedText()
        let stub = StubTransport { _ in throw Leaky(description: "token=\(secret)") }
        let transport = LoggingTransport(wrapping: stub, time: VirtualClock().timeSource) { lines.append($0) }

        await #expect(throws: Leaky.self) {
            try await transport.send(HTTPRequest(method: .get, url: try #require(URL(string: "https://h.invalid/x"))))
        }

        #expect(lines.text == "GET /x -> error (Leaky) (0 ms)")
    }
}
