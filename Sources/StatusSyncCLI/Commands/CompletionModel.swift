import Foundation

/// What a shell may offer for an argument or an option's value.
enum CompletionSource: Hashable {
    /// Nothing: the user types it (a number, a duration, free text).
    case none
    /// One of a fixed set of words.
    case words([String])
    /// A file name.
    case files
    /// A directory name.
    case directories
    /// Names read from the configuration when the user presses Tab: `pairs` or `accounts`.
    case names(String)
}

extension ArgumentSpec {
    /// What a shell offers for this argument, by the placeholder every command uses for it.
    var completion: CompletionSource {
        switch name {
        case "PAIR": .names("pairs")
        case "ACCOUNT": .names("accounts")
        case "FILE": .files
        case "PROVIDER": .words(["freshstatus", "statushub"])
        case "SHELL": .words(CompletionShell.allCases.map(\.rawValue))
        case "KIND": .words(["pairs", "accounts"])
        default: .none
        }
    }
}

extension ValueKind {
    /// What a shell offers for an option of this kind.
    var completion: CompletionSource {
        switch self {
        case .choice(let words): .words(words)
        case .value("FILE"): .files
        case .value("DIR"): .directories
        case .flag, .value, .integer, .probability, .duration: .none
        }
    }
}

/// The shells `statussync completion` writes scripts for.
enum CompletionShell: String, CaseIterable {
    case bash, zsh, fish
}

/// The command table as a completion script sees it: the words that start a command line, the
/// subcommands of each group, every command's options and what its arguments and values complete to.
///
/// Built from ``CommandCatalog`` (hidden commands left out), so the scripts follow the parser.
struct CompletionModel {
    /// A word a shell can offer, with the one-line description shells that show one display.
    struct Word: Hashable {
        var word: String
        var description: String
    }

    /// The commands that are offered and run.
    var commands: [CommandSpec]

    /// Reads the model from the catalog.
    init(commands: [CommandSpec] = CommandCatalog.all) {
        self.commands = commands
    }

    /// The first words of a command line: each command, each group, and `help`.
    var topWords: [Word] {
        var seen: Set<String> = []
        var words: [Word] = []
        for command in commands where seen.insert(command.words[0]).inserted {
            if let subcommands = CommandCatalog.groups[command.words[0]], command.words.count > 1 {
                words.append(
                    Word(word: command.words[0], description: "subcommands: " + subcommands.joined(separator: ", ")))
            } else {
                words.append(Word(word: command.words[0], description: command.summary))
            }
        }
        return words + [Word(word: "help", description: "Show the help of statussync or of one command")]
    }

    /// The groups (`mapping`, `state`, ...) with their subcommands, in catalog order.
    var groups: [(group: String, subcommands: [Word])] {
        var order: [String] = []
        var members: [String: [Word]] = [:]
        for command in commands where command.words.count == 2 {
            if members[command.words[0]] == nil { order.append(command.words[0]) }
            members[command.words[0], default: []].append(Word(word: command.words[1], description: command.summary))
        }
        return order.map { ($0, members[$0] ?? []) }
    }

    /// The global options and `--version`, which every command line accepts.
    var globalOptions: [OptionSpec] {
        OptionSpec.global + [OptionSpec("--version", .flag, help: "print the version")]
    }

    /// Every option that takes a value, by any name: the word after it is its value, not an argument.
    var valueOptionNames: [String] {
        let options = globalOptions + commands.flatMap(\.options)
        var names: [String] = []
        for option in options where !option.isFlag {
            for name in [option.name, option.alias].compactMap(\.self) where !names.contains(name) {
                names.append(name)
            }
        }
        return names
    }

    /// Option names for `command` (`nil`: before any command), aliases included.
    func optionNames(of command: CommandSpec?) -> [String] {
        ((command?.options ?? []) + globalOptions).flatMap { [$0.name] + [$0.alias].compactMap(\.self) }
    }
}

extension String {
    /// The text as one single-quoted word for bash and zsh: `it's` becomes `'it'\''s'`.
    var shellQuoted: String {
        "'" + replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
