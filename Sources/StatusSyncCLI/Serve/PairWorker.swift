import Foundation
import StatusSyncCore
import Synchronization

/// One piece of work for a pair: a full incremental cycle, or a targeted sync of one entity.
package enum PairWork: Sendable, Hashable {
    /// A whole cycle (start, reconcile, a webhook that names nothing); `light` reads the source's incident list
    /// only as far as its recent incidents (`serve`'s light reconcile), else it reads every list whole.
    case cycle(reason: String, light: Bool = false)
    /// A targeted sync of one incident or maintenance, with when the earliest change it carries was
    /// made in the source (or, when unknown, received).
    case entity(EntityTarget, reason: String, changedAt: Date)

    /// What the work is logged with.
    package var reason: String {
        switch self {
        case .cycle(let reason, _), .entity(_, let reason, _): reason
        }
    }
}

/// Runs the work of one pair one piece at a time, coalescing triggers.
///
/// Full cycles are coalesced into one: triggers while one is pending make no other, and the one that runs is
/// light only if every trigger it stands for asked for a light one and it covers no entity. Entities are
/// coalesced per entity: ten webhooks about one incident while it waits make one targeted sync, which
/// keeps the earliest change time and the latest reason. Entities run in the order they were first
/// triggered, and a pending full cycle runs first and covers every entity pending when it starts.
/// Two pieces of work of a pair never overlap, so the changes to one incident reach the target in order.
package final class PairWorker: Sendable {
    /// The pair the worker syncs.
    package let pair: String
    private let wakeups: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let pending = Mutex(Pending())

    private struct Pending {
        var cycle: (reason: String, light: Bool)?
        var entities: [PairWork] = []
        var isStopping = false
    }

    /// The entities waiting beyond which one full cycle syncs them all: each targeted sync costs two or
    /// three calls, an incremental cycle of a small account a handful.
    package static let mostPendingEntities = 10

    /// Makes an idle worker; work runs once ``run(work:)`` is called.
    package init(pair: String) {
        self.pair = pair
        (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a cycle.
    ///
    /// - Parameters:
    ///   - reason: What the cycle is logged with.
    ///   - light: Whether a light cycle is enough (see ``PairWork/cycle(reason:light:)``).
    package func trigger(_ reason: String, light: Bool = false) {
        pending.withLock { pending in
            // A full cycle pending stays full, and keeps the reason it was asked for.
            if let waiting = pending.cycle, !waiting.light, light { return }
            pending.cycle = (reason, light && (pending.cycle?.light ?? true))
        }
        continuation.yield()
    }

    /// Asks for a targeted sync of `target`, merged with one already pending for it.
    ///
    /// - Parameters:
    ///   - target: The incident or maintenance.
    ///   - reason: What the sync is logged with.
    ///   - changedAt: When the source changed, for the lag measured once the change is in the target.
    package func trigger(_ target: EntityTarget, reason: String, changedAt: Date) {
        pending.withLock { pending in
            let index = pending.entities.firstIndex {
                if case .entity(let other, _, _) = $0 { return other == target }
                return false
            }
            if let index, case .entity(_, _, let earlier) = pending.entities[index] {
                pending.entities[index] = .entity(target, reason: reason, changedAt: min(earlier, changedAt))
            } else {
                pending.entities.append(.entity(target, reason: reason, changedAt: changedAt))
                if pending.entities.count > Self.mostPendingEntities, pending.cycle == nil {
                    pending.cycle = ("\(pending.entities.count) entities waiting: one cycle for all", false)
                }
            }
        }
        continuation.yield()
    }

    /// The work waiting to run, full cycle first.
    package var queued: [PairWork] {
        pending.withLock {
            ($0.cycle.map { [PairWork.cycle(reason: $0.reason, light: $0.light)] } ?? []) + $0.entities
        }
    }

    /// Runs each piece of work, one at a time, until ``stop()``; returns when the work in flight has ended.
    ///
    /// - Parameter work: Runs one piece; a full cycle's `covered` lists the entity syncs it replaced.
    package func run(work: @Sendable (_ work: PairWork, _ covered: [PairWork]) async -> Void) async {
        for await _ in wakeups {
            while let (next, covered) = take() { await work(next, covered) }
            if pending.withLock({ $0.isStopping }) { break }
        }
    }

    /// Takes the next piece of work, or `nil` when there is none or the worker is stopping.
    private func take() -> (PairWork, [PairWork])? {
        pending.withLock { pending in
            guard !pending.isStopping else { return nil }
            if let cycle = pending.cycle {
                pending.cycle = nil
                let covered = pending.entities
                pending.entities = []
                return (.cycle(reason: cycle.reason, light: cycle.light && covered.isEmpty), covered)
            }
            guard !pending.entities.isEmpty else { return nil }
            return (pending.entities.removeFirst(), [])
        }
    }

    /// Takes no more work; ``run(work:)`` returns after the work in flight, starting none after it.
    package func stop() {
        pending.withLock { $0.isStopping = true }
        continuation.finish()
    }
}
