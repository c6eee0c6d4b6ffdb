import Foundation
import StatusSyncCore

/// `statussync show FILE`: renders a saved plan through the plan renderers, without fetching or re-planning.
enum ShowCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let plan = try PlanRenderer.load(path: context.command.argument("FILE"))
        try PlanCommand.show(plan, context: context)
        return .success
    }
}
