import StatusSyncCore

/// The options every command accepts, parsed.
package struct GlobalOptions: Sendable, Hashable {
    /// `--config FILE`, when given.
    package var configPath: String?
    /// `--store DIR`, when given.
    package var storePath: String?
    /// `--verbose`: log each HTTP call.
    package var isVerbose = false
    /// `--quiet`: print only results and errors.
    package var isQuiet = false
    /// `--no-color`.
    package var disablesColor = false

    /// Creates global options with everything off.
    package init() {}
}

/// A command line parsed against a ``CommandSpec``: arguments by name, option values and flags.
package struct ParsedCommand: Sendable, Hashable {
    /// The command being run.
    package var spec: CommandSpec
    /// Positional arguments by their names in the spec (`PAIR` → `migrate`).
    package var arguments: [String: String]
    /// Option values by option name (`--format` → `json`); the last occurrence wins.
    package var values: [String: String]
    /// Every value given for each option, in order, for options that may be repeated (`--pair a --pair b`).
    package var occurrences: [String: [String]] = [:]
    /// The flags given (`--yes`).
    package var flags: Set<String>
    /// The global options.
    package var global: GlobalOptions

    /// The value of argument `name` (parsing guarantees required arguments are present).
    package func argument(_ name: String) -> String { arguments[name] ?? "" }

    /// The value given for option `name`, if any.
    package func value(_ name: String) -> String? { values[name] }

    /// Every value given for option `name`, in order; empty when it was not given.
    package func values(_ name: String) -> [String] { occurrences[name] ?? [] }

    /// Whether flag `name` was given.
    package func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The integer value of option `name`, if given (parsing checked its range).
    package func integer(_ name: String) -> Int? { values[name].flatMap { Int($0) } }

    /// The numeric value of option `name`, if given.
    package func number(_ name: String) -> Double? { values[name].flatMap { Double($0) } }

    /// The duration value of option `name`, if given.
    package func duration(_ name: String) -> Duration? { values[name].flatMap(DurationParser.parse) }
}

/// What a command line asks for.
package enum Invocation: Sendable, Hashable {
    /// The list of commands (`statussync`, `statussync --help`, `statussync help`).
    case mainHelp
    /// One command's help (`statussync plan --help`, `statussync help plan`).
    case commandHelp(CommandSpec)
    /// `statussync --version`.
    case version
    /// `statussync help --man`: the manual page, in roff.
    case manual
    /// A command to run.
    case run(ParsedCommand)

    /// Parses the arguments after the program name.
    package static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        var cursor = ArgumentCursor(arguments)
        var words: [String] = []
        var spec: CommandSpec?
        var positionals: [String] = []
        var values: [String: String] = [:]
        var occurrences: [String: [String]] = [:]
        var flags: Set<String> = []
        var global = GlobalOptions()
        var wantsHelp = false
        var wantsVersion = false
        var wantsManual = false

        while let token = cursor.next() {
            switch token {
            case .positional(let word):
                if let spec {
                    guard positionals.count < spec.arguments.count else {
                        throw .unexpectedArgument(word, command: spec.name)
                    }
                    positionals.append(word)
                } else {
                    words.append(word)
                    spec = try resolve(words)
                }
            case .option(let name, let inline):
                if name == "--version" {
                    guard inline == nil else { throw .unexpectedValue(option: name) }
                    wantsVersion = true
                    continue
                }
                if name == "--man", words == ["help"] {
                    guard inline == nil else { throw .unexpectedValue(option: name) }
                    wantsManual = true
                    continue
                }
                guard let option = lookup(name, in: spec) else {
                    throw .unknownOption(
                        name, command: spec.map { "statussync \($0.name)" } ?? "statussync",
                        suggestion: suggestion(for: name, among: optionNames(spec)))
                }
                if option.isFlag {
                    guard inline == nil else { throw .unexpectedValue(option: option.name) }
                    flags.insert(option.name)
                } else {
                    let value = try cursor.value(for: option.name, inline: inline)
                    guard option.kind.accepts(value) else {
                        throw .invalidValue(option: option.name, value: value, expected: option.kind.expectation)
                    }
                    values[option.name] = value
                    occurrences[option.name, default: []].append(value)
                }
            }
        }

        wantsHelp = flags.remove("--help") != nil
        global.isVerbose = flags.remove("--verbose") != nil
        global.isQuiet = flags.remove("--quiet") != nil
        global.disablesColor = flags.remove("--no-color") != nil
        global.configPath = values.removeValue(forKey: "--config")
        global.storePath = values.removeValue(forKey: "--store")

        if words.first == "help" {
            let topic = Array(words.dropFirst()) + positionals
            if wantsManual {
                guard let extra = topic.first else { return .manual }
                throw .unexpectedArgument(extra, command: "help --man")
            }
            guard !topic.isEmpty else { return .mainHelp }
            guard let command = CommandCatalog.command(topic) else {
                throw .unknownCommand(topic.joined(separator: " "), suggestion: nil)
            }
            return .commandHelp(command)
        }
        if wantsVersion { return .version }
        if let group = words.first, spec == nil, let subcommands = CommandCatalog.groups[group] {
            if wantsHelp { return .mainHelp }
            throw .unknownSubcommand(command: group, given: nil, available: subcommands)
        }
        guard let spec else { return .mainHelp }
        if wantsHelp { return .commandHelp(spec) }
        if global.isVerbose && global.isQuiet { throw .conflictingOptions("--verbose", "--quiet") }
        guard positionals.count == spec.arguments.count else {
            throw .missingArgument(name: spec.arguments[positionals.count].name, command: spec.name)
        }
        let named = Dictionary(uniqueKeysWithValues: zip(spec.arguments.map(\.name), positionals))
        var parsed = ParsedCommand(spec: spec, arguments: named, values: values, flags: flags, global: global)
        parsed.occurrences = occurrences.filter { values[$0.key] != nil }
        return .run(parsed)
    }

    /// Resolves the command words typed so far: `nil` while a group (`mapping`) awaits its subcommand.
    private static func resolve(_ words: [String]) throws(UsageError) -> CommandSpec? {
        if words == ["help"] || words.first == "help" { return nil }
        if let command = CommandCatalog.command(words) { return command }
        if words.count == 1, CommandCatalog.groups[words[0]] != nil { return nil }
        if words.count == 2, let subcommands = CommandCatalog.groups[words[0]] {
            throw .unknownSubcommand(command: words[0], given: words[1], available: subcommands)
        }
        let names = CommandCatalog.all.map(\.name) + ["help"]
        throw .unknownCommand(words.joined(separator: " "), suggestion: suggestion(for: words[0], among: names))
    }

    /// The option `name` among the command's options and the global ones (only those before a command).
    private static func lookup(_ name: String, in spec: CommandSpec?) -> OptionSpec? {
        if let spec { return spec.option(named: name) }
        return OptionSpec.global.first { $0.name == name || $0.alias == name }
    }

    private static func optionNames(_ spec: CommandSpec?) -> [String] {
        ((spec?.options ?? []) + OptionSpec.global).map(\.name) + ["--version"]
    }

    /// The candidate closest to `word`, if it is within two edits.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        Suggestion.closest(to: word, among: candidates)
    }
}
