import StatusSyncCLI
import Testing

@Suite struct StatusSyncCLITests {
    @Test func mainHelpListsEveryCommandAndExitCode() async {
        let result = await runCLI(["--help"])
        #expect(result.status == .success)
        for command in CommandCatalog.all {
            #expect(result.standardOutput.contains("  \(command.name) "), "missing \(command.name)")
        }
        for code in ["0 ", "1 ", "2 ", "64"] { #expect(result.standardOutput.contains("  \(code)")) }
        #expect(result.standardError.isEmpty)
    }

    @Test(arguments: CommandCatalog.all)
    func everyCommandHasItsOwnHelp(command: CommandSpec) async {
        let result = await runCLI(command.words + ["--help"])
        #expect(result.status == .success)
        let help = result.standardOutput
        #expect(help.hasPrefix("USAGE: statussync \(command.name)"))
        #expect(help.contains(command.summary))
        for argument in command.arguments { #expect(help.contains(argument.name)) }
        for option in command.options + OptionSpec.global { #expect(help.contains(option.name), "\(option.name)") }
        #expect(help.contains("EXAMPLES:"))
    }

    @Test func unknownCommandExits64WithOneErrorLineAndAHint() async {
        let result = await runCLI(["nosuchcommand"])
        #expect(result.status == .usage)
        #expect(result.standardOutput.isEmpty)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines == ["error: unknown command 'nosuchcommand'", "Run 'statussync --help' for usage."])
    }

    @Test func usageErrorsPointAtTheCommandsHelp() async {
        let result = await runCLI(["plan", "migrate", "--format", "yaml"])
        #expect(result.status == .usage)
        #expect(result.standardError.hasSuffix("Run 'statussync plan --help' for usage.\n"))
        #expect(result.standardError.split(separator: "\n").count == 2)
    }

    @Test func noArgumentsShowsTheMainHelp() async {
        let result = await runCLI([])
        #expect(result.status == .success)
        #expect(result.standardOutput == HelpFormatter.mainHelp())
    }

    @Test func everyCommandInTheCatalogHasARunner() {
        #expect(Set(CommandRegistry.runners.keys) == Set((CommandCatalog.all + CommandCatalog.hidden).map(\.name)))
    }
}

@Suite struct TerminalStyleTests {
    @Test(arguments: [
        (true, false, [String: String](), true), (false, false, [:], false), (true, true, [:], false),
        (true, false, ["NO_COLOR": "1"], false), (true, false, ["NO_COLOR": ""], true),
        (true, false, ["TERM": "dumb"], false),
    ])
    func coloursOnlyOnATerminalWithoutOptOut(
        isTerminal: Bool, disablesColor: Bool, environment: [String: String], expected: Bool
    ) {
        let style = TerminalStyle(isTerminal: isTerminal, disablesColor: disablesColor, environment: environment)
        #expect(style.isEnabled == expected)
        #expect((style.green("x") != "x") == expected)
    }
}
