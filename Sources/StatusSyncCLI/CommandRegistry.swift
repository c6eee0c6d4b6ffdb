/// Runs one parsed command and returns its exit status.
package typealias CommandRunner = @Sendable (CommandContext) async throws -> ExitStatus

/// Which code runs each command in ``CommandCatalog``.
package enum CommandRegistry {
    /// The runner of every command, by the command's name.
    package static let runners: [String: CommandRunner] = [
        "demo": DemoCommand.run,
        "snapshot": SnapshotCommand.run,
        "plan": PlanCommand.run,
        "show": ShowCommand.run,
        "apply": ApplyCommand.run,
        "sync": SyncCommand.run,
        "verify": VerifyCommand.run,
        "serve": ServeCommand.run,
        "emulate": EmulateCommand.run,
        "mapping check": MappingCheckCommand.run,
        "state show": StateShowCommand.run,
        "state repair": StateRepairCommand.run,
        "init": InitCommand.run,
        "config check": ConfigCheckCommand.run,
        "completion": CompletionCommand.run,
        "__complete": CompleteNamesCommand.run,
    ]

    /// The runner for `spec`; a command without one says so and exits 1.
    package static func runner(for spec: CommandSpec) -> CommandRunner {
        runners[spec.name] ?? { _ in
            throw CommandError.notAvailable(command: spec.name, reason: "it has no engine in this build")
        }
    }
}
