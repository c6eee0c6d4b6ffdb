import Foundation
import StatusSyncCore

/// `statussync state show PAIR [--format json]`: lists the links between source and target entities.
///
/// Each link with the names of both ends, read from the accounts' latest stored snapshots (a link
/// whose entity is not in the snapshot, or an account without one, shows `-`). Sorted by kind in
/// write order, then by source key with numbers compared as numbers:
///
/// ```
/// KIND              SOURCE KEY          TARGET ID  ORIGIN   UPDATED               NAME
/// service           service:10          77         adopted  2026-01-01T00:00:00Z  Login
/// incident          incident:9          5          created  2026-01-01T00:00:00Z  Login outage
/// incident          incident:100        6          created  2026-01-01T00:00:00Z  API errors → API errors (2024)
/// ```
enum StateShowCommand {
    /// One link as shown, with both ends' names.
    struct Row: Encodable {
        var kind: EntityKind
        var sourceKey: String
        var sourceName: String?
        var targetID: String
        var targetName: String?
        var origin: LinkOrigin
        var parentKey: String?
        var updatedAt: Instant
    }

    /// The `--format json` document.
    struct Report: Encodable {
        var formatVersion = JSONOutput.formatVersion
        var command = "state show"
        var pair: String
        var source: String
        var target: String
        /// The snapshots the names come from, when there are any.
        var sourceSnapshot: String?
        var targetSnapshot: String?
        var links: [Row]
    }

    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let configuration = try context.loadConfiguration()
        let pair = try configuration.pair(named: context.command.argument("PAIR"))
        let store = FileStore(root: context.storeDirectory(configuration))
        let state = try store.pairState(pair.name)
        var (sourceNames, sourceSnapshot, targetNames, targetSnapshot) = (
            EntityNames(), String?.none, EntityNames(), String?.none
        )
        if !state.links.isEmpty {
            (sourceNames, sourceSnapshot) = names(of: pair.source, in: configuration, store: store, context: context)
            (targetNames, targetSnapshot) = names(of: pair.target, in: configuration, store: store, context: context)
        }
        let rows = state.links.map { key, link in
            Row(
                kind: link.kind, sourceKey: key, sourceName: sourceNames.name(ofKey: key), targetID: link.targetID,
                targetName: targetNames.name(of: link.kind, id: link.targetID), origin: link.origin,
                parentKey: link.parentKey, updatedAt: link.updatedAt)
        }
        .sorted { $0.kind != $1.kind ? $0.kind < $1.kind : $0.sourceKey.sortsNumerically(before: $1.sourceKey) }

        if JSONOutput.isRequested(by: context) {
            let report = Report(
                pair: pair.name, source: pair.source, target: pair.target, sourceSnapshot: sourceSnapshot,
                targetSnapshot: targetSnapshot, links: rows)
            context.result(try JSONOutput.document(report))
            return .success
        }
        guard !rows.isEmpty else {
            context.result("Pair '\(pair.name)' has no links yet: nothing has been applied.")
            return .success
        }
        for line in table(rows) { context.result(line) }
        context.info(
            "\(rows.count) link\(rows.count == 1 ? "" : "s") for pair '\(pair.name)' (\(pair.source) → \(pair.target))"
        )
        return .success
    }

    /// The rows as aligned columns, the name last.
    static func table(_ rows: [Row]) -> [String] {
        let header = ["KIND", "SOURCE KEY", "TARGET ID", "ORIGIN", "UPDATED", "NAME"]
        let cells = rows.map { row in
            [row.kind.rawValue, row.sourceKey, row.targetID, row.origin.rawValue, row.updatedAt.iso8601, name(row)]
        }
        let widths = (0..<header.count - 1).map { column in
            ([header] + cells).map { $0[column].count }.max() ?? 0
        }
        return ([header] + cells).map { cells in
            zip(cells, widths).map { $0.padding(toLength: $1 + 2, withPad: " ", startingAt: 0) }.joined()
                + (cells.last ?? "")
        }
    }

    /// The source's name, and the target's after an arrow when it differs.
    private static func name(_ row: Row) -> String {
        switch (row.sourceName, row.targetName) {
        case (let source?, let target?) where source != target: "\(source) → \(target)"
        case (let source?, _): source
        case (nil, let target?): target
        case (nil, nil): "-"
        }
    }

    /// The names in an account's latest stored snapshot, and the snapshot's path.
    ///
    /// An account without a usable snapshot has no names; the command says how to get them.
    private static func names(
        of account: String, in configuration: Configuration, store: FileStore, context: CommandContext
    ) -> (EntityNames, String?) {
        guard let provider = configuration.accounts[account]?.provider,
            let path = store.latestSnapshotPath(account: account)
        else {
            context.info("No snapshot of '\(account)' in the store; 'statussync snapshot \(account)' adds its names.")
            return (EntityNames(), nil)
        }
        do {
            let (_, state) = try AccountState.fromSnapshot(try store.read(path), path: path, provider: provider)
            return (EntityNames(state), path)
        } catch {
            context.warn("the names of '\(account)' are not shown: \(StatusSyncCLI.oneLine(error))")
            return (EntityNames(), nil)
        }
    }
}
