import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import StatusSyncTestSupport
import Testing

/// A pair's `timeouts.run` bounds `plan`, `apply` and each `sync` cycle: one error line naming the call that hung, exit 1.
@Suite struct RunBoundCommandTests {
    /// A workspace whose target answers after 30 s, with the pair bounded to 15 s: long enough for the source, which
    /// answers at once, to be read and for the target's first call to be sent, so that the call in flight at the
    /// bound is the target's.
    func hungWorkspace() throws -> LiveWorkspace {
        let workspace = try LiveWorkspace(targetLatency: .seconds(30))
        let configuration = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        try Data(
            configuration.replacingOccurrences(of: #""mapping": "#, with: #""timeouts": {"run": "15s"}, "mapping": "#)
                .utf8
        ).write(to: URL(fileURLWithPath: workspace.configPath))
        return workspace
    }

    /// The real binary, not the command run in this process: the bound is kept on the real clock, and a test process
    /// whose few concurrency threads are held by the tests beside it could start the fetch seconds late.
    @Test(arguments: [["plan", "migrate"], ["apply", "migrate", "--yes"], ["sync", "migrate"]])
    func aRunPastItsBoundStopsWithOneLineNamingTheCallThatHung(arguments: [String]) async throws {
        let workspace = try hungWorkspace()
        let process = Process()
        process.executableURL = try KillResumeTests.binary()
        process.arguments = arguments + ["--config", workspace.configPath]
        process.environment = workspace.environment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let standardError = String(decoding: await errors.fileHandleForReading.readToEndOnItsOwnThread(), as: UTF8.self)
        await process.exited()
        #expect(process.terminationStatus == 1, "\(standardError)")
        let lines = standardError.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1, "\(standardError)")
        let line = String(lines.first ?? "")
        #expect(line.contains("took longer than 15 s (pairs.migrate.timeouts.run)"), "\(line)")
        #expect(line.contains("[new] GET /api/v3/hubs/acme-status/"), "the call that hung is named: \(line)")
        #expect(!standardError.contains(workspace.target.options.apiKey))
        #expect(workspace.targetEntityCount() == 0, "nothing was written")
    }
}
