import Foundation
import StatusSyncCLI
import StatusSyncCore
import Testing

/// `statussync show FILE`: a saved plan rendered without fetching or planning again.
@Suite struct ShowCommandTests {
    @Test func rendersASavedPlanAsPlanWouldWithoutAnyRequestOrConfiguration() async throws {
        let workspace = try LiveWorkspace()
        let planPath = workspace.directory + "/plan.json"
        let planned = await workspace.run(["plan", "migrate", "--out", planPath])
        #expect(planned.status == .success, "\(planned.standardError)")
        let requests = try await workspace.requestsToEither()
        #expect(requests > 0)

        for format in ["text", "markdown"] {
            let live = await workspace.run(["plan", "migrate", "--offline", "--format", format])
            // No --config: show reads the file alone.
            let shown = await runCLI(["show", planPath, "--format", format], environment: [:])
            #expect(shown.status == .success, "\(shown.standardError)")
            #expect(shown.standardError.isEmpty, "\(shown.standardError)")
            // The same but for when each plan was made (the two can fall in different seconds).
            let when = #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/#
            #expect(
                shown.standardOutput.replacing(when, with: "TIME") == live.standardOutput.replacing(when, with: "TIME"),
                "\(format)")
        }
        // The HTML says when the plan was made: the saved plan's time, not now.
        let saved = try PlanRenderer.load(path: planPath)
        let html = await runCLI(["show", planPath, "--format", "html"], environment: [:])
        #expect(html.status == .success)
        #expect(html.standardOutput.contains("<dt>planned</dt><dd>\(StatusPageHTML.time(saved.createdAt))</dd>"))
        #expect(html.standardOutput.contains("Login outage"))
        let text = await runCLI(["show", planPath], environment: [:])
        #expect(text.standardOutput.contains("+ incident \"Login outage\""))
        #expect(text.standardOutput.contains("Plan: 5 to create"))
        #expect(try await workspace.requestsToEither() == requests)
    }

    @Test func aFileThatIsNotAPlanIsOneLineAndExitOne() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("show-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/statussync.json"
        try Data(#"{"version": 1, "accounts": {}, "pairs": {}}"#.utf8).write(to: URL(fileURLWithPath: path))
        let result = await runCLI(["show", path], environment: [:])
        #expect(result.status == .failure)
        #expect(
            result.standardError == "error: \(path) is not a statussync plan: it has no formatVersion; "
                + "save one with 'statussync plan PAIR --out FILE'\n")
        #expect(result.standardOutput.isEmpty)
        let usage = await runCLI(["show", path, "--format", "json"], environment: [:])
        #expect(usage.status == .usage)
    }
}
