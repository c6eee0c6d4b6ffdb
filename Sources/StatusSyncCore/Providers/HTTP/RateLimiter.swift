import Foundation

/// Lets calls of one class to one account through no faster than a ``RateLimitPolicy`` allows.
///
/// Callers are served first come, first served: each caller reserves the next free slot the moment
/// it arrives and then sleeps until that slot, so N concurrent callers are spaced one interval
/// apart instead of waking together. A server's long `Retry-After` pauses every caller of the class
/// (``pause(until:)``): later callers reserve slots after the pause, and a caller already asleep
/// whose slot falls inside the pause reserves a new one when it wakes. A short one slows the pace
/// (``recordThrottling(retryAfter:sentAt:)``).
///
/// All time comes from the injected ``TimeSource``. Slots are held as exact offsets from the
/// limiter's creation, so the delays a frozen test clock records are exact.
package actor RateLimiter {
    /// The policy this limiter enforces.
    package nonisolated let policy: RateLimitPolicy

    private let time: TimeSource
    private let origin: Date
    private let interval: Duration
    /// ``RateLimitPolicy/evenPace(perSecond:)``: the latest slot handed out.
    private var lastSlot: Duration?
    /// ``RateLimitPolicy/slidingWindow(limit:window:)``: the slots that may still fall in a window, ascending.
    private var recentSlots: [Duration] = []
    private var pausedUntil: Duration?
    private var counters = RateLimitUsage()
    /// ``RateLimitPolicy/evenPace(perSecond:)``: the share of the policy's rate in use, lowered when
    /// the server answers 429 (a limit stricter than configured) and raised slowly while it does not.
    private var pace = 1.0
    /// When the pace was last lowered: a 429 to a call sent before then says nothing new.
    private var slowedAt: Duration?
    /// Whether each of the last answers was a 429.
    private var recentAnswers = RecentAnswers(capacity: 20)

    /// The lowest share of the policy's rate the pace falls to.
    package static let slowestPace = 1.0 / 64
    /// What a 429 multiplies the pace by (once for the calls already in flight).
    package static let slowdown = 0.7
    /// What each answered call multiplies the pace by, back up to the policy's rate: quick enough that
    /// an occasional spurious 429 (one in twenty calls) costs nothing lasting.
    package static let recovery = 1.03
    /// How many of the last 20 answers must be 429s before a short `Retry-After` slows the pace: with a
    /// server refusing one call in twenty at random, five in twenty happen for about one 429 in seventy (three
    /// would for one in four, each costing every caller a pause), while a limit stricter than configured
    /// refuses most calls and is noticed within a few answers.
    package static let throttlesThatSlowDown = 5
    /// The longest `Retry-After` that, with an even pace, holds only the refused call; a longer one pauses every caller.
    package static let longestUnsharedWait: Duration = .seconds(2)

    /// Creates a limiter with no calls made yet.
    ///
    /// - Parameters:
    ///   - policy: The limit to enforce.
    ///   - time: The clock to read and sleep on.
    package init(policy: RateLimitPolicy, time: TimeSource) {
        self.policy = policy
        self.time = time
        self.origin = time.now()
        self.interval = policy.interval
    }

    /// What this limiter has let through so far.
    package var usage: RateLimitUsage { counters }

    /// Waits until the policy allows one more call, and counts it.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting; the slot is then given back.
    package func acquire() async throws {
        var waited = Duration.zero
        while true {
            let now = offset(of: time.now())
            let slot = reserve(at: now)
            let delay = slot - now
            if delay > .zero {
                do {
                    try await time.wait(delay, for: reason(for: slot, at: now))
                } catch {
                    release(slot)
                    throw error
                }
                waited += delay
            }
            if let pausedUntil, pausedUntil > slot {
                // A pause began while this caller slept, and its slot lies inside it.
                release(slot)
                continue
            }
            confirm(slot, at: offset(of: time.now()))
            counters.calls += 1
            counters.waited += waited
            return
        }
    }

    /// Makes every caller wait until `date` (a server's `Retry-After`); an earlier pause never shortens a later one.
    package func pause(until date: Date) {
        let end = offset(of: date)
        pausedUntil = max(pausedUntil ?? end, end)
    }

    /// Makes every caller wait `duration` from now.
    package func pause(for duration: Duration) {
        pause(until: time.now().adding(duration))
    }

    /// Counts a 429 response; a long `Retry-After`, or a cluster of 429s, pauses every caller and slows the pace.
    ///
    /// One 429 among many answers (fewer than ``throttlesThatSlowDown`` of the last 20) with a
    /// `Retry-After` of at most ``longestUnsharedWait`` is noise, such as a proxy's spurious refusal:
    /// the refused call waits alone (the retrying transport keeps its `Retry-After`), since pausing
    /// every caller would cost a second of the account's writes per refusal. Otherwise every caller
    /// waits, and with an even pace the pace is cut to ``slowdown``, once for all the calls already
    /// sent when the server began refusing (those sent before the last slowdown say nothing new), so
    /// the calls adapt to what the server accepts and wait rather than fail, as TCP's congestion
    /// control and the AWS SDKs' adaptive retry mode do.
    ///
    /// - Parameters:
    ///   - retryAfter: how long the refused call holds off.
    ///   - sentAt: when the refused call was sent; `nil` when unknown.
    package func recordThrottling(retryAfter: Duration, sentAt: Date? = nil) {
        counters.throttled += 1
        guard case .evenPace = policy else {
            pause(for: retryAfter)
            return
        }
        recentAnswers.append(true)
        // One 429 among many answers is noise (a proxy, a spurious refusal): the refused call waits alone.
        // A long wait, or a cluster of 429s, says the server is over its limit: every caller waits.
        let isLong = retryAfter > Self.longestUnsharedWait
        if isLong { pause(for: retryAfter) }
        guard isLong || recentAnswers.throttledCount >= Self.throttlesThatSlowDown else { return }
        let now = offset(of: time.now())
        if let slowedAt, let sentAt, offset(of: sentAt) <= slowedAt { return }
        if !isLong { pause(for: retryAfter) }
        pace = max(pace * Self.slowdown, Self.slowestPace)
        slowedAt = now
        counters.slowestPace = min(counters.slowestPace, pace)
    }

    /// Notes a call the server answered without a 429: a lowered pace recovers a little.
    package func recordAnswered() {
        recentAnswers.append(false)
        guard pace < 1 else { return }
        pace = min(1, pace * Self.recovery)
    }

    // MARK: - Slots

    private func offset(of date: Date) -> Duration {
        date.duration(since: origin)
    }

    /// Hands out the earliest slot at or after `now` that the policy and any pause allow, and records it.
    private func reserve(at now: Duration) -> Duration {
        var slot = max(now, pausedUntil ?? now)
        switch policy {
        case .unlimited:
            break
        case .evenPace:
            if let lastSlot { slot = max(slot, lastSlot + interval / pace) }
            lastSlot = slot
        case .slidingWindow(let rawLimit, let window):
            let limit = max(rawLimit, 1)
            // A slot at or before now - window can never share a window with a slot handed out from now on.
            let stale = recentSlots.prefix { $0 <= now - window }.count
            recentSlots.removeFirst(stale)
            if let last = recentSlots.last { slot = max(slot, last) }
            if recentSlots.count >= limit { slot = max(slot, recentSlots[recentSlots.count - limit] + window) }
            recentSlots.append(slot)
        }
        return slot
    }

    /// Why the caller holding `slot` waits for it at `now`: a server's pause, or the policy.
    private func reason(for slot: Duration, at now: Duration) -> WaitNotice.Reason {
        if let pausedUntil, pausedUntil >= slot { return .retryAfter }
        switch policy {
        case .unlimited, .evenPace:
            return .pacing
        case .slidingWindow(let limit, let window):
            return .budget(used: recentSlots.count { $0 <= now }, limit: limit, window: window)
        }
    }

    /// Gives back a slot that was not used.
    private func release(_ slot: Duration) {
        guard case .slidingWindow = policy, let index = recentSlots.lastIndex(of: slot) else { return }
        recentSlots.remove(at: index)
    }

    /// Records that the call holding `slot` actually went out at `actual`, which is never earlier.
    private func confirm(_ slot: Duration, at actual: Duration) {
        guard actual > slot else { return }
        switch policy {
        case .unlimited:
            break
        case .evenPace:
            lastSlot = max(lastSlot ?? actual, actual)
        case .slidingWindow:
            guard let index = recentSlots.lastIndex(of: slot) else { return }
            recentSlots.remove(at: index)
            let insertion = recentSlots.lastIndex { $0 <= actual }.map { $0 + 1 } ?? 0
            recentSlots.insert(actual, at: insertion)
        }
    }
}

/// Whether each of the last few answers of a limiter's class was a 429, oldest first dropped.
struct RecentAnswers {
    private var answers: [Bool] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Records one answer, forgetting the oldest once `capacity` are held.
    mutating func append(_ wasThrottled: Bool) {
        if answers.count < capacity {
            answers.append(wasThrottled)
        } else {
            answers[next] = wasThrottled
        }
        next = (next + 1) % capacity
    }

    /// How many of the answers held were 429s.
    var throttledCount: Int { answers.count { $0 } }
}
