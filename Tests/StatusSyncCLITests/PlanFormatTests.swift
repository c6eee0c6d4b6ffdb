import Foundation
import StatusSyncCLI
import StatusSyncCore
import Testing

/// The saved plan's JSON as a public format (`docs/PLAN-FORMAT.md`): no Swift internals, the target's
/// status codes, and format 1 still read.
@Suite struct PlanFormatTests {
    @Test func theJSONPlanSpeaksTheTargetsVocabularyAndAFormatOnePlanStillApplies() async throws {
        let workspace = try LiveWorkspace()
        let made = await workspace.run(["plan", "migrate", "--format", "json"])
        #expect(made.status == .success, "\(made.standardError)")
        let json = made.standardOutput
        #expect(json.contains(#""formatVersion" : 2"#))
        #expect(!json.contains(#""_0""#))
        #expect(!json.contains("majorOutage"))
        #expect(json.contains(#""status" : "down""#))
        #expect(json.contains(#""incident-update" : {"#))
        let plan = try PlanRenderer.decode(Data(json.utf8), path: "stdout")
        let incident = try #require(plan.changes.first { $0.kind == .incident }?.payload)
        guard case .incident(let model) = incident else {
            Issue.record("not an incident: \(incident)")
            return
        }
        #expect(model.affected.map(\.status) == [.majorOutage])

        // The same plan as format 1 wrote it: payloads wrapped in "_0", case names, canonical statuses.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["formatVersion"] = 1
        let names = ["incident-update": "incidentUpdate", "maintenance-update": "maintenanceUpdate"]
        object["changes"] = (object["changes"] as? [[String: Any]] ?? []).map { change in
            var change = change
            if let payload = change["payload"] as? [String: Any], let (kind, body) = payload.first {
                change["payload"] = [names[kind] ?? kind: ["_0": body]]
            }
            return change
        }
        let formatOne = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            .replacingOccurrences(of: #""status":"down""#, with: #""status":"majorOutage""#)
        #expect(formatOne.contains(#""_0""#) && formatOne.contains("majorOutage"))
        let path = workspace.directory + "/plan-v1.json"
        try Data(formatOne.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try PlanRenderer.load(path: path).changes == plan.changes)
        let applied = await workspace.run(["apply", "migrate", "--plan", path, "--yes"])
        #expect(applied.status == .success, "\(applied.standardError)")
        #expect(try await workspace.takeTargetWrites() == plan.writeCalls)
    }

    @Test func fieldDiffsOfTheExampleAccountUseTheTargetsCodesToo() async throws {
        let seed = try String(
            contentsOf: Workspace.repositoryRoot.appendingPathComponent("examples/freshstatus-seed.json"),
            encoding: .utf8)
        let workspace = try LiveWorkspace(sourceSeed: seed)
        let made = await workspace.run(["plan", "migrate", "--format", "json"])
        #expect(made.status == .success, "\(made.standardError)")
        for name in ["majorOutage", "degradedPerformance", "partialOutage", "underMaintenance", #""_0""#] {
            #expect(!made.standardOutput.contains(name), "\(name)")
        }
        #expect(made.standardOutput.contains("=down"))
    }
}
