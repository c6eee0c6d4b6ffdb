/// The command-line interface: parses arguments and runs a command.
package enum StatusSyncCLI {
    /// Runs one command line and returns the exit status.
    package static func run(
        arguments: [String], environment: [String: String], output: OutputStreams
    ) async -> ExitStatus {
        output.standardOutput("statussync\n")
        return .success
    }
}
