import StatusSyncCore

/// `statussync mapping check FILE [--format json]`: validates a mapping file and lists every problem.
///
/// Text: one line when the file is valid, else one line per problem on standard output and one
/// `error:` line on standard error. JSON: one document, `valid` and every problem, whatever is wrong.
enum MappingCheckCommand {
    /// The `--format json` document.
    struct Report: Encodable {
        var formatVersion = JSONOutput.formatVersion
        var command = "mapping check"
        var file: String
        var valid: Bool
        /// The providers the file maps between, when it is valid.
        var source: ProviderID?
        var target: ProviderID?
        var problems: [String]
    }

    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let path = context.command.argument("FILE")
        if JSONOutput.isRequested(by: context) {
            let report: Report
            do {
                let mapping = try MappingLoader.load(path: path)
                report = Report(file: path, valid: true, source: mapping.source, target: mapping.target, problems: [])
            } catch .invalid(_, let problems) {
                report = Report(file: path, valid: false, problems: problems)
            } catch {
                report = Report(file: path, valid: false, problems: [error.description])
            }
            context.result(try JSONOutput.document(report))
            return report.valid ? .success : .failure
        }
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
