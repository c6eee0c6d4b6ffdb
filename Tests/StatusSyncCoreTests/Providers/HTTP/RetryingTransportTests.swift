import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

@Suite struct RetryingTransportTests {
    private static let writes: [HTTPMethod] = [.post, .put, .patch, .delete]

    private func request(_ method: HTTPMethod) throws -> HTTPRequest {
        HTTPRequest(method: method, url: try #require(URL(string: "https://h.invalid/api/v1/incidents/")))
    }

    private func transport(
        _ stub: StubTransport, _ sleeps: SleepLog, policy: RetryPolicy = RetryPolicy(baseDelay: .seconds(1)),
        random: Double = 0.5
    ) -> RetryingTransport {
        RetryingTransport(
            wrapping: stub, policy: policy, time: .immediate(recordingInto: sleeps), random: .constant(random))
    }

    // MARK: - 429

    @Test(arguments: [HTTPMethod.get, .post, .put, .patch, .delete])
    func throttledRequestsAreRetriedAfterRetryAfterWhateverTheMethod(method: HTTPMethod) async throws {
        let stub = StubTransport(responses: [
            HTTPResponse(statusCode: 429, headers: ["Retry-After": "3"]), HTTPResponse(statusCode: 201),
        ])
        let sleeps = SleepLog()

        let response = try await transport(stub, sleeps).send(try request(method))

        #expect(response.statusCode == 201)
        #expect(stub.requests.count == 2)
        #expect(sleeps.all == [.seconds(3)])
    }

    @Test func retryAfterAsAnHTTPDateIsHonoured() async throws {
        let stub = StubTransport(responses: [
            HTTPResponse(statusCode: 429, headers: ["Retry-After": "Fri, 15 Jan 2027 08:00:42 GMT"]),
            HTTPResponse(statusCode: 200),
        ])
        let sleeps = SleepLog()

        _ = try await transport(stub, sleeps).send(try request(.get))

        #expect(sleeps.all == [.seconds(42)])  // the frozen test clock reads 08:00:00 GMT
    }

    @Test func aThrottleWithoutRetryAfterBacksOff() async throws {
        let stub = StubTransport(responses: [HTTPResponse(statusCode: 429), HTTPResponse(statusCode: 200)])
        let sleeps = SleepLog()

        _ = try await transport(stub, sleeps, random: 0).send(try request(.post))

        #expect(sleeps.all == [.milliseconds(500)])
    }

    @Test func aRetryAfterBeyondTheLimitIsReturnedNotWaitedFor() async throws {
        let stub = StubTransport(responses: [HTTPResponse(statusCode: 429, headers: ["Retry-After": "7200"])])
        let sleeps = SleepLog()

        let response = try await transport(stub, sleeps).send(try request(.get))

        #expect(response.statusCode == 429)
        #expect(sleeps.all.isEmpty)
    }

    // MARK: - 5xx

    @Test func serverErrorsOnGetAreRetriedWithCappedJitteredExponentialBackoff() async throws {
        let stub = StubTransport { _ in HTTPResponse(statusCode: 503) }
        let sleeps = SleepLog()
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: .seconds(1), maxDelay: .seconds(8))

        let response = try await transport(stub, sleeps, policy: policy, random: 0.5).send(try request(.get))

        #expect(response.statusCode == 503)
        #expect(stub.requests.count == 6)
        // Ceilings 1, 2, 4, 8, 8 s; each wait is half the ceiling plus half of the other half.
        #expect(sleeps.all == [.milliseconds(750), .milliseconds(1500), .seconds(3), .seconds(6), .seconds(6)])
    }

    @Test func aGetRecoversFromServerErrors() async throws {
        let stub = StubTransport(responses: [
            HTTPResponse(statusCode: 500), HTTPResponse(statusCode: 502), HTTPResponse(statusCode: 200),
        ])
        let sleeps = SleepLog()

        let response = try await transport(stub, sleeps, random: 0).send(try request(.get))

        #expect(response.statusCode == 200)
        #expect(sleeps.all == [.milliseconds(500), .seconds(1)])
    }

    @Test(arguments: writes)
    func aWriteIsNeverRetriedAfterAServerError(method: HTTPMethod) async throws {
        let stub = StubTransport(responses: [HTTPResponse(statusCode: 500), HTTPResponse(statusCode: 201)])
        let sleeps = SleepLog()

        let response = try await transport(stub, sleeps).send(try request(method))

        #expect(response.statusCode == 500)
        #expect(stub.requests.count == 1)
        #expect(sleeps.all.isEmpty)
    }

    @Test(arguments: [400, 401, 404, 422])
    func clientErrorsAreNotRetried(status: Int) async throws {
        let stub = StubTransport(responses: [HTTPResponse(statusCode: status)])
        let response = try await transport(stub, SleepLog()).send(try request(.get))
        #expect(response.statusCode == status)
        #expect(stub.requests.count == 1)
    }

    // MARK: - Transport failures

    @Test(arguments: [
        TransportError.timedOut(method: .get, url: "u"),
        .connectionLost(method: .get, url: "u", reason: "r"),
        .connectionFailed(method: .get, url: "u", reason: "r"),
    ])
    func transientFailuresOfAGetAreRetried(failure: TransportError) async throws {
        let stub = StubTransport(results: [.failure(failure), .success(HTTPResponse(statusCode: 200))])
        let sleeps = SleepLog()

        let response = try await transport(stub, sleeps, random: 0).send(try request(.get))

        #expect(response.statusCode == 200)
        #expect(sleeps.all == [.milliseconds(500)])
    }

    @Test(arguments: writes)
    func aWriteWithAnUnknownOutcomeIsThrownNotRetried(method: HTTPMethod) async throws {
        let failure = TransportError.outcomeUnknown(method: method, url: "u", cause: .timedOut)
        let stub = StubTransport(results: [.failure(failure), .success(HTTPResponse(statusCode: 201))])
        let sleeps = SleepLog()

        await #expect(throws: failure) { try await transport(stub, sleeps).send(try request(method)) }
        #expect(stub.requests.count == 1)
        #expect(sleeps.all.isEmpty)
    }

    @Test func aWriteThatCouldNotConnectIsThrownNotRetried() async throws {
        let failure = TransportError.connectionFailed(method: .post, url: "u", reason: "connection refused")
        let stub = StubTransport(results: [.failure(failure), .success(HTTPResponse(statusCode: 201))])

        await #expect(throws: failure) { try await transport(stub, SleepLog()).send(try request(.post)) }
        #expect(stub.requests.count == 1)
    }

    @Test func theLastFailureIsThrownOnceAttemptsRunOut() async throws {
        let failure = TransportError.timedOut(method: .get, url: "u")
        let stub = StubTransport { _ in throw failure }
        let sleeps = SleepLog()

        await #expect(throws: failure) {
            try await transport(stub, sleeps, policy: RetryPolicy(maxAttempts: 3)).send(try request(.get))
        }
        #expect(stub.requests.count == 3)
        #expect(sleeps.all.count == 2)
    }

    @Test func failuresThatCannotImproveAreNotRetried() async throws {
        let failure = TransportError.notHTTPResponse(method: .get, url: "u")
        let stub = StubTransport { _ in throw failure }

        await #expect(throws: failure) { try await transport(stub, SleepLog()).send(try request(.get)) }
        #expect(stub.requests.count == 1)
    }

    @Test func cancellationStopsRetrying() async throws {
        let stub = StubTransport { _ in
            withUnsafeCurrentTask { $0?.cancel() }
            return HTTPResponse(statusCode: 503)
        }
        let sleeps = SleepLog()
        let retrying = transport(stub, sleeps)
        let request = try request(.get)

        await #expect(throws: CancellationError.self) { try await Task { try await retrying.send(request) }.value }
        #expect(stub.requests.count == 1)
    }
}

@Suite struct RetryPolicyTests {
    private let policy = RetryPolicy(baseDelay: .seconds(2), maxDelay: .seconds(10))

    @Test(arguments: [
        (1, 0.0, Duration.seconds(1)), (1, 0.5, .milliseconds(1500)), (2, 0.0, .seconds(2)), (3, 0.25, .seconds(5)),
        (4, 0.0, .seconds(5)), (4, 1.0, .seconds(10)), (60, 0.5, .milliseconds(7500)), (1, -3, .seconds(1)),
        (1, 7, .seconds(2)),
    ])
    func backoffIsHalfTheCappedCeilingPlusAJitteredHalf(attempt: Int, random: Double, expected: Duration) {
        #expect(policy.backoff(afterAttempt: attempt, random: random) == expected)
    }
}
