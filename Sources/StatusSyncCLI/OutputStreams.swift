import Foundation
import StatusSyncCore

/// Where a command writes: standard output for results, standard error for diagnostics and
/// progress, plus which of them are terminals (colour, progress and prompts need one).
package struct OutputStreams: Sendable {
    /// Writes text to standard output.
    package var standardOutput: @Sendable (String) -> Void
    /// Writes text to standard error.
    package var standardError: @Sendable (String) -> Void
    /// Whether standard output is a terminal (colour is used only then).
    package var isOutputTerminal: Bool
    /// Whether standard error is a terminal (progress with an ETA is drawn only then).
    package var isErrorTerminal: Bool
    /// Whether standard input is an interactive terminal (a confirmation can be asked).
    package var isInteractive: Bool
    /// Reads one line from standard input, or `nil` at its end.
    package var readLine: @Sendable () -> String?

    /// Creates streams from closures; tests capture the text this way.
    package init(
        standardOutput: @escaping @Sendable (String) -> Void,
        standardError: @escaping @Sendable (String) -> Void,
        isOutputTerminal: Bool = false,
        isErrorTerminal: Bool = false,
        isInteractive: Bool = false,
        readLine: @escaping @Sendable () -> String? = { nil }
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.isOutputTerminal = isOutputTerminal
        self.isErrorTerminal = isErrorTerminal
        self.isInteractive = isInteractive
        self.readLine = readLine
    }

    /// The process's own standard output and error.
    package static var standard: OutputStreams {
        OutputStreams(
            standardOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
            standardError: { FileHandle.standardError.write(Data($0.utf8)) },
            isOutputTerminal: isatty(STDOUT_FILENO) == 1,
            isErrorTerminal: isatty(STDERR_FILENO) == 1,
            isInteractive: isatty(STDIN_FILENO) == 1,
            readLine: { Swift.readLine(strippingNewline: true) }
        )
    }
}

extension OutputStreams {
    /// The same streams, with every line passed through `redactor` first.
    package func redacting(with redactor: SecretRedactor) -> OutputStreams {
        var streams = self
        let (output, error) = (standardOutput, standardError)
        streams.standardOutput = { output(redactor.redact($0)) }
        streams.standardError = { error(redactor.redact($0)) }
        return streams
    }
}
