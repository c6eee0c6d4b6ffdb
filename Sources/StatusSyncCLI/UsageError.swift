import Foundation

/// A command line statussync cannot run; reported with exit status 64 and a usage hint.
package enum UsageError: Error, Hashable {
    /// The first word is not a command; `suggestion` is a close match, if any.
    case unknownCommand(String, suggestion: String?)
    /// A command that groups subcommands (`mapping`, `state`) was given none, or an unknown one.
    case unknownSubcommand(command: String, given: String?, available: [String])
    /// An option the command does not accept.
    case unknownOption(String, command: String, suggestion: String?)
    /// An option that needs a value was given none.
    case missingValue(option: String)
    /// A flag was given a value (`--yes=no`).
    case unexpectedValue(option: String)
    /// An option's value is not one the option accepts.
    case invalidValue(option: String, value: String, expected: String)
    /// A required argument is missing.
    case missingArgument(name: String, command: String)
    /// More positional arguments than the command takes.
    case unexpectedArgument(String, command: String)
    /// Two options that cannot be used together.
    case conflictingOptions(String, String)
    /// An option that needs another option (`--interval` without `--watch`).
    case requiresOption(String, requires: String)
}

extension UsageError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .unknownCommand(let command, let suggestion):
            "unknown command '\(command)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .unknownSubcommand(let command, let given, let available):
            (given.map { "unknown subcommand '\(command) \($0)'" } ?? "'\(command)' needs a subcommand")
                + " (available: \(available.joined(separator: ", ")))"
        case .unknownOption(let option, let command, let suggestion):
            "'\(command)' has no option '\(option)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .missingValue(let option):
            "option '\(option)' needs a value"
        case .unexpectedValue(let option):
            "option '\(option)' is a flag and takes no value"
        case .invalidValue(let option, let value, let expected):
            "invalid value '\(value)' for '\(option)': expected \(expected)"
        case .missingArgument(let name, let command):
            "'\(command)' needs the argument \(name)"
        case .unexpectedArgument(let argument, let command):
            "'\(command)' does not take the argument '\(argument)'"
        case .conflictingOptions(let first, let second):
            "'\(first)' and '\(second)' cannot be used together"
        case .requiresOption(let option, let requires):
            "'\(option)' needs '\(requires)'"
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension UsageError: LocalizedError {
    package var errorDescription: String? { description }
}
