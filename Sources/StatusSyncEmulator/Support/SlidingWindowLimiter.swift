/// Counts calls in a sliding window: at most `limit` calls in any span of `window` seconds.
///
/// A call is admitted when fewer than `limit` earlier admitted calls lie in `(now - window, now]`.
/// Rejected calls are not counted (as Django REST Framework's throttles and most API gateways do).
struct SlidingWindowLimiter: Sendable {
    private var times: [Double] = []
    private var head = 0

    /// Admits a call at `now`, or returns how many seconds until one would be admitted.
    ///
    /// - Returns: `nil` when admitted (and counted), else the wait in seconds (> 0).
    mutating func admit(now: Double, window: Double, limit: Int) -> Double? {
        while head < times.count, times[head] <= now - window { head += 1 }
        if head > 1024, head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
        let inWindow = times.count - head
        if inWindow >= max(limit, 0) {
            guard limit > 0 else { return window }
            let oldestBlocking = times[times.count - limit]
            return max(oldestBlocking + window - now, 0.001)
        }
        times.append(now)
        return nil
    }
}
