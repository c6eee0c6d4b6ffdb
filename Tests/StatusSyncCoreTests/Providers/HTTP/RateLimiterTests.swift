import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Synchronization
import Testing

@Suite struct RateLimiterTests {
    // MARK: - Even pace

    @Test func concurrentCallersAreSpacedOneIntervalApartNotReleasedTogether() async throws {
        let sleeps = SleepLog()
        let limiter = RateLimiter(policy: .evenPace(perSecond: 5), time: .immediate(recordingInto: sleeps))

        try await withThrowingTaskGroup { group in
            for _ in 0..<10 { group.addTask { try await limiter.acquire() } }
            try await group.waitForAll()
        }

        // The clock is frozen at 0, so each caller's sleep is the instant of its slot: 0.2, 0.4, ... 1.8 s.
        #expect(sleeps.all.sorted() == (1..<10).map { .milliseconds(200 * $0) })
        #expect(await limiter.usage == RateLimitUsage(calls: 10, waited: .seconds(9)))
    }

    @Test func sequentialCallsRunAtTheEvenPaceOnAVirtualClock() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(policy: .evenPace(perSecond: 5), time: clock.timeSource)

        for _ in 0..<4 { try await limiter.acquire() }

        #expect(clock.wakeUps == [.milliseconds(200), .milliseconds(400), .milliseconds(600)])
        #expect(clock.elapsed == .milliseconds(600))
    }

    @Test func idleTimeEarnsNoBurst() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(policy: .evenPace(perSecond: 5), time: clock.timeSource)
        try await limiter.acquire()

        clock.advance(by: .seconds(10))
        for _ in 0..<3 { try await limiter.acquire() }

        #expect(clock.wakeUps == [.milliseconds(10_200), .milliseconds(10_400)])
    }

    @Test func thirtyPerSecondRoundsTheIntervalUpSoTheRateIsNeverExceeded() async throws {
        let sleeps = SleepLog()
        let limiter = RateLimiter(policy: .evenPace(perSecond: 30), time: .immediate(recordingInto: sleeps))

        for _ in 0..<31 { try await limiter.acquire() }

        #expect(RateLimitPolicy.evenPace(perSecond: 30).interval == .microseconds(33_334))
        #expect(try #require(sleeps.all.last) > .seconds(1))
    }

    // MARK: - Sliding window

    @Test func theCallOverTheLimitWaitsUntilTheOldestLeavesTheWindow() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(policy: .slidingWindow(limit: 3, window: .seconds(10)), time: clock.timeSource)

        for _ in 0..<3 {
            try await limiter.acquire()
            clock.advance(by: .seconds(1))
        }
        #expect(clock.wakeUps.isEmpty)

        try await limiter.acquire()  // at 3 s; the call at 0 s leaves the window at 10 s
        try await limiter.acquire()  // the call at 1 s leaves at 11 s

        #expect(clock.wakeUps == [.seconds(10), .seconds(11)])
        #expect(await limiter.usage == RateLimitUsage(calls: 5, waited: .seconds(8)))
    }

    @Test func freshstatusHourlyLimitLetsAThousandThroughThenWaitsForTheFirstToExpire() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(policy: .slidingWindow(limit: 1000, window: .seconds(3600)), time: clock.timeSource)

        for _ in 0..<1000 {
            try await limiter.acquire()
            clock.advance(by: .seconds(1))
        }
        try await limiter.acquire()

        #expect(clock.wakeUps == [.seconds(3600)])
    }

    @Test func concurrentCallersOverTheLimitQueueBehindTheWindow() async throws {
        let sleeps = SleepLog()
        let limiter = RateLimiter(
            policy: .slidingWindow(limit: 2, window: .seconds(60)), time: .immediate(recordingInto: sleeps))

        try await withThrowingTaskGroup { group in
            for _ in 0..<6 { group.addTask { try await limiter.acquire() } }
            try await group.waitForAll()
        }

        #expect(sleeps.all.sorted() == [.seconds(60), .seconds(60), .seconds(120), .seconds(120)])
    }

    @Test func aCancelledWaiterGivesItsSlotBack() async throws {
        let sleeps = SleepLog()
        let limiter = RateLimiter(
            policy: .slidingWindow(limit: 1, window: .seconds(60)), time: .immediate(recordingInto: sleeps))
        try await limiter.acquire()

        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await limiter.acquire()
        }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        try await limiter.acquire()

        // The second sleep would be 120 s had the cancelled caller kept the slot at 60 s.
        #expect(sleeps.all == [.seconds(60), .seconds(60)])
        #expect(await limiter.usage.calls == 2)
    }

    // MARK: - Pauses

    @Test func aPauseDelaysTheNextCaller() async throws {
        let sleeps = SleepLog()
        let limiter = RateLimiter(policy: .evenPace(perSecond: 5), time: .immediate(recordingInto: sleeps))

        await limiter.recordThrottling(retryAfter: .seconds(3))
        try await limiter.acquire()
        try await limiter.acquire()

        // The 429 also slowed the pace to 70%: 5 a second became 3.5, so the second caller waits 0.2 s ÷ 0.7.
        #expect(sleeps.all == [.seconds(3), .seconds(3) + .milliseconds(200) / RateLimiter.slowdown])
        #expect(await limiter.usage.throttled == 1)
        #expect(await limiter.usage.slowestPace == RateLimiter.slowdown)
    }

    @Test func aShortRetryAfterHoldsOnlyTheRefusedCallUntilRefusalsCluster() async throws {
        let sleeps = SleepLog()
        let limiter = RateLimiter(policy: .evenPace(perSecond: 5), time: .immediate(recordingInto: sleeps))
        try await limiter.acquire()

        await limiter.recordThrottling(retryAfter: .seconds(1))
        try await limiter.acquire()

        // Neither a second's pause for everyone nor a slower pace for one refusal: one interval.
        #expect(sleeps.all == [.milliseconds(200)])
        #expect(await limiter.usage.throttled == 1)
        #expect(await limiter.usage.slowestPace == 1)

        // Five in the last twenty answers are a pattern: every caller waits, and the pace drops to 70%; four are not.
        for _ in 0..<3 { await limiter.recordThrottling(retryAfter: .seconds(1)) }
        #expect(await limiter.usage.slowestPace == 1)
        await limiter.recordThrottling(retryAfter: .seconds(1))
        try await limiter.acquire()
        try await limiter.acquire()
        let slower = Duration.milliseconds(200) / RateLimiter.slowdown
        #expect(sleeps.all == [.milliseconds(200), .seconds(1), .seconds(1) + slower])
        #expect(await limiter.usage.slowestPace == RateLimiter.slowdown)
    }

    @Test func answersBetweenRefusalsKeepThePace() async throws {
        let limiter = RateLimiter(policy: .evenPace(perSecond: 5), time: .immediate(recordingInto: SleepLog()))
        for _ in 0..<10 {
            await limiter.recordThrottling(retryAfter: .seconds(1))
            for _ in 0..<19 { await limiter.recordAnswered() }
        }
        #expect(await limiter.usage.throttled == 10)
        #expect(await limiter.usage.slowestPace == 1)
    }

    @Test func throttlingSlowsThePaceOnceForTheCallsAlreadySentAndAnswersRestoreIt() async throws {
        let sleeps = SleepLog()
        let time = TimeSource.immediate(recordingInto: sleeps)
        let limiter = RateLimiter(policy: .evenPace(perSecond: 10), time: time)
        let sentBefore = time.now()
        await limiter.recordThrottling(retryAfter: .zero, sentAt: sentBefore)
        // Sixteen calls sent together before the server began refusing: one slowdown, not sixteen.
        for _ in 0..<15 { await limiter.recordThrottling(retryAfter: .zero, sentAt: sentBefore) }
        #expect(await limiter.usage.slowestPace == 0.7)
        #expect(await limiter.usage.throttled == 16)
        // A refusal of a call sent after the slowdown slows it again.
        await limiter.recordThrottling(retryAfter: .zero, sentAt: time.now().addingTimeInterval(1))
        #expect(abs(await limiter.usage.slowestPace - 0.49) < 1e-9)
        // Each answer gives back 3%: after 30 answers the pace is back to the full rate (0.49 × 1.03^30 ≥ 1).
        for _ in 0..<30 { await limiter.recordAnswered() }
        try await limiter.acquire()
        try await limiter.acquire()
        #expect(sleeps.all.last == .milliseconds(100))
    }

    @Test func aCallerAlreadyAsleepWhenAPauseStartsWaitsForThePauseToEnd() async throws {
        let sleeps = SleepLog()
        let holder = LimiterHolder()
        let frozen = TimeSource.immediate(recordingInto: sleeps)
        let time = TimeSource(
            now: frozen.now,
            sleep: { duration in
                try await frozen.sleep(duration)
                // The server answers 429 with Retry-After: 5 while the caller sleeps for the first time.
                if sleeps.all.count == 1 { await holder.limiter?.pause(for: .seconds(5)) }
            })
        let limiter = RateLimiter(policy: .evenPace(perSecond: 5), time: time)
        holder.limiter = limiter

        try await limiter.acquire()
        try await limiter.acquire()  // reserves the slot at 0.2 s, sleeps, then finds the pause

        #expect(sleeps.all == [.milliseconds(200), .seconds(5)])
        #expect(await limiter.usage.calls == 2)
    }

    @Test func aShorterPauseNeverShortensALongerOne() async throws {
        let sleeps = SleepLog()
        let limiter = RateLimiter(policy: .unlimited, time: .immediate(recordingInto: sleeps))

        await limiter.pause(for: .seconds(30))
        await limiter.pause(for: .seconds(2))
        try await limiter.acquire()

        #expect(sleeps.all == [.seconds(30)])
    }

    @Test func unlimitedNeverWaits() async throws {
        let sleeps = SleepLog()
        let limiter = RateLimiter(policy: .unlimited, time: .immediate(recordingInto: sleeps))
        for _ in 0..<100 { try await limiter.acquire() }
        #expect(sleeps.all.isEmpty)
        #expect(await limiter.usage.calls == 100)
    }
}

/// Lets a test's time source reach the limiter that is created with it.
private final class LimiterHolder: Sendable {
    private let storage = Mutex<RateLimiter?>(nil)
    var limiter: RateLimiter? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}

@Suite struct RateLimitPolicyTests {
    @Test(arguments: [
        (RateLimitPolicy.evenPace(perSecond: 5), 11, Duration.seconds(2)),
        (.evenPace(perSecond: 5), 1, .zero),
        (.slidingWindow(limit: 1000, window: .seconds(3600)), 1000, .zero),
        (.slidingWindow(limit: 1000, window: .seconds(3600)), 1001, .seconds(3600)),
        (.slidingWindow(limit: 1000, window: .seconds(3600)), 2500, .seconds(7200)),
        (.unlimited, 500, .zero),
    ])
    func minimumDurationMatchesWhatTheLimiterEnforces(policy: RateLimitPolicy, calls: Int, expected: Duration) {
        #expect(policy.minimumDuration(forCalls: calls) == expected)
    }

    @Test func invalidPacesFallBackToOneCallPerSecondAndInfinityToNoWait() {
        #expect(RateLimitPolicy.evenPace(perSecond: 0).interval == .seconds(1))
        #expect(RateLimitPolicy.evenPace(perSecond: -3).interval == .seconds(1))
        #expect(RateLimitPolicy.evenPace(perSecond: .nan).interval == .seconds(1))
        #expect(RateLimitPolicy.evenPace(perSecond: .infinity).interval == .zero)
    }
}
