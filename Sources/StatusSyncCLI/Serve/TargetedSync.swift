import Foundation
import StatusSyncCore

/// A targeted sync of one incident or maintenance, for a webhook that names it.
///
/// It reads the entity in the source (one or two calls) and its linked copy in the target, plans it against
/// the stored snapshots and the pair's links (``EntitySync``), and applies it with the same lock, journal and
/// exactly-once guarantees as `apply`.
enum TargetedSync {
    /// What a targeted sync did.
    enum Outcome: Sendable, Hashable {
        /// It applied its plan, making this many writes.
        case applied(writes: Int)
        /// It could not be made; a full cycle must run instead, for this reason.
        case fallback(String)
    }

    /// Syncs `target` of `session`'s pair.
    ///
    /// - Parameters:
    ///   - session: The pair.
    ///   - target: The incident or maintenance.
    ///   - shouldStop: Whether to stop between writes.
    /// - Returns: The writes made, or why a full cycle must run instead.
    /// - Throws: What reading, planning and applying throw, or ``CommandError`` when a change failed.
    static func run(
        _ session: PairSession, target: EntityTarget, shouldStop: @escaping @Sendable () -> Bool
    ) async throws -> Outcome {
        let now = Instant(session.context.now())
        let (sync, targetClient) = try session.makeSync(now: now)
        let lock = try sync.lock()
        defer { withExtendedLifetime(lock) {} }
        let (state, settling) = try sync.recover()
        let plan: Plan
        do {
            plan = try await EntitySync(sync: sync).plan(
                target, state: state, options: session.planOptions(now: now, settlingKeys: settling))
        } catch let fallback as EntitySync.Fallback {
            return .fallback(fallback.description)
        }
        let writes = try await SyncCommand.applyAndReport(
            plan, sync: sync, targetClient: targetClient, state: state, session: session, now: now,
            shouldStop: shouldStop)
        return .applied(writes: writes)
    }
}
