import Synchronization

/// How far a fetch has got, for a progress line with an ETA.
package struct FetchProgress: Sendable, Hashable {
    /// Requests sent so far.
    package var callsMade: Int
    /// The best estimate of all the requests the fetch will send; never below ``callsMade``.
    ///
    /// It grows as lists reveal their length (a Freshstatus `count`, a StatusHub `meta.total_pages`)
    /// and as incidents that need a detail read are found.
    package var callsExpected: Int
    /// Items read so far, by snapshot key.
    package var counts: [String: Int]
    /// StatusHub incident details reused from the previous snapshot so far.
    package var reusedDetails: Int

    /// Creates a progress report.
    package init(callsMade: Int, callsExpected: Int, counts: [String: Int], reusedDetails: Int = 0) {
        self.callsMade = callsMade
        self.callsExpected = max(callsExpected, callsMade)
        self.counts = counts
        self.reusedDetails = reusedDetails
    }
}

/// Receives a ``FetchProgress`` after each request of a fetch.
package typealias FetchProgressHandler = @Sendable (FetchProgress) -> Void

/// Counts a fetch's requests and items, and reports them to a ``FetchProgressHandler``.
///
/// Safe to call from the concurrent tasks of one fetch.
package final class FetchTracker: Sendable {
    private struct ListState {
        var pagesRead = 0
        var pagesRemaining = 1
    }

    private struct State {
        var lists: [String: ListState] = [:]
        var counts: [String: Int] = [:]
        var listCalls = 0
        var detailCalls = 0
        var detailsPlanned = 0
        var reusedDetails = 0
    }

    private let state = Mutex(State())
    private let handler: FetchProgressHandler?

    /// Creates a tracker reporting to `handler`; `kinds` are the snapshot keys whose lists the fetch reads.
    package init(kinds: [String], handler: FetchProgressHandler?) {
        self.handler = handler
        state.withLock { state in
            for kind in kinds { state.lists[kind] = ListState() }
        }
    }

    /// Records a list page of `kind` holding `items` items, and how many pages are still to come
    /// (`nil`: unknown, but more may follow; zero: this was the last).
    package func pageRead(_ kind: String, items: Int, pagesRemaining: Int?) {
        report { state in
            state.listCalls += 1
            state.counts[kind, default: 0] += items
            var list = state.lists[kind] ?? ListState()
            list.pagesRead += 1
            list.pagesRemaining = pagesRemaining ?? 1
            state.lists[kind] = list
        }
    }

    /// Records that `count` more items will each need a read of their own.
    package func detailsPlanned(_ count: Int, reused: Int = 0) {
        report { state in
            state.detailsPlanned += count
            state.reusedDetails += reused
        }
    }

    /// Records one read of a single item (a detail, or an updates list of one incident).
    package func detailRead() {
        report { state in state.detailCalls += 1 }
    }

    /// Requests sent so far: (all, list pages, details).
    package var calls: (total: Int, lists: Int, details: Int) {
        state.withLock { ($0.listCalls + $0.detailCalls, $0.listCalls, $0.detailCalls) }
    }

    /// The list pages of `kind` (a snapshot key) read so far.
    package func pagesRead(_ kind: String) -> Int {
        state.withLock { $0.lists[kind]?.pagesRead ?? 0 }
    }

    /// Incident details reused from a previous snapshot.
    package var reusedDetails: Int { state.withLock { $0.reusedDetails } }

    private func report(_ change: (inout State) -> Void) {
        let progress = state.withLock { state -> FetchProgress in
            change(&state)
            let listExpected = state.lists.values.reduce(0) { $0 + $1.pagesRead + $1.pagesRemaining }
            return FetchProgress(
                callsMade: state.listCalls + state.detailCalls,
                callsExpected: listExpected + max(state.detailsPlanned, state.detailCalls),
                counts: state.counts, reusedDetails: state.reusedDetails)
        }
        handler?(progress)
    }
}

extension FetchResult {
    /// The result of a whole-account fetch: one list per kind, in snapshot order, with the calls the
    /// tracker counted.
    ///
    /// - Parameters:
    ///   - kinds: The kinds fetched; a kind with no list gets an empty one.
    ///   - lists: The items of each kind.
    ///   - tracker: What counted the calls.
    ///   - reusedDetails: Details taken from the previous snapshot instead of fetched.
    package init(
        kinds: [EntityKind], lists: [EntityKind: [JSONValue]], tracker: FetchTracker, reusedDetails: Int
    ) {
        let calls = tracker.calls
        self.init(
            data: .object(
                Dictionary(uniqueKeysWithValues: kinds.map { ($0.snapshotKey, JSONValue.array(lists[$0] ?? [])) })),
            calls: calls.total, listCalls: calls.lists, detailCalls: calls.details, reusedDetails: reusedDetails)
    }
}
