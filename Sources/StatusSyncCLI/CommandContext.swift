import Foundation
import StatusSyncCore

/// What a running command needs from its surroundings.
///
/// Its parsed line, the environment and the output streams: commands read nothing from the
/// process directly.
package struct CommandContext: Sendable {
    /// The parsed command line.
    package var command: ParsedCommand
    /// The environment variables (API keys are read from here, by name).
    package var environment: [String: String]
    /// Where output goes.
    package var output: OutputStreams
    /// Colours for output read by people.
    package var style: TerminalStyle
    /// The clock: plans measure "the future" and date new updates from it.
    package var now: @Sendable () -> Date
    /// What every printed line passes through (the streams given are already wrapped in it); it learns the
    /// accounts' keys as the configuration is loaded.
    package var redactor: SecretRedactor

    /// Creates a context.
    package init(
        command: ParsedCommand, environment: [String: String], output: OutputStreams,
        now: @escaping @Sendable () -> Date = { Date() }, redactor: SecretRedactor = SecretRedactor()
    ) {
        self.command = command
        self.environment = environment
        self.output = output
        self.now = now
        self.redactor = redactor
        self.style = TerminalStyle(
            isTerminal: output.isOutputTerminal, disablesColor: command.global.disablesColor, environment: environment)
    }

    /// Writes a result line to standard output.
    package func result(_ line: String) { output.standardOutput(line + "\n") }

    /// Writes an informational line to standard error, unless `--quiet`.
    package func info(_ line: String) {
        if !command.global.isQuiet { output.standardError(line + "\n") }
    }

    /// Writes a status note (what is being fetched, what is being recovered) to standard error on a
    /// terminal, or anywhere with `--verbose`: a script or a cron mail sees only results and, on a fatal
    /// error, its one line.
    package func note(_ line: String) {
        guard output.isErrorTerminal || command.global.isVerbose else { return }
        info(line)
    }

    /// Writes a warning line to standard error (shown even with `--quiet`).
    package func warn(_ line: String) { output.standardError("warning: " + line + "\n") }

    /// The configuration file's path: `--config`, else `./statussync.json`.
    package var configurationPath: String { command.global.configPath ?? "statussync.json" }

    /// Loads and validates the configuration file.
    package func loadConfiguration() throws -> Configuration {
        let path = configurationPath
        guard FileManager.default.fileExists(atPath: path) else { throw CommandError.missingConfiguration(path: path) }
        let configuration = try ConfigurationLoader.load(path: path)
        redactor.register(configuration, environment: environment)
        return configuration
    }

    /// The store directory: `--store`, else the configuration's `store`.
    package func storeDirectory(_ configuration: Configuration) -> String {
        command.global.storePath ?? configuration.store
    }
}
