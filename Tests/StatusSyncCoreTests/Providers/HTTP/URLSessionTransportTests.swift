import Foundation
import StatusSyncCore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Talks to loopback sockets only: a closed port, and a port that accepts connections but never answers.
@Suite struct URLSessionTransportTests {
    @Test(arguments: [HTTPMethod.get, .post])
    func aClosedPortIsAConnectionFailureNotAnUnknownOutcome(method: HTTPMethod) async throws {
        let port = try #require(LoopbackListener.closedPort())
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/incidents/"))
        let transport = URLSessionTransport(timeout: .seconds(5))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(
                HTTPRequest(method: method, url: url, body: method == .post ? Data("{}".utf8) : nil))
        }
        guard case .connectionFailed(method, "http://127.0.0.1:\(port)/api/v1/incidents/", _) = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(error?.isOutcomeUnknown == false)
    }

    @Test func aPostWhoseResponseNeverComesHasAnUnknownOutcomeAfterTheTimeout() async throws {
        let listener = try #require(LoopbackListener())
        defer { listener.close() }
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)/api/v1/incidents/"))
        let transport = URLSessionTransport(timeout: .milliseconds(300))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: .post, url: url, body: Data("{}".utf8)))
        }
        #expect(error == .outcomeUnknown(method: .post, url: url.absoluteString, cause: .timedOut))
    }

    @Test func neverFollowsARedirectSoTheKeyStaysWithTheConfiguredHost() async throws {
        let listener = try #require(LoopbackListener())
        defer { listener.close() }
        let elsewhere = try #require(LoopbackListener.closedPort())
        listener.answerOnce(
            with: "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:\(elsewhere)/steal\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n")
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)/api/v3/hubs/h/services"))
        let transport = URLSessionTransport(timeout: .seconds(10))
        var request = HTTPRequest(method: .get, url: url)
        request.setHeader("X-API-KEY", to: "secret")
        let response = try await transport.send(request)
        #expect(response.statusCode == 302)
    }

    @Test func anAnswerLargerThanTheLimitFailsTheCallWithAClearLine() async throws {
        let listener = try #require(LoopbackListener())
        defer { listener.close() }
        // 64 chunks of 64 KiB (4 MiB) without a Content-Length, so only counting the bytes can stop it.
        listener.answerOnce(head: "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", chunks: 64, of: 65536, every: 0)
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)/api/v1/incidents/"))
        let transport = URLSessionTransport(limits: HTTPLimits(maxResponseBytes: 1024 * 1024))
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: .get, url: url))
        }
        #expect(error == .responseTooLarge(method: .get, url: url.absoluteString, limit: 1024 * 1024))
        #expect(error?.description.contains("larger than 1 MiB") == true)
    }

    @Test func anAnswerTrickledSlowerThanTheTotalLimitFailsNamingTheCall() async throws {
        let listener = try #require(LoopbackListener())
        defer { listener.close() }
        // One byte every 100 ms: never idle long enough for the read timeout, but endless.
        listener.answerOnce(
            head: "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n", chunks: 100_000, of: 1,
            every: 0.1)
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)/api/v1/incidents/"))
        let transport = URLSessionTransport(
            limits: HTTPLimits(readTimeout: .seconds(5), totalTimeout: .milliseconds(700)))
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: .get, url: url))
        }
        #expect(error == .tooSlow(method: .get, url: url.absoluteString, limit: .milliseconds(700)))
        #expect(error?.isTransient == false)
    }

    /// A long mirror makes calls for hours: nothing of a finished call may outlive it until its total timeout.
    @Test func aTransportLetGoOfAfterItsCallsFreesItsSessionsAtOnce() async throws {
        let listener = try #require(LoopbackListener())
        defer { listener.close() }
        listener.answerOnce(with: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)/api/v1/incidents/"))
        weak var readSession: URLSession?
        weak var writeSession: URLSession?
        do {
            // A total timeout far beyond the deadline below, so only the call's end can free the sessions.
            let transport = URLSessionTransport(limits: HTTPLimits(totalTimeout: .seconds(3600)))
            readSession = transport.sessions.read
            writeSession = transport.sessions.write
            let response = try await transport.send(HTTPRequest(method: .get, url: url))
            #expect(response.statusCode == 200)
        }
        let deadline = Date().addingTimeInterval(120)
        while readSession != nil || writeSession != nil, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        #expect(readSession == nil)
        #expect(writeSession == nil)
    }
}
