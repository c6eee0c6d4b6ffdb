import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// A pair's `timeouts.run` bounds `plan`, `apply` and each `sync` cycle: one error line naming the call that hung, exit 1.
@Suite struct RunBoundCommandTests {
    /// A workspace whose target answers after 30 s, with the pair bounded to 15 s: long enough for the source, which
    /// answers at once, to be read and for the target's first call to be sent even when the test process is starved
    /// for seconds by the tests running beside it, so that the call in flight at the bound is the target's.
    func hungWorkspace() throws -> LiveWorkspace {
        let workspace = try LiveWorkspace(targetLatency: .seconds(30))
        let configuration = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        try Data(
            configuration.replacingOccurrences(of: #""mapping": "#, with: #""timeouts": {"run": "15s"}, "mapping": "#)
                .utf8
        ).write(to: URL(fileURLWithPath: workspace.configPath))
        return workspace
    }

    @Test(arguments: [["plan", "migrate"], ["apply", "migrate", "--yes"], ["sync", "migrate"]])
    func aRunPastItsBoundStopsWithOneLineNamingTheCallThatHung(arguments: [String]) async throws {
        let workspace = try hungWorkspace()
        let result = await workspace.run(arguments)
        #expect(result.status == .failure)
        let lines = result.standardError.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1, "\(result.standardError)")
        let line = String(lines.first ?? "")
        #expect(line.contains("took longer than 15 s (pairs.migrate.timeouts.run)"), "\(line)")
        #expect(line.contains("[new] GET /api/v3/hubs/acme-status/"), "the call that hung is named: \(line)")
        #expect(!result.standardError.contains(workspace.target.options.apiKey))
        #expect(workspace.targetEntityCount() == 0, "nothing was written")
    }
}
