import StatusSyncCLI
import StatusSyncCore
import Testing

@Suite struct InvocationTests {
    private func parsed(_ arguments: [String]) throws -> ParsedCommand {
        guard case .run(let command) = try Invocation.parse(arguments) else {
            throw UsageError.unknownCommand("expected a command to run", suggestion: nil)
        }
        return command
    }

    @Test func readsValuesInBothForms() throws {
        let spaced = try parsed(["plan", "migrate", "--format", "json", "--out", "p.json"])
        let joined = try parsed(["plan", "migrate", "--format=json", "--out=p.json"])
        #expect(spaced == joined)
        #expect(spaced.argument("PAIR") == "migrate")
        #expect(spaced.value("--format") == "json")
        #expect(spaced.value("--out") == "p.json")
    }

    @Test func acceptsGlobalOptionsBeforeAndAfterTheCommand() throws {
        let before = try parsed(["--config", "c.json", "--verbose", "snapshot", "old"])
        let after = try parsed(["snapshot", "old", "--config=c.json", "--verbose"])
        #expect(before == after)
        #expect(before.global.configPath == "c.json")
        #expect(before.global.isVerbose)
        #expect(!before.global.isQuiet)
    }

    @Test func takesEverythingAfterTheTerminatorAsArguments() throws {
        let command = try parsed(["mapping", "check", "--", "--weird-name.json"])
        #expect(command.argument("FILE") == "--weird-name.json")
        #expect(command.spec.name == "mapping check")
    }

    @Test func readsFlagsAndTypedValues() throws {
        let command = try parsed([
            "emulate", "statushub", "--port", "8081", "--fail-rate", "0.25", "--paging", "link", "--no-color",
        ])
        #expect(command.integer("--port") == 8081)
        #expect(command.number("--fail-rate") == 0.25)
        #expect(command.value("--paging") == "link")
        #expect(command.global.disablesColor)
        let sync = try parsed(["sync", "mirror", "--watch", "--interval", "90s"])
        #expect(sync.flag("--watch"))
        #expect(sync.duration("--interval") == .seconds(90))
        #expect(try parsed(["apply", "migrate", "-y"]).flag("--yes"))
    }

    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("1h", .seconds(3600)),
        ("1.5h", .seconds(5400)),
    ])
    func readsDurations(text: String, expected: Duration) {
        #expect(DurationParser.parse(text) == expected)
    }

    @Test(arguments: ["", "5", "m", "-5m", "0s", "5d", "fast"])
    func rejectsMalformedDurations(text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test(arguments: [
        ([], Invocation.mainHelp), (["--help"], .mainHelp), (["-h"], .mainHelp), (["help"], .mainHelp),
        (["--version"], .version), (["mapping", "--help"], .mainHelp), (["plan", "x", "--version"], .version),
    ])
    func recognisesHelpAndVersion(arguments: [String], expected: Invocation) throws {
        #expect(try Invocation.parse(arguments) == expected)
    }

    @Test func showsCommandHelpEvenWhenArgumentsAreMissing() throws {
        let plan = try #require(CommandCatalog.command(["plan"]))
        #expect(try Invocation.parse(["plan", "--help"]) == .commandHelp(plan))
        #expect(try Invocation.parse(["help", "plan"]) == .commandHelp(plan))
        #expect(try Invocation.parse(["--help", "plan"]) == .commandHelp(plan))
        let check = try #require(CommandCatalog.command(["mapping", "check"]))
        #expect(try Invocation.parse(["help", "mapping", "check"]) == .commandHelp(check))
    }

    @Test(arguments: [
        (["nosuchcommand"], UsageError.unknownCommand("nosuchcommand", suggestion: nil)),
        (["plna", "x"], .unknownCommand("plna", suggestion: "plan")),
        (["plan"], .missingArgument(name: "PAIR", command: "plan")),
        (["plan", "a", "b"], .unexpectedArgument("b", command: "plan")),
        (
            ["plan", "a", "--fromat", "json"],
            .unknownOption("--fromat", command: "statussync plan", suggestion: "--format")
        ),
        (["plan", "a", "--yes"], .unknownOption("--yes", command: "statussync plan", suggestion: nil)),
        (["plan", "a", "--format"], .missingValue(option: "--format")),
        (["plan", "a", "--out", "--offline"], .missingValue(option: "--out")),
        (
            ["plan", "a", "--format", "yaml"],
            .invalidValue(option: "--format", value: "yaml", expected: "one of text, json, markdown, html")
        ),
        (["plan", "a", "--offline=yes"], .unexpectedValue(option: "--offline")),
        (["plan", "a", "--verbose", "--quiet"], .conflictingOptions("--verbose", "--quiet")),
        (
            ["emulate", "x", "--port", "70000"],
            .invalidValue(option: "--port", value: "70000", expected: "a whole number from 0 to 65535")
        ),
        (
            ["emulate", "x", "--fail-rate", "1.5"],
            .invalidValue(option: "--fail-rate", value: "1.5", expected: "a number from 0 to 1")
        ),
        (
            ["sync", "m", "--interval", "soon"],
            .invalidValue(option: "--interval", value: "soon", expected: "a duration such as 30s, 5m, 1h or 250ms")
        ),
        (["mapping"], .unknownSubcommand(command: "mapping", given: nil, available: ["check"])),
        (["state", "list"], .unknownSubcommand(command: "state", given: "list", available: ["show", "repair"])),
        (["--format", "json"], .unknownOption("--format", command: "statussync", suggestion: nil)),
        (["help", "nothing"], .unknownCommand("nothing", suggestion: nil)),
        (["plan", "a", "--verison"], .unknownOption("--verison", command: "statussync plan", suggestion: "--version")),
    ])
    func rejectsBadCommandLines(arguments: [String], expected: UsageError) {
        #expect(throws: expected) { try Invocation.parse(arguments) }
    }

    @Test func everyCommandInTheProductIsRegistered() {
        let names = Set(CommandCatalog.all.map(\.name))
        #expect(
            names == [
                "demo", "snapshot", "plan", "show", "apply", "sync", "serve", "verify", "emulate", "mapping check",
                "state show", "state repair", "init", "config check", "completion",
            ])
    }
}
