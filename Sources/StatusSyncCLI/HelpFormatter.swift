import Foundation

/// Renders the main help and each command's help from the ``CommandCatalog``.
package enum HelpFormatter {
    /// The version `--version` prints (defined in ``BuildInfo``).
    package static var version: String { BuildInfo.version }

    /// The list of commands, global options and exit codes.
    package static func mainHelp() -> String {
        var lines = [
            "statussync \(version): migrate and mirror status-page data between Freshstatus and StatusHub.",
            "",
            "USAGE: statussync <command> [arguments] [options]",
            "",
            "COMMANDS:",
        ]
        let width = CommandCatalog.all.map(\.name.count).max() ?? 0
        for command in CommandCatalog.all {
            lines.append(
                "  " + command.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary)
        }
        let globals = OptionSpec.global + [versionOption]
        lines += ["", "GLOBAL OPTIONS:"] + optionLines(globals, width: labelWidth(globals))
        lines += [
            "",
            "EXIT CODES:",
            "  0   done, or no changes",
            "  1   error",
            "  2   changes pending (plan --detailed-exitcode)",
            "  64  bad usage",
            "",
            "Start with 'statussync demo'. See 'statussync <command> --help' for a command's options.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One command's usage line, discussion, arguments, options and examples.
    package static func help(for command: CommandSpec) -> String {
        let arguments = command.arguments.map(\.name).joined(separator: " ")
        var lines = [
            "USAGE: statussync \(command.name)" + (arguments.isEmpty ? "" : " \(arguments)") + " [options]",
            "",
            command.summary + ".",
            "",
        ]
        lines += command.discussion.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !command.arguments.isEmpty {
            let width = command.arguments.map(\.name.count).max() ?? 0
            lines += ["", "ARGUMENTS:"]
            lines += command.arguments.map {
                "  " + $0.name.padding(toLength: max(width + 2, 24), withPad: " ", startingAt: 0) + $0.help
            }
        }
        let width = labelWidth(command.options + OptionSpec.global)
        if !command.options.isEmpty {
            lines += ["", "OPTIONS:"] + optionLines(command.options, width: width)
        }
        lines += ["", "GLOBAL OPTIONS:"] + optionLines(OptionSpec.global, width: width)
        if !command.examples.isEmpty {
            lines += ["", "EXAMPLES:"] + command.examples.map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static let versionOption = OptionSpec("--version", .flag, help: "print the version")

    private static func label(_ option: OptionSpec) -> String {
        [option.alias, option.name].compactMap { $0 }.joined(separator: ", ")
            + (option.kind.placeholder.map { " " + $0 } ?? "")
    }

    private static func labelWidth(_ options: [OptionSpec]) -> Int {
        max((options.map { label($0).count }.max() ?? 0) + 2, 24)
    }

    private static func optionLines(_ options: [OptionSpec], width: Int) -> [String] {
        options.map { "  " + label($0).padding(toLength: width, withPad: " ", startingAt: 0) + $0.help }
    }
}
