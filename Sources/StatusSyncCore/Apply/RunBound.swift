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
        RunTimeoutError(limit: limit, setting: setting, phase: phase, inFlight: calls.describe(now: time.now()))
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

/// The HTTP calls in flight in a run, so that a run stopped at its bound can say which call it was waiting on.
///
/// ``TransportStack`` registers every call with the registry of the task it runs in (``current``), labelled
/// with the task's ``account``; outside a bounded run there is none and nothing is recorded.
package final class InFlightCalls: Sendable {
    /// The registry of the run the current task belongs to.
    @TaskLocal package static var current: InFlightCalls?
    /// The account whose calls the current task makes, shown in brackets.
    @TaskLocal package static var account: String?

    private let calls = Mutex<(next: Int, open: [Int: (label: String, since: Date)])>((0, [:]))

    /// Creates an empty registry.
    package init() {}

    /// Runs `body`, the round trip of `request`, registered with the current task's registry if any.
    package static func track<T>(
        _ request: HTTPRequest, time: TimeSource = .live, _ body: () async throws -> T
    ) async throws -> T {
        guard let registry = current else { return try await body() }
        let label =
            (account.map { "[\($0)] " } ?? "")
            + "\(request.method.rawValue) \(URLRedaction.redactedPathAndQuery(request.url))"
        let id = registry.calls.withLock { calls in
            calls.next += 1
            calls.open[calls.next] = (label, time.now())
            return calls.next
        }
        defer { _ = registry.calls.withLock { $0.open.removeValue(forKey: id) } }
        return try await body()
    }

    /// The calls in flight, oldest first, each with how long it has been going.
    package func describe(now: Date) -> [String] {
        calls.withLock { $0.open.values.sorted { $0.since < $1.since } }.map {
            "\($0.label) (for \(PlanRenderer.duration(max(now.timeIntervalSince($0.since), 0))))"
        }
    }
}
