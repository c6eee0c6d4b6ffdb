import Foundation
import Synchronization

/// A bound on a whole run's time (`pairs.NAME.timeouts.run`): a plan, an apply or one sync cycle.
///
/// Past the deadline a fetch is cancelled at once (a read can be repeated), and an apply starts no
/// new write, as a signal stops it, then cancels the writes still in flight after ``grace``: their
/// intents are in the journal, so the next run settles them by reading the target. The run then
/// fails with ``RunTimeoutError``, which names the calls it was still waiting on.
package struct RunBound: Sendable {
    /// The run's allowed time.
    package var limit: Duration
    /// The setting it comes from, named in the error (`pairs.migrate.timeouts.run`).
    package var setting: String
    /// When the run started.
    package var start: Date
    /// How long writes in flight at the deadline may take to finish before they are cancelled.
    package var grace: Duration
    /// The clock the deadline is read on and slept towards.
    package var time: TimeSource
    /// The HTTP calls the run has in flight.
    package let calls = InFlightCalls()

    /// Creates a bound that starts now.
    ///
    /// - Parameters:
    ///   - limit: The run's allowed time.
    ///   - setting: The configuration key it comes from.
    ///   - grace: How long writes in flight at the deadline may take to finish.
    ///   - time: The clock.
    package init(limit: Duration, setting: String, grace: Duration = .seconds(5), time: TimeSource = .live) {
        self.limit = limit
        self.setting = setting
        self.grace = grace
        self.time = time
        self.start = time.now()
    }

    /// The instant the run must stop by.
    package var deadline: Date { start.addingTimeInterval(limit.timeInterval) }

    /// Whether the deadline has passed.
    package var hasPassed: Bool { time.now() >= deadline }

    /// Runs `operation` with its HTTP calls tracked; cancels it `after` the deadline and throws then.
    ///
    /// - Parameters:
    ///   - phase: What the run was doing, for the error (`fetching`, `applying`).
    ///   - after: How long past the deadline the operation may go on.
    ///   - operation: The work.
    /// - Returns: The operation's result when it finishes in time.
    /// - Throws: ``RunTimeoutError`` at the deadline (plus `after`), or what the operation throws.
    package func enforce<T: Sendable>(
        _ phase: String, after: Duration = .zero, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard !hasPassed else { throw timeout(phase) }
        let calls = self.calls
        let time = self.time
        let stopAt = deadline.addingTimeInterval(after.timeInterval)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await InFlightCalls.$current.withValue(calls) { try await operation() } }
            group.addTask {
                try await time.sleep(Duration(roundingToMicroseconds: max(stopAt.timeIntervalSince(time.now()), 0)))
                return nil
            }
            defer { group.cancelAll() }
            if let finished = try await group.next(), let value = finished { return value }
            throw timeout(phase)
        }
    }

    /// The error for a run stopped at its bound while `phase`, naming the calls in flight now.
    package func timeout(_ phase: String) -> RunTimeoutError {
        RunTimeoutError(
            limit: limit, setting: setting, phase: phase,
            inFlight: calls.open(now: time.now()).map { "\($0.label) (for \(PlanRenderer.duration($0.seconds)))" })
    }
}

/// A run stopped at its time bound; what was done is saved.
package struct RunTimeoutError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// The run's allowed time.
    package var limit: Duration
    /// The setting it comes from.
    package var setting: String
    /// What the run was doing.
    package var phase: String
    /// The calls in flight at the deadline, oldest first (`[new] POST /api/v3/... for 41 s`).
    package var inFlight: [String]

    /// One line: the bound, the phase, the oldest call in flight of each account, and what to do.
    package var description: String {
        // The oldest call of each account: the one that hung, whichever side it is on.
        var accounts = Set<String>()
        let named = inFlight.filter { accounts.insert(String($0.prefix { $0 != " " })).inserted }
        let waiting =
            named.isEmpty
            ? ""
            : "; still waiting on \(named.joined(separator: ", "))"
                + (inFlight.count > named.count ? " and \(inFlight.count - named.count) more call(s)" : "")
        return "the run took longer than \(PlanRenderer.duration(limit.timeInterval)) (\(setting)) and stopped while "
            + "\(phase)\(waiting); what was done is saved: run it again to carry on"
    }

    package var errorDescription: String? { description }
}
