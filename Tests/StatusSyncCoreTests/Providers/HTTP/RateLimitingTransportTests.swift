import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

@Suite struct RateLimitingTransportTests {
    private func request(_ method: HTTPMethod) throws -> HTTPRequest {
        HTTPRequest(
            method: method, url: try #require(URL(string: "https://acme.app.statushub.io/api/v3/hubs/h/services")))
    }

    @Test func tenConcurrentStatusHubWritesGoOutFiveASecond() async throws {
        let stub = StubTransport { _ in HTTPResponse(statusCode: 200) }
        let sleeps = SleepLog()
        let transport = RateLimitingTransport(
            wrapping: stub, limits: .statusHub, time: .immediate(recordingInto: sleeps))
        let post = try request(.post)

        try await withThrowingTaskGroup { group in
            for _ in 0..<10 { group.addTask { _ = try await transport.send(post) } }
            try await group.waitForAll()
        }

        #expect(stub.requests.count == 10)
        #expect(sleeps.all.sorted() == (1..<10).map { .milliseconds(200 * $0) })
        #expect(await transport.usage() == RateLimitUsage(calls: 10, waited: .seconds(9)))
    }

    @Test func statusHubReadsAndWritesHaveSeparateLimiters() async throws {
        let stub = StubTransport { _ in HTTPResponse(statusCode: 200) }
        let sleeps = SleepLog()
        let transport = RateLimitingTransport(
            wrapping: stub, limits: .statusHub, time: .immediate(recordingInto: sleeps))

        for method in [HTTPMethod.get, .post, .get, .put, .get, .delete] {
            _ = try await transport.send(try request(method))
        }

        #expect(
            sleeps.all == [
                .microseconds(33_334), .milliseconds(200), .microseconds(66_668), .milliseconds(400),
            ])
        #expect(await transport.limiter(for: .get).usage.calls == 3)
        #expect(await transport.limiter(for: .patch).usage.calls == 3)
        #expect(await transport.usage().calls == 6)
    }

    @Test func freshstatusCountsEveryMethodAgainstOneLimit() async throws {
        let stub = StubTransport { _ in HTTPResponse(statusCode: 200) }
        let sleeps = SleepLog()
        let limits = AccountRateLimits.shared(.slidingWindow(limit: 2, window: .seconds(3600)))
        let transport = RateLimitingTransport(wrapping: stub, limits: limits, time: .immediate(recordingInto: sleeps))

        for method in [HTTPMethod.get, .post, .delete] { _ = try await transport.send(try request(method)) }

        #expect(sleeps.all == [.seconds(3600)])
        #expect(transport.limiter(for: .get) === transport.limiter(for: .post))
        #expect(await transport.usage().calls == 3)
    }

    /// A `Retry-After` longer than ``RateLimiter/longestUnsharedWait`` holds the whole class.
    @Test func a429PausesItsVerbClassForRetryAfterButNotTheOtherClass() async throws {
        let stub = StubTransport(responses: [
            HTTPResponse(statusCode: 429, headers: ["Retry-After": "3"]),
            HTTPResponse(statusCode: 200),
            HTTPResponse(statusCode: 201),
        ])
        let sleeps = SleepLog()
        let transport = RateLimitingTransport(
            wrapping: stub, limits: .statusHub, time: .immediate(recordingInto: sleeps))

        let throttled = try await transport.send(try request(.post))
        _ = try await transport.send(try request(.get))
        _ = try await transport.send(try request(.post))

        #expect(throttled.statusCode == 429)
        #expect(sleeps.all == [.seconds(3)])
        #expect(await transport.limiter(for: .post).usage.throttled == 1)
        var expected = RateLimitUsage(calls: 3, waited: .seconds(3), throttled: 1)
        expected.slowestPace = RateLimiter.slowdown  // the 429 slowed the write pace
        #expect(await transport.usage() == expected)
    }

    @Test func a429WithoutRetryAfterPausesForTheDefault() async throws {
        let stub = StubTransport(responses: [HTTPResponse(statusCode: 429), HTTPResponse(statusCode: 200)])
        let sleeps = SleepLog()
        let transport = RateLimitingTransport(
            wrapping: stub, limits: .shared(.unlimited), time: .immediate(recordingInto: sleeps),
            pauseWithoutRetryAfter: .seconds(7))

        _ = try await transport.send(try request(.get))
        _ = try await transport.send(try request(.get))

        #expect(sleeps.all == [.seconds(7)])
    }
}

@Suite struct AccountRateLimitsTests {
    @Test func documentedDefaults() {
        #expect(AccountRateLimits.freshstatus == .shared(.slidingWindow(limit: 1000, window: .seconds(3600))))
        #expect(AccountRateLimits.statusHub.policy(for: .get) == .evenPace(perSecond: 30))
        #expect(AccountRateLimits.statusHub.policy(for: .post) == .evenPace(perSecond: 5))
        #expect(AccountRateLimits.freshstatus.policy(for: .delete) == AccountRateLimits.freshstatus.policy(for: .get))
    }

    @Test func noOverridesKeepsTheDefaults() throws {
        #expect(try AccountRateLimits(defaults: .statusHub) == .statusHub)
        #expect(try AccountRateLimits(defaults: .freshstatus) == .freshstatus)
    }

    @Test func callsPerHourReplacesEitherProvidersLimits() throws {
        let limits = try AccountRateLimits(defaults: .statusHub, callsPerHour: 500)
        #expect(limits == .shared(.slidingWindow(limit: 500, window: .seconds(3600))))
    }

    @Test func perSecondOverridesReplaceOneClassAndKeepTheOther() throws {
        let limits = try AccountRateLimits(defaults: .statusHub, writesPerSecond: 2)
        #expect(limits == .perVerbClass(reads: .evenPace(perSecond: 30), writes: .evenPace(perSecond: 2)))

        let both = try AccountRateLimits(defaults: .freshstatus, readsPerSecond: 100, writesPerSecond: 50)
        #expect(both == .perVerbClass(reads: .evenPace(perSecond: 100), writes: .evenPace(perSecond: 50)))
    }

    @Test func invalidOverridesAreRejectedWithTheKeyNamed() {
        #expect(throws: RateLimitOverrideError.notPositive(name: "writesPerSecond", value: "0.0")) {
            try AccountRateLimits(defaults: .statusHub, writesPerSecond: 0)
        }
        #expect(throws: RateLimitOverrideError.notPositive(name: "callsPerHour", value: "-1")) {
            try AccountRateLimits(defaults: .freshstatus, callsPerHour: -1)
        }
        #expect(throws: RateLimitOverrideError.notPositive(name: "readsPerSecond", value: "nan")) {
            try AccountRateLimits(defaults: .statusHub, readsPerSecond: .nan)
        }
        #expect(throws: RateLimitOverrideError.mixedForms) {
            try AccountRateLimits(defaults: .statusHub, readsPerSecond: 10, callsPerHour: 100)
        }
        #expect(throws: RateLimitOverrideError.incomplete(missing: "writesPerSecond")) {
            try AccountRateLimits(defaults: .freshstatus, readsPerSecond: 10)
        }
        #expect(
            RateLimitOverrideError.incomplete(missing: "writesPerSecond").localizedDescription.contains(
                "writesPerSecond"))
    }
}
