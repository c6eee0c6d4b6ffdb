import Foundation
import StatusSyncCore

/// `statussync state repair PAIR`: recovers a pair whose journal has unreadable lines, losing nothing.
enum StateRepairCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let configuration = try context.loadConfiguration()
        let pair = try configuration.pair(named: context.command.argument("PAIR"))
        let store = FileStore(root: context.storeDirectory(configuration))
        let lock = try store.lock("pair-\(pair.name)")
        defer { withExtendedLifetime(lock) {} }
        let repair = try PairRecovery(pair: pair.name, store: store).repair(now: Instant(context.now()))
        context.result(
            "repaired pair=\(pair.name) links=\(repair.results) in-doubt=\(repair.inDoubt) "
                + "unreadable-lines=\(repair.unreadableLines.count)")
        if let kept = repair.keptAt {
            context.info(
                "The journal's bytes are kept in \(kept). The next 'statussync apply \(pair.name)' adopts every "
                    + "unlinked target entity by its natural key, so nothing an unreadable line wrote is created twice."
            )
        }
        return .success
    }
}
