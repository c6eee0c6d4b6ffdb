import Foundation
import StatusSyncCore

/// The command-line interface: parses arguments, runs a command and turns its outcome into an exit status.
package enum StatusSyncCLI {
    /// Runs one command line and returns the exit status.
    ///
    /// Errors become one line, `error: ...`, on standard error; usage errors add a hint and
    /// exit 64. Nothing is thrown past this point.
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - environment: the environment variables; API keys are read from here.
    ///   - output: where to write.
    /// - Returns: the status the process exits with.
    package static func run(
        arguments: [String], environment: [String: String], output: OutputStreams
    ) async -> ExitStatus {
        let redactor = SecretRedactor()
        let output = output.redacting(with: redactor)
        let invocation: Invocation
        do {
            invocation = try Invocation.parse(arguments)
        } catch {
            output.standardError("error: \(error.description)\n")
            output.standardError("Run '\(helpHint(for: arguments))' for usage.\n")
            return .usage
        }
        switch invocation {
        case .mainHelp:
            output.standardOutput(HelpFormatter.mainHelp())
            return .success
        case .commandHelp(let spec):
            output.standardOutput(HelpFormatter.help(for: spec))
            return .success
        case .manual:
            output.standardOutput(ManPage.render())
            return .success
        case .version:
            output.standardOutput(BuildInfo.versionLine + "\n")
            return .success
        case .run(let command):
            let context = CommandContext(command: command, environment: environment, output: output, redactor: redactor)
            do {
                return try await CommandRegistry.runner(for: command.spec)(context)
            } catch let error as UsageError {
                output.standardError("error: \(error.description)\n")
                output.standardError("Run 'statussync \(command.spec.name) --help' for usage.\n")
                return .usage
            } catch let error as ConfigurationError {
                for line in error.lines { output.standardError("error: \(line)\n") }
                return .failure
            } catch {
                output.standardError("error: \(oneLine(error))\n")
                return .failure
            }
        }
    }

    /// The help command to suggest after a usage error: the command's own when it is known.
    private static func helpHint(for arguments: [String]) -> String {
        let words = arguments.prefix { !$0.hasPrefix("-") }
        for length in stride(from: min(words.count, 2), through: 1, by: -1) {
            if let spec = CommandCatalog.command(Array(words.prefix(length))) {
                return "statussync \(spec.name) --help"
            }
        }
        return "statussync --help"
    }

    /// An error as one line of text: its description, with line breaks folded.
    static func oneLine(_ error: any Error) -> String {
        let text = (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
