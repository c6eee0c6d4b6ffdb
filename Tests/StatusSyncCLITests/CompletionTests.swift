import Foundation
import StatusSyncCLI
import Testing

/// `statussync completion bash|zsh|fish` and the hidden `__complete` it calls back.
@Suite struct CompletionTests {
    /// A temporary directory holding the completion script and a configuration with two pairs.
    private struct Scratch {
        let directory: String

        init(shell: String) async throws {
            directory =
                FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let script = await runCLI(["completion", shell])
            #expect(script.status == .success)
            try Data(script.standardOutput.utf8).write(to: URL(fileURLWithPath: scriptPath))
            let configuration = """
                {"version": 1, "accounts": {
                   "old": {"provider": "freshstatus", "subdomain": "acme", "apiKeyEnv": "FS_KEY"},
                   "new": {"provider": "statushub", "account": "acme", "hub": "h", "apiKeyEnv": "SH_KEY"}},
                 "pairs": {"migrate": {"source": "old", "target": "new", "mapping": "m.json"},
                           "mirror": {"source": "new", "target": "old", "mapping": "m.json"}}}
                """
            try Data(configuration.utf8).write(to: URL(fileURLWithPath: configPath))
        }

        var scriptPath: String { directory + "/completion" }
        var configPath: String { directory + "/statussync.json" }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    @Test(
        .enabled(if: ExternalProgram.isInstalled("bash"), "bash is not installed"),
        arguments: [
            (["statussync", "pl"], ["plan"]),
            (["statussync", "plan", "--fo"], ["--force", "--format"]),
            (["statussync", "plan", "migrate", "--format", ""], ["html", "json", "markdown", "text"]),
            (["statussync", "mapping", ""], ["check"]),
            (["statussync", "state", "show", "--format", "j"], ["json"]),
            (["statussync", "completion", ""], ["bash", "fish", "zsh"]),
            (["statussync", "--quiet", "sn"], ["snapshot"]),
            (["statussync", "help", "emu"], ["emulate"]),
        ])
    func bashCompletesCommandsOptionsAndTheirValues(line: [String], expected: [String]) async throws {
        let scratch = try await Scratch(shell: "bash")
        defer { scratch.remove() }
        let offered = try bashComplete(line, script: scratch.scriptPath)
        #expect(offered == expected, "\(line)")
    }

    @Test(.enabled(if: ExternalProgram.isInstalled("bash"), "bash is not installed"))
    func bashCompletesPairAndAccountNamesFromTheConfiguration() async throws {
        let scratch = try await Scratch(shell: "bash")
        defer { scratch.remove() }
        let binary = try KillResumeTests.binary().path
        let pairs = try bashComplete(
            [binary, "plan", "--config", scratch.configPath, "m"], script: scratch.scriptPath)
        #expect(pairs == ["migrate", "mirror"])
        let accounts = try bashComplete(
            [binary, "snapshot", "--config", scratch.configPath, "n"], script: scratch.scriptPath)
        #expect(accounts == ["new"])
    }

    @Test(.enabled(if: ExternalProgram.isInstalled("fish"), "fish is not installed"))
    func fishCompletesCommandsOptionsValuesAndNames() async throws {
        let scratch = try await Scratch(shell: "fish")
        defer { scratch.remove() }
        let fish = try #require(ExternalProgram("fish"))
        let binary = try KillResumeTests.binary()
        let path = binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        func complete(_ line: String) throws -> [String] {
            let outcome = try fish.run(
                ["--no-config", "-c", "source \(scratch.scriptPath); complete -C '\(line)'"],
                environment: ["PATH": path, "HOME": scratch.directory])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            return outcome.standardOutput.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }.sorted()
        }
        #expect(try complete("statussync pl") == ["plan"])
        #expect(try complete("statussync plan --fo") == ["--force", "--format"])
        #expect(try complete("statussync plan --format ") == ["html", "json", "markdown", "text"])
        #expect(try complete("statussync config ") == ["check"])
        #expect(try complete("statussync plan --config \(scratch.configPath) m") == ["migrate", "mirror"])
    }

    @Test(.enabled(if: ExternalProgram.isInstalled("zsh"), "zsh is not installed"))
    func zshOffersCommandsOptionValuesNamesAndFiles() async throws {
        let scratch = try await Scratch(shell: "zsh")
        defer { scratch.remove() }
        let zsh = try #require(ExternalProgram("zsh"))
        let binary = try KillResumeTests.binary().path
        // Outside a completion widget, zsh's completion builtins are stood in for by functions that print
        // what they are given; `words` and `CURRENT` are set as zsh sets them.
        func complete(_ words: [String]) throws -> [String] {
            let quoted = words.map(\.shellQuotedForTest).joined(separator: " ")
            let driver = """
                compdef() { :; }
                _describe() { local -a items; items=("${(@P)2}"); print -l -- ${items%%:*}; }
                compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }
                _files() { print -- "<files $*>"; }
                source \(scratch.scriptPath.shellQuotedForTest)
                words=(\(quoted)); CURRENT=\(words.count)
                _statussync
                """
            let outcome = try zsh.run(["-f", "-c", driver])
            #expect(outcome.standardError.isEmpty, "\(outcome.standardError)")
            return outcome.standardOutput.split(separator: "\n").map(String.init).sorted()
        }
        #expect(try complete(["statussync", "pl"]).contains("plan"))
        #expect(try complete(["statussync", "plan", "--fo"]).contains("--format"))
        #expect(try complete(["statussync", "plan", "--format", ""]) == ["html", "json", "markdown", "text"])
        #expect(try complete(["statussync", "config", ""]) == ["check"])
        #expect(try complete([binary, "plan", "--config", scratch.configPath, ""]) == ["migrate", "mirror"])
        #expect(try complete(["statussync", "mapping", "check", ""]) == ["<files >"])
    }

    @Test(.enabled(if: ExternalProgram.isInstalled("bash"), "bash is not installed"))
    func theBashScriptIsValidBash() async throws { try await checkSyntax("bash") }

    @Test(.enabled(if: ExternalProgram.isInstalled("zsh"), "zsh is not installed"))
    func theZshScriptIsValidZsh() async throws { try await checkSyntax("zsh") }

    @Test(.enabled(if: ExternalProgram.isInstalled("fish"), "fish is not installed"))
    func theFishScriptIsValidFish() async throws { try await checkSyntax("fish") }

    /// `SHELL -n` (parse without running) on the generated script finds nothing to say.
    private func checkSyntax(_ shell: String) async throws {
        let program = try #require(ExternalProgram(shell))
        let scratch = try await Scratch(shell: shell)
        defer { scratch.remove() }
        let outcome = try program.run(["-n", scratch.scriptPath])
        #expect(outcome.status == 0, "\(shell) -n: \(outcome.standardError)")
        #expect(outcome.standardError.isEmpty, "\(outcome.standardError)")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func everyScriptOffersEveryCommandAndOption(shell: String) async {
        let script = await runCLI(["completion", shell]).standardOutput
        for command in CommandCatalog.all {
            for word in command.words { #expect(script.contains(word), "\(shell): \(command.name)") }
            for option in command.options {
                let name = shell == "fish" ? "-l " + option.name.dropFirst(2) : option.name
                #expect(script.contains(name), "\(shell): \(command.name) \(option.name)")
            }
        }
        #expect(!script.contains("__complete pairs"), "the hidden command is called, never offered")
    }

    @Test func anUnknownShellIsAUsageError() async {
        let result = await runCLI(["completion", "tcsh"])
        #expect(result.status == .usage)
        #expect(result.standardError.hasPrefix("error: "))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func theCallbackPrintsNamesAndStaysSilentWithoutAConfiguration() async throws {
        let scratch = try await Scratch(shell: "bash")
        defer { scratch.remove() }
        let pairs = await runCLI(["__complete", "pairs", "--config", scratch.configPath])
        #expect(pairs.status == .success)
        #expect(pairs.standardOutput == "migrate\nmirror\n")
        let accounts = await runCLI(["__complete", "accounts", "--config", scratch.configPath])
        #expect(accounts.standardOutput == "new\nold\n")
        let missing = await runCLI(["__complete", "pairs", "--config", scratch.directory + "/none.json"])
        #expect(missing.status == .success)
        #expect(missing.standardOutput.isEmpty && missing.standardError.isEmpty)
    }

    @Test func theCallbackIsHiddenFromTheHelp() async {
        let help = await runCLI(["--help"])
        #expect(!help.standardOutput.contains("__complete"))
        #expect(help.standardOutput.contains("  completion "))
    }

    /// Sources the bash script, sets `COMP_WORDS` to `line` (its last word being completed), calls the
    /// completion function and returns the words it offered, sorted.
    private func bashComplete(_ line: [String], script: String) throws -> [String] {
        let bash = try #require(ExternalProgram("bash"))
        let words = line.map(\.shellQuotedForTest).joined(separator: " ")
        let driver = """
            source \(script.shellQuotedForTest)
            COMP_WORDS=(\(words))
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            _statussync
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let outcome = try bash.run(["--norc", "--noprofile", "-c", driver])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.isEmpty, "\(outcome.standardError)")
        return outcome.standardOutput.split(separator: "\n").map(String.init).sorted()
    }
}

extension String {
    /// The text as one single-quoted shell word.
    fileprivate var shellQuotedForTest: String {
        "'" + replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
