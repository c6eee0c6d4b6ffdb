import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Synchronization
import Testing

/// Every wait of the transport stack is told before it begins, with its account and its reason, and
/// one refused by the listener is not slept and sends nothing.
@Suite struct WaitNoticeTests {
    let url = URL(fileURLWithPath: "/api/v1/incidents/")

    /// The notices told so far.
    final class Notices: Sendable {
        private let list = Mutex<[WaitNotice]>([])
        func append(_ notice: WaitNotice) { list.withLock { $0.append(notice) } }
        var all: [WaitNotice] { list.withLock { $0 } }
    }

    /// A frozen clock that records the notices, and refuses waits of `refusingFrom` or more.
    func time(_ notices: Notices, sleeps: SleepLog, refusingFrom limit: Duration? = nil) -> TimeSource {
        var time = TimeSource.immediate(recordingInto: sleeps)
        time.willWait = { notice in
            notices.append(notice)
            if let limit, notice.duration >= limit { throw WaitInterruption.tooLong(notice, limit: limit) }
        }
        return time
    }

    @Test func aRetryAfterIsToldWithItsAccountAndReasonBeforeItIsWaited() async throws {
        let notices = Notices()
        let clock = VirtualClock()
        var time = clock.timeSource
        time.willWait = { notices.append($0) }
        let stub = StubTransport(responses: [
            HTTPResponse(statusCode: 429, headers: ["Retry-After": "3600"]), HTTPResponse(statusCode: 201),
        ])
        let stack = TransportStack(
            base: stub, credential: .freshstatus(apiKey: "k", subdomain: "acme"), rateLimits: .shared(.unlimited),
            time: time, random: .constant(0), label: "old")

        let response = try await stack.send(HTTPRequest(method: .post, url: url))

        #expect(response.statusCode == 201)
        let told = notices.all
        #expect(told.map(\.reason) == [.retryAfter])
        #expect(told.map(\.account) == ["old"])
        #expect(told.first?.duration == .seconds(3600))
        #expect(told.first?.resumesAt == TimeSource.testEpoch.addingTimeInterval(3600))
        #expect(clock.wakeUps == [.seconds(3600)], "the limiter, paused until the same instant, added no wait")
    }

    @Test func aRefusedWaitIsNotSleptAndTheRequestIsNotSentAgain() async throws {
        let notices = Notices()
        let sleeps = SleepLog()
        let stub = StubTransport(responses: [
            HTTPResponse(statusCode: 429, headers: ["Retry-After": "3600"]), HTTPResponse(statusCode: 201),
        ])
        let stack = TransportStack(
            base: stub, credential: .freshstatus(apiKey: "k", subdomain: "acme"), rateLimits: .shared(.unlimited),
            time: time(notices, sleeps: sleeps, refusingFrom: .seconds(600)), random: .constant(0), label: "old")

        await #expect(throws: WaitInterruption.self) { try await stack.send(HTTPRequest(method: .post, url: url)) }
        #expect(stub.requests.count == 1)
        #expect(sleeps.all.isEmpty)
    }

    @Test func aSpentBudgetIsToldWithTheCallsUsed() async throws {
        let notices = Notices()
        let sleeps = SleepLog()
        let limiter = RateLimiter(
            policy: .slidingWindow(limit: 2, window: .seconds(3600)), time: time(notices, sleeps: sleeps))

        for _ in 0..<3 { try await limiter.acquire() }

        #expect(
            notices.all.map(\.reason) == [.budget(used: 2, limit: 2, window: .seconds(3600))])
        #expect(sleeps.all == [.seconds(3600)])
    }
}
