import Foundation
import StatusSyncCore

/// `statussync completion bash|zsh|fish`: prints the shell's completion script.
enum CompletionCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let name = context.command.argument("SHELL")
        guard let shell = CompletionShell(rawValue: name) else {
            throw UsageError.invalidValue(option: "SHELL", value: name, expected: "bash, zsh or fish")
        }
        context.output.standardOutput(script(for: shell))
        return .success
    }

    /// The completion script for `shell`, generated from ``CommandCatalog``.
    static func script(for shell: CompletionShell) -> String {
        switch shell {
        case .bash: BashCompletion.script()
        case .zsh: ZshCompletion.script()
        case .fish: FishCompletion.script()
        }
    }
}

/// `statussync __complete pairs|accounts`: the names a completion script offers, one a line.
///
/// Quiet by design: a missing or broken configuration prints nothing and exits 0, so pressing
/// Tab never shows an error in the middle of a command line.
enum CompleteNamesCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        guard let configuration = try? ConfigurationLoader.load(path: context.configurationPath) else {
            return .success
        }
        let names: [String]
        switch context.command.argument("KIND") {
        case "pairs": names = configuration.pairs.keys.sorted()
        case "accounts": names = configuration.accounts.keys.sorted()
        default: names = []
        }
        for name in names { context.result(name) }
        return .success
    }
}
