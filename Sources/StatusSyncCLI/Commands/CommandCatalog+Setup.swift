import StatusSyncCore

/// The commands that set statussync up in a shell and a directory: `init`, `config check`, `completion`.
extension CommandCatalog {
    /// The providers `init` writes a starter for: every provider statussync speaks to.
    static let providerChoice = ValueKind.choice(ProviderID.allCases.map(\.rawValue))

    static let initialize = CommandSpec(
        ["init"],
        summary: "Write a starter statussync.json and its mapping file",
        discussion: """
            Writes a configuration with a source account 'old', a target account 'new' and a pair
            'migrate' between them, and copies the shipped mapping file for the two providers next to it.
            Fill in the subdomain (Freshstatus) or the account and hub (StatusHub), export the API key
            variables it names, then run 'statussync config check --online'. Refuses to overwrite either
            file. The path is --config FILE, else ./statussync.json.
            """,
        options: [
            OptionSpec("--source", providerChoice, help: "the source account's provider (default: freshstatus)"),
            OptionSpec("--target", providerChoice, help: "the target account's provider (default: statushub)"),
        ],
        examples: [
            "statussync init", "statussync init --source statushub --target statushub --config mirror.json",
        ]
    )

    static let configCheck = CommandSpec(
        ["config", "check"],
        summary: "Check the configuration, its mapping files and its API key variables",
        discussion: """
            Validates the configuration file and every pair's mapping file, and checks that each account's
            API key variable is set (its value is never printed). With --online, makes one cheap
            authenticated read per account, so a wrong key or an unreachable host shows before a real run.
            Lists every problem; exits 0 when there is none, 1 otherwise.
            """,
        options: [
            OptionSpec("--online", .flag, help: "also make one authenticated read per account"),
            textOrJSON,
        ],
        examples: ["statussync config check", "statussync config check --online --config /etc/statussync.json"]
    )

    static let completion = CommandSpec(
        ["completion"],
        summary: "Print a shell completion script for bash, zsh or fish",
        discussion: """
            Prints a script that completes commands, options, their values, and pair and account names
            (read from the configuration when you press Tab, through a hidden 'statussync __complete').
            Load it from your shell's start-up file, or install it where your shell looks for completions.
            """,
        arguments: [ArgumentSpec("SHELL", help: "bash, zsh or fish")],
        examples: [
            "source <(statussync completion bash)        # in ~/.bashrc",
            "statussync completion zsh > \"${fpath[1]}/_statussync\"",
            "statussync completion fish > ~/.config/fish/completions/statussync.fish",
        ]
    )

    /// What a completion script calls back: the pair or account names of the configuration, one a line.
    static let completeNames = CommandSpec(
        ["__complete"],
        summary: "Print the configuration's pair or account names, for completion scripts",
        discussion: "Prints nothing and exits 0 when the configuration cannot be read.",
        arguments: [ArgumentSpec("KIND", help: "pairs or accounts")]
    )
}
