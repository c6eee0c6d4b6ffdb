/// Runs one parsed command and returns its exit status.
package typealias CommandRunner = @Sendable (CommandContext) async throws -> ExitStatus

/// Which code runs each command in ``CommandCatalog``.
package enum CommandRegistry {
    /// The runner for `spec`; commands whose engine is not built yet say so and exit 1.
    package static func runner(for spec: CommandSpec) -> CommandRunner {
        switch spec.name {
        case "snapshot": return SnapshotCommand.run
        case "plan": return PlanCommand.run
        case "mapping check": return MappingCheckCommand.run
        case "state show": return StateShowCommand.run
        case "emulate": return EmulateCommand.run
        default:
            let reason = pendingReasons[spec.name] ?? "its engine is not built yet"
            return { _ in throw CommandError.notAvailable(command: spec.name, reason: reason) }
        }
    }

    /// Why each command that cannot run yet cannot, in words a user can act on.
    private static let pendingReasons: [String: String] = [
        "demo": "it needs the emulators and the apply engine, which are still being built",
        "snapshot": "the provider clients and the store are still being built",
        "apply": "the apply engine is still being built",
        "sync": "the apply engine is still being built",
    ]
}
