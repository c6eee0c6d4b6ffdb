import Foundation
import StatusSyncCore

/// `statussync config check [--online]`: checks the configuration, its mapping files and API key variables.
///
/// Every check is a line, `ok` or `problem`, so every problem shows at once:
///
/// ```
/// ok       configuration statussync.json: 2 accounts, 1 pair
/// ok       account old (Freshstatus): FRESHSTATUS_API_KEY is set; an authenticated read answered in 0.12 s
/// problem  account new (StatusHub): STATUSHUB_API_KEY is not set
/// ok       pair migrate (old → new): mapping freshstatus-to-statushub.json, Freshstatus → StatusHub
/// ```
///
/// A key's value is never printed. Exits 0 when every check passed, 1 otherwise.
enum ConfigCheckCommand {
    /// One check and its outcome.
    struct Check: Encodable {
        /// `configuration`, `account` or `pair`.
        var kind: String
        /// The account's or pair's name; the file's path for the configuration.
        var name: String
        /// Whether the check passed.
        var ok: Bool
        /// What was found, in one line.
        var detail: String
    }

    /// The whole report, as `--format json` prints it.
    struct Report: Encodable {
        var formatVersion = JSONOutput.formatVersion
        var command = "config check"
        var configuration: String
        var online: Bool
        var ok: Bool { checks.allSatisfy(\.ok) }
        var checks: [Check] = []

        enum CodingKeys: String, CodingKey { case formatVersion, command, configuration, online, ok, checks }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(formatVersion, forKey: .formatVersion)
            try container.encode(command, forKey: .command)
            try container.encode(configuration, forKey: .configuration)
            try container.encode(online, forKey: .online)
            try container.encode(ok, forKey: .ok)
            try container.encode(checks, forKey: .checks)
        }
    }

    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let online = context.command.flag("--online")
        let report = await check(context, online: online)
        if JSONOutput.isRequested(by: context) {
            context.result(try JSONOutput.document(report))
        } else {
            for check in report.checks {
                context.result((check.ok ? "ok       " : "problem  ") + "\(check.kind) \(check.name): \(check.detail)")
            }
        }
        let problems = report.checks.count { !$0.ok }
        guard problems == 0 else {
            context.output.standardError(
                "error: \(report.configuration): \(problems) problem\(problems == 1 ? "" : "s") (listed above)\n")
            return .failure
        }
        return .success
    }

    /// Runs every check.
    static func check(_ context: CommandContext, online: Bool) async -> Report {
        let path = context.configurationPath
        var report = Report(configuration: path, online: online)
        func add(_ kind: String, _ name: String, _ ok: Bool, _ detail: String) {
            report.checks.append(Check(kind: kind, name: name, ok: ok, detail: detail))
        }
        guard FileManager.default.fileExists(atPath: path) else {
            add("configuration", path, false, "no such file; 'statussync init' writes a starter one")
            return report
        }
        let configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(path: path)
        } catch .invalid(_, let problems) {
            for problem in problems { add("configuration", path, false, problem) }
            return report
        } catch {
            add("configuration", path, false, error.description)
            return report
        }
        let accountCount = configuration.accounts.count
        let pairCount = configuration.pairs.count
        add(
            "configuration", path, true,
            "\(accountCount) account\(accountCount == 1 ? "" : "s"), \(pairCount) pair\(pairCount == 1 ? "" : "s")")

        // The accounts are checked at once, so unreachable hosts cost one retry budget, not one per account.
        let accounts = configuration.accounts.values.sorted { $0.name < $1.name }
        let outcomes = await withTaskGroup(of: (Int, Bool, String).self) { group in
            for (index, account) in accounts.enumerated() {
                group.addTask {
                    let (ok, detail) = await check(account, context: context, online: online)
                    return (index, ok, detail)
                }
            }
            var outcomes: [(Int, Bool, String)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }
        }
        for (index, ok, detail) in outcomes {
            let account = accounts[index]
            add("account", "\(account.name) (\(account.provider.displayName))", ok, detail)
        }
        for pair in configuration.pairs.values.sorted(by: { $0.name < $1.name }) {
            for (ok, detail) in check(pair, configuration: configuration) {
                add("pair", "\(pair.name) (\(pair.source) → \(pair.target))", ok, detail)
            }
        }
        return report
    }

    /// The key variable is set (its value never shown) and, online, one authenticated read answers.
    private static func check(
        _ account: Account, context: CommandContext, online: Bool
    ) async -> (ok: Bool, detail: String) {
        guard let key = context.environment[account.apiKeyEnv], !key.isEmpty else {
            return (false, "\(account.apiKeyEnv) is not set; export the account's API key in it")
        }
        guard online else { return (true, "\(account.apiKeyEnv) is set") }
        let started = ContinuousClock.now
        do {
            let client = try ProviderFactory.makeClient(
                for: account, environment: context.environment, timeout: .seconds(15))
            _ = try await client.provider.read(.group)
            let seconds = (ContinuousClock.now - started).timeInterval
            return (
                true,
                "\(account.apiKeyEnv) is set; an authenticated read of \(try account.baseURL.absoluteString) answered in "
                    + String(format: "%.2f s", seconds)
            )
        } catch {
            return (false, StatusSyncCLI.oneLine(error))
        }
    }

    /// The pair's mapping file is valid and maps the pair's providers: one outcome, or one per problem.
    private static func check(_ pair: Pair, configuration: Configuration) -> [(ok: Bool, detail: String)] {
        let mapping: MappingFile
        do {
            mapping = try MappingLoader.load(path: pair.mapping)
        } catch .invalid(_, let problems) {
            return problems.map { (false, "mapping \(pair.mapping): \($0)") }
        } catch {
            return [(false, error.description)]
        }
        guard let source = configuration.accounts[pair.source], let target = configuration.accounts[pair.target]
        else {
            return [(false, "names an account the configuration does not define")]
        }
        let found = "\(mapping.source.displayName) → \(mapping.target.displayName)"
        guard mapping.source == source.provider, mapping.target == target.provider else {
            return [
                (
                    false,
                    "mapping \(pair.mapping) maps \(found), but the pair is "
                        + "\(source.provider.displayName) → \(target.provider.displayName)"
                )
            ]
        }
        return [(true, "mapping \(pair.mapping), \(found)")]
    }
}
