import StatusSyncCore

/// What a command accepts and how it explains itself: the table the parser and the help share.
package struct CommandSpec: Sendable, Hashable {
    /// The command's words after `statussync`, such as `["mapping", "check"]`.
    package var words: [String]
    /// One line for the command list.
    package var summary: String
    /// Paragraphs shown by `--help` after the usage line.
    package var discussion: String
    /// Positional arguments, in order; every one is required.
    package var arguments: [ArgumentSpec]
    /// The command's own options (the global ones are added by the parser).
    package var options: [OptionSpec]
    /// Example command lines for the help.
    package var examples: [String]

    /// The command's name as typed: `plan`, `mapping check`.
    package var name: String { words.joined(separator: " ") }

    /// Creates a command specification.
    package init(
        _ words: [String], summary: String, discussion: String, arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [], examples: [String] = []
    ) {
        self.words = words
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.examples = examples
    }

    /// The option named `name` (`--format`), among the command's own and the global options.
    package func option(named name: String) -> OptionSpec? {
        (options + OptionSpec.global).first { $0.name == name || $0.alias == name }
    }
}

/// A positional argument.
package struct ArgumentSpec: Sendable, Hashable {
    /// The placeholder shown in usage, such as `PAIR`.
    package var name: String
    /// What to pass.
    package var help: String

    /// Creates an argument specification.
    package init(_ name: String, help: String) {
        self.name = name
        self.help = help
    }
}

/// An option: a flag (`--yes`) or a name with a value (`--format json`, `--format=json`).
package struct OptionSpec: Sendable, Hashable {
    /// The long name, with its dashes: `--format`.
    package var name: String
    /// A short alias, if any: `-h`.
    package var alias: String?
    /// What the option's value must be; ``ValueKind/flag`` for flags.
    package var kind: ValueKind
    /// One line of help.
    package var help: String

    /// Creates an option specification.
    package init(_ name: String, alias: String? = nil, _ kind: ValueKind, help: String) {
        self.name = name
        self.alias = alias
        self.kind = kind
        self.help = help
    }

    /// Whether the option takes no value.
    package var isFlag: Bool { kind == .flag }

    /// The options every command accepts.
    package static let global: [OptionSpec] = [
        OptionSpec("--config", .value("FILE"), help: "configuration file (default: ./statussync.json)"),
        OptionSpec(
            "--store", .value("DIR"), help: "store directory (default: the configuration's \"store\", else .statussync)"
        ),
        OptionSpec("--verbose", .flag, help: "log each HTTP call: method, path, status, duration (never a secret)"),
        OptionSpec("--quiet", .flag, help: "print only results and errors"),
        OptionSpec("--no-color", .flag, help: "no colour in output (also: the NO_COLOR environment variable)"),
        OptionSpec("--help", alias: "-h", .flag, help: "show this help"),
    ]
}

/// The values an option accepts; the parser checks them before any command runs.
package enum ValueKind: Sendable, Hashable {
    /// No value: the option is a switch.
    case flag
    /// Any non-empty text; the associated name is the placeholder in help (`FILE`).
    case value(String)
    /// One of a fixed set of words.
    case choice([String])
    /// A whole number within the range; the associated name is the placeholder in help.
    case integer(String, ClosedRange<Int>)
    /// A number from 0 to 1.
    case probability
    /// A duration such as `90s`, `5m`, `1h` or `250ms`.
    case duration

    /// The placeholder shown in help, such as `FILE` or `text|json`.
    package var placeholder: String? {
        switch self {
        case .flag: nil
        case .value(let name), .integer(let name, _): name
        case .choice(let words): words.joined(separator: "|")
        case .probability: "P"
        case .duration: "DURATION"
        }
    }

    /// What an accepted value looks like, for error messages.
    package var expectation: String {
        switch self {
        case .flag: "no value"
        case .value: "a non-empty value"
        case .choice(let words): "one of " + words.joined(separator: ", ")
        case .integer(_, let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .probability: "a number from 0 to 1"
        case .duration: "a duration such as 30s, 5m, 1h or 250ms"
        }
    }

    /// Whether `value` is acceptable.
    package func accepts(_ value: String) -> Bool {
        switch self {
        case .flag: false
        case .value: !value.isEmpty
        case .choice(let words): words.contains(value)
        case .integer(_, let range): Int(value).map(range.contains) ?? false
        case .probability: Double(value).map { (0...1).contains($0) } ?? false
        case .duration: DurationParser.parse(value) != nil
        }
    }
}
