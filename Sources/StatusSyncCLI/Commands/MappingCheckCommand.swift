import StatusSyncCore

/// `statussync mapping check FILE`: validates a mapping file and lists every problem.
enum MappingCheckCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let path = context.command.argument("FILE")
        do {
            let mapping = try MappingLoader.load(path: path)
            context.result(
                "\(path): valid (\(mapping.source.displayName) → \(mapping.target.displayName), version "
                    + "\(MappingFile.currentVersion))")
            return .success
        } catch .invalid(_, let problems) {
            for problem in problems { context.result("\(path): \(problem)") }
            context.output.standardError(
                "error: \(path) has \(problems.count) problem\(problems.count == 1 ? "" : "s")\n")
            return .failure
        }
    }
}
