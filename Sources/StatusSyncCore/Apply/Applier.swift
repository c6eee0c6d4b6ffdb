import Foundation
import Synchronization

/// What an apply may do and how fast it goes.
package struct ApplyOptions: Sendable {
    /// Whether writes notify subscribers (the mapping's `carry.notifySubscribers`).
    package var notifiesSubscribers: Bool
    /// How many independent write chains run at once; the account's rate limiter paces them.
    package var concurrency: Int
    /// How many times a write that failed without effect, or whose outcome was settled as "not done", is tried.
    package var maxAttempts: Int
    /// The clock and the sleeper used between attempts.
    package var time: TimeSource
    /// Called after each change with the counts so far.
    package var progress: (@Sendable (ApplyProgress) -> Void)?
    /// Asked before each change; once it says `true`, no new write starts (those in flight finish).
    package var shouldStop: (@Sendable () -> Bool)?

    /// Creates options.
    package init(
        notifiesSubscribers: Bool = false, concurrency: Int = 16, maxAttempts: Int = 4, time: TimeSource = .live,
        progress: (@Sendable (ApplyProgress) -> Void)? = nil, shouldStop: (@Sendable () -> Bool)? = nil
    ) {
        self.notifiesSubscribers = notifiesSubscribers
        self.concurrency = max(1, concurrency)
        self.maxAttempts = max(1, maxAttempts)
        self.time = time
        self.progress = progress
        self.shouldStop = shouldStop
    }
}

/// How far an apply has come.
package struct ApplyProgress: Sendable, Hashable {
    /// Changes finished (done, failed or skipped).
    package var finished: Int
    /// Changes in the plan.
    package var total: Int
    /// Write calls sent so far.
    package var writes: Int
}

/// What an apply did.
package struct ApplyReport: Sendable, Hashable {
    /// Changes that took effect (or were found already in effect).
    package var applied: Int = 0
    /// Of ``applied``, writes whose outcome was unknown and that were settled by reading the target.
    package var settled: Int = 0
    /// Write calls sent.
    package var writes: Int = 0
    /// Changes that failed, with the reason.
    package var failures: [Failure] = []
    /// Changes not tried because something they depend on failed.
    package var skipped: [String] = []
    /// Changes not started because the run was asked to stop.
    package var stopped: Int = 0
    /// How long the apply took.
    package var duration: Duration = .zero

    /// Whether everything was applied.
    package var isComplete: Bool { failures.isEmpty && skipped.isEmpty && stopped == 0 }

    /// A change that failed.
    package struct Failure: Sendable, Hashable {
        /// The change's key.
        package var key: String
        /// What went wrong.
        package var reason: String
    }
}

/// Applies a plan to the target: a dependency-aware scheduler whose every write is journaled
/// before it is sent and linked the moment the provider answers.
///
/// Independent changes (two incidents) run concurrently, dependent ones (an incident's updates, a
/// service after its group) in order; the provider client's transport paces every call at the
/// account's rate limit. A write whose answer was lost is settled before any retry: the target is
/// read and the entity adopted by its natural key when it is there. A failed change does not stop
/// independent work; what depends on it is skipped, and a rerun carries on.
package final class Applier: Sendable {
    /// The account written to.
    let target: any StatusPageProvider
    private let journal: Journal
    private let store: FileStore
    private let options: ApplyOptions
    /// The pair's links, updated as each write is answered.
    let state: Mutex<PairState>
    private let report = Mutex(ApplyReport())
    /// Results journaled since the state file was last written, and when that was.
    private let unsaved = Mutex((count: 0, since: Date?.none))

    /// Creates an applier for one pair.
    ///
    /// - Parameters:
    ///   - target: the target account's client.
    ///   - state: the pair's links, with any earlier journal already folded in.
    ///   - journal: the pair's journal, open for appending.
    ///   - store: where the pair's state is saved.
    ///   - options: notification, concurrency and time.
    package init(
        target: any StatusPageProvider, state: PairState, journal: Journal, store: FileStore, options: ApplyOptions
    ) {
        self.target = target
        self.journal = journal
        self.store = store
        self.options = options
        self.state = Mutex(state)
    }

    /// The links as they stand.
    package var links: PairState { state.withLock { $0 } }

    /// Applies every change of `plan` and saves the links; the journal is emptied once they are saved.
    ///
    /// - Returns: what was done, what failed and why.
    /// - Throws: ``StoreError`` when the journal or the state cannot be written (nothing more is sent then).
    package func apply(_ plan: Plan) async throws -> ApplyReport {
        let started = options.time.now()
        let graph = DependencyGraph(plan.changes)
        try await graph.run(concurrency: options.concurrency) { change in
            try await self.execute(change)
        } onFinish: { finished in
            let writes = self.report.withLock { $0.writes }
            self.options.progress?(ApplyProgress(finished: finished, total: plan.changes.count, writes: writes))
        }
        if report.withLock({ $0.failures.isEmpty && $0.stopped == 0 }), graph.skipped.isEmpty {
            // Everything the plan adopted by natural key after a journal repair is linked now.
            state.withLock { $0.settlesByNaturalKey = false }
        }
        if report.withLock({ $0.writes > 0 }) {
            let finished = Instant(options.time.now())
            state.withLock { $0.lastApply = .init(finishedAt: finished, targetDigest: plan.target.digest) }
        }
        try saveState()
        try journal.reset()
        return report.withLock { report in
            report.skipped = graph.skipped.sorted()
            if report.stopped > 0 {
                report.stopped += report.skipped.count
                report.skipped = []
            }
            report.duration = Duration(roundingToMicroseconds: options.time.now().timeIntervalSince(started))
            return report
        }
    }

    // MARK: - One change

    /// Runs one change and returns whether it took effect.
    ///
    /// - Throws: only what must stop the whole apply: a journal or state file that cannot be
    ///   written, or cancellation.
    private func execute(_ change: PlannedChange) async throws -> Bool {
        if options.shouldStop?() == true {
            report.withLock { $0.stopped += 1 }
            return false
        }
        do {
            try await perform(change)
            report.withLock { $0.applied += 1 }
            return true
        } catch let error as StoreError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch is WaitInterruption {
            // The run is being stopped while this change waited to be sent: it is left for the next run.
            report.withLock { $0.stopped += 1 }
            return false
        } catch {
            let reason = (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
            report.withLock { $0.failures.append(.init(key: change.key, reason: reason)) }
            return false
        }
    }

    private func perform(_ change: PlannedChange) async throws {
        switch change.action {
        case .adopt:
            guard let targetID = change.targetID else { throw ApplyError.missingTarget(key: change.key) }
            try record(change, targetID: targetID, action: .adopt)
            if !change.fields.isEmpty {
                try await write(change, operation: try operation(for: change, targetID: targetID))
            }
        case .update:
            guard let targetID = change.targetID else { throw ApplyError.missingTarget(key: change.key) }
            try await write(change, operation: try operation(for: change, targetID: targetID))
        case .delete:
            try await write(change, operation: try deleteOperation(for: change))
        case .create:
            try await create(change)
        }
    }

    /// Writes an update or delete, retrying when the outcome is unknown (both are idempotent).
    private func write(_ change: PlannedChange, operation: WriteOperation) async throws {
        var attempt = 1
        while true {
            try journal.append(entry(change, .intent))
            do {
                report.withLock { $0.writes += 1 }
                _ = try await target.perform(operation, notify: options.notifiesSubscribers)
                try record(change, targetID: change.targetID, action: change.action)
                return
            } catch let error as ProviderError where error.isNotFound && change.action == .delete {
                try record(change, targetID: change.targetID, action: .delete)  // already gone: done
                return
            } catch let error as ProviderError where error.isOutcomeUnknown && attempt < options.maxAttempts {
                attempt += 1
                try await options.time.sleep(backoff(attempt))
            } catch {
                try journal.append(entry(change, .result, succeeded: false))
                throw error
            }
        }
    }

    /// Creates an entity; a lost answer is settled by reading the target before sending again.
    private func create(_ change: PlannedChange) async throws {
        let operation = try operation(for: change, targetID: nil)
        var attempt = 1
        while true {
            try journal.append(entry(change, .intent))
            // The plan was made from a read of the target that found nothing this key's earlier create
            // may have made; from here on this intent, in the journal, is what keeps it in doubt.
            state.withLock { _ = $0.inDoubt.removeValue(forKey: change.key) }
            do {
                report.withLock { $0.writes += 1 }
                let result = try await target.perform(operation, notify: options.notifiesSubscribers)
                try record(change, targetID: result.id, action: .create)
                try await linkFirstUpdate(of: change, incidentID: result.id, written: result.entity)
                return
            } catch let error as ProviderError where error.isOutcomeUnknown {
                // A request that timed out may still be on its way through the server: give it a
                // moment before reading the target, so the read sees the write if it is to happen.
                try await options.time.sleep(backoff(attempt))
                if let found = try await settle(change) {
                    try record(change, targetID: found, action: .create)
                    try await linkFirstUpdate(of: change, incidentID: found, written: nil)
                    report.withLock { $0.settled += 1 }
                    return
                }
                guard attempt < options.maxAttempts else {
                    try journal.append(entry(change, .result, succeeded: false))
                    throw error
                }
                attempt += 1
                try await options.time.sleep(backoff(attempt))
            } catch {
                try journal.append(entry(change, .result, succeeded: false))
                throw error
            }
        }
    }

    private func backoff(_ attempt: Int) -> Duration {
        .milliseconds(min(250 * (1 << min(attempt - 1, 6)), 8000))
    }

    /// A StatusHub incident is created with its first update: links that update too.
    private func linkFirstUpdate(of change: PlannedChange, incidentID: String, written: WrittenEntity?) async throws {
        guard target.provider.capabilities.incidentCreatedWithFirstUpdate, change.kind == .incident,
            case .incident(let desired)? = change.payload,
            let first = desired.updates.first
        else { return }
        var incident: Incident?
        if case .incident(let returned)? = written, !returned.updates.isEmpty { incident = returned }
        if incident == nil { incident = try await target.incident(id: incidentID)?.incident }
        guard let update = incident?.updates.first else { return }
        let linked = PlannedChange(
            action: .create, kind: .incidentUpdate, key: first.id, parentKey: change.key, label: change.label)
        try record(linked, targetID: update.id, action: .create)
    }

    // MARK: - Links

    /// Whether a target entity of `kind` is linked to a source entity already.
    func isLinked(_ targetID: String, _ kind: EntityKind) -> Bool {
        state.withLock { state in state.links.values.contains { $0.kind == kind && $0.targetID == targetID } }
    }

    /// The target id linked to `key`, if any.
    func targetID(_ key: String?) -> String? {
        guard let key else { return nil }
        return state.withLock { $0.links[key]?.targetID }
    }

    private func entry(
        _ change: PlannedChange, _ phase: Journal.Entry.Phase, targetID: String? = nil, succeeded: Bool? = nil
    ) -> Journal.Entry {
        Journal.Entry(
            phase: phase, action: change.action, kind: change.kind, key: change.key, parentKey: change.parentKey,
            targetID: targetID ?? change.targetID, succeeded: succeeded, at: Instant(options.time.now()))
    }

    /// Journals the result and updates the links.
    ///
    /// The journal line is what makes the link durable; the state file is rewritten only every
    /// 1000 results or 30 seconds, to keep the journal a later run replays short without
    /// rewriting a large state file after every write.
    private func record(_ change: PlannedChange, targetID: String?, action: PlannedChange.Action) throws {
        var result = entry(change, .result, targetID: targetID, succeeded: true)
        result.action = action
        try journal.append(result)
        state.withLock { $0.fold([result]) }
        let now = options.time.now()
        let due = unsaved.withLock { unsaved in
            unsaved.count += 1
            let since = unsaved.since ?? now
            unsaved.since = since
            guard unsaved.count >= 1000 || now.timeIntervalSince(since) >= 30 else { return false }
            unsaved = (0, nil)
            return true
        }
        if due { try saveState() }
    }

    private func saveState() throws {
        try store.save(state.withLock { $0 })
    }
}
