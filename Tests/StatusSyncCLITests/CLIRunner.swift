import StatusSyncCLI
import StatusSyncTestSupport

/// The outcome of one in-process run of the command line.
struct CLIResult {
    var status: ExitStatus
    var standardOutput: String
    var standardError: String
}

/// Runs `statussync` in-process with captured streams.
func runCLI(
    _ arguments: [String], environment: [String: String] = [:], isTerminal: Bool = false, interactive: Bool = false,
    answer: String? = nil
) async -> CLIResult {
    let out = CapturedText()
    let err = CapturedText()
    let streams = OutputStreams(
        standardOutput: { out.append($0) }, standardError: { err.append($0) }, isOutputTerminal: isTerminal,
        isErrorTerminal: isTerminal, isInteractive: interactive, readLine: { answer })
    let status = await StatusSyncCLI.run(arguments: arguments, environment: environment, output: streams)
    return CLIResult(status: status, standardOutput: out.text, standardError: err.text)
}
