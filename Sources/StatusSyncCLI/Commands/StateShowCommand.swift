import Foundation
import StatusSyncCore

/// `statussync state show PAIR`: lists the links between source and target entities.
enum StateShowCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let configuration = try context.loadConfiguration()
        let pair = try configuration.pair(named: context.command.argument("PAIR"))
        let store = FileStore(root: context.storeDirectory(configuration))
        let state = try store.pairState(pair.name)
        let links = state.links.sorted { ($0.value.kind, $0.key) < ($1.value.kind, $1.key) }
        if context.command.value("--format") == "json" {
            let data = try JSONCoding.makeEncoder().encode(state)
            context.result(String(decoding: data, as: UTF8.self))
            return .success
        }
        guard !links.isEmpty else {
            context.result("Pair '\(pair.name)' has no links yet: nothing has been applied.")
            return .success
        }
        let width = max(links.map(\.key.count).max() ?? 0, 10)
        context.result(
            "KIND".padding(toLength: 22, withPad: " ", startingAt: 0)
                + "SOURCE KEY".padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + "TARGET ID".padding(toLength: 14, withPad: " ", startingAt: 0) + "ORIGIN   UPDATED")
        for (key, link) in links {
            context.result(
                link.kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + key.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + link.targetID.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + link.origin.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + link.updatedAt.iso8601)
        }
        context.info(
            "\(links.count) link\(links.count == 1 ? "" : "s") for pair '\(pair.name)' (\(pair.source) → \(pair.target))"
        )
        return .success
    }
}
