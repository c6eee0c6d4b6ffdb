import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// A create whose answer was lost stays in doubt, persisted, until an apply settles it by reading
/// the target, whatever commands run in between.
@Suite struct InDoubtTests {
    /// Leaves the pair as a run killed after the target made its incidents, before their answers
    /// were journaled: intents in the journal, no links. Returns how many incidents.
    func loseTheAnswersOfTheIncidentCreates(_ workspace: LiveWorkspace) throws -> Int {
        let store = workspace.store
        var state = try store.pairState("migrate")
        let incidents = state.links.filter { $0.value.kind == .incident }
        let lost = Set(incidents.keys)
        state.links = state.links.filter { key, link in !lost.contains(key) && !lost.contains(link.parentKey ?? "") }
        try store.save(state)
        let journal = try Journal(path: store.journalPath(pair: "migrate"))
        for key in lost.sorted() {
            try journal.append(
                Journal.Entry(phase: .intent, action: .create, kind: .incident, key: key, at: Instant(Date())))
        }
        return lost.count
    }

    func titles(_ workspace: LiveWorkspace) throws -> [String] {
        let state = try JSONSerialization.jsonObject(with: workspace.target.stateData()) as? [String: Any]
        return (state?["incidents"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    @Test func aPlanBetweenTheInterruptedApplyAndTheNextDoesNotForgetTheCreatesInDoubt() async throws {
        let workspace = try LiveWorkspace(sourceSeed: LiveWorkspace.seed(incidents: 6))
        try workspace.editMapping { mapping in
            var matching = mapping["matching"] as? [String: Any] ?? [:]
            matching["incidents"] = "never"
            mapping["matching"] = matching
        }
        let first = await workspace.run(["apply", "migrate", "--yes"])
        #expect(first.status == .success, "\(first.standardError)")
        #expect(try loseTheAnswersOfTheIncidentCreates(workspace) == 6)

        let planned = await workspace.run(["plan", "migrate"])
        #expect(planned.status == .success, "\(planned.standardError)")
        #expect(try workspace.store.pairState("migrate").inDoubt.count == 6, "the plan kept them in doubt")
        let failed = await workspace.run(["apply", "migrate", "--yes"], environment: ["SH_KEY": "wrong"])
        #expect(failed.status == .failure)
        #expect(try workspace.store.pairState("migrate").inDoubt.count == 6, "a failed apply kept them in doubt")

        _ = try await workspace.takeTargetWrites()
        let settled = await workspace.run(["apply", "migrate", "--yes"])
        #expect(settled.status == .success, "\(settled.standardError)")
        let titles = try titles(workspace)
        #expect(titles.count == 6, "no duplicate: \(titles)")
        #expect(try await workspace.takeTargetWrites() == 0, "the incidents were adopted, nothing sent again")
        #expect(try workspace.store.pairState("migrate").inDoubt.isEmpty)
        let again = await workspace.run(["plan", "migrate", "--detailed-exitcode"])
        #expect(again.status == .success, "\(again.standardOutput)")
    }
}
