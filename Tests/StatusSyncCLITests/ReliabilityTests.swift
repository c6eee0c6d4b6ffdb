import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// A create whose answer was lost stays in doubt, persisted, until an apply settles it by reading
/// the target, whatever commands run in between.
@Suite struct InDoubtTests {
    /// Leaves the pair as a run killed after the target made its incidents, before their answers were journaled.
    ///
    /// Intents are in the journal, links are not. Returns how many incidents.
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

/// A journal with an unreadable line is refused with advice that loses nothing, and the advice works.
@Suite struct UnreadableJournalTests {
    @Test func anUnreadableLineIsRefusedAndStateRepairKeepsEverythingWithoutADuplicate() async throws {
        let workspace = try LiveWorkspace(sourceSeed: LiveWorkspace.seed(incidents: 5))
        try workspace.editMapping { mapping in
            var matching = mapping["matching"] as? [String: Any] ?? [:]
            matching["incidents"] = "never"
            mapping["matching"] = matching
        }
        #expect(await workspace.run(["apply", "migrate", "--yes"]).status == .success)
        // An interrupted run whose links are only in the journal, with a line in the middle gone bad.
        let store = workspace.store
        var state = try store.pairState("migrate")
        let lost = state.links.filter { $0.value.kind == .incident }
        state.links = state.links.filter { key, link in lost[key] == nil && lost[link.parentKey ?? ""] == nil }
        try store.save(state)
        let path = store.journalPath(pair: "migrate")
        let journal = try Journal(path: path)
        for key in lost.keys.sorted() {
            try journal.append(
                Journal.Entry(phase: .intent, action: .create, kind: .incident, key: key, at: .init(Date())))
        }
        let bytes = try #require(FileManager.default.contents(atPath: path))
        try (Data("not a journal entry\n".utf8) + bytes).write(to: URL(fileURLWithPath: path))

        let refused = await workspace.run(["plan", "migrate"])
        #expect(refused.status == .failure)
        #expect(
            refused.standardError
                == "error: line 1 of \(path) is not a journal entry, so the links of an interrupted run cannot all be "
                + "read; it was left untouched: run 'statussync state repair migrate' to keep every readable entry "
                + "and settle the rest by reading the target\n")
        #expect(await workspace.run(["apply", "migrate", "--yes"]).status == .failure)

        let repaired = await workspace.run(["state", "repair", "migrate"])
        #expect(repaired.status == .success, "\(repaired.standardError)")
        #expect(repaired.standardOutput == "repaired pair=migrate links=0 in-doubt=5 unreadable-lines=1\n")
        let kept = try FileManager.default.contentsOfDirectory(atPath: store.root + "/state")
            .filter { $0.hasPrefix("migrate.journal.unreadable-") }
        #expect(kept.count == 1)

        _ = try await workspace.takeTargetWrites()
        let applied = await workspace.run(["apply", "migrate", "--yes"])
        #expect(applied.status == .success, "\(applied.standardError)")
        #expect(try await workspace.takeTargetWrites() == 0, "everything was adopted, nothing created twice")
        let after = try store.pairState("migrate")
        #expect(after.inDoubt.isEmpty && !after.settlesByNaturalKey)
        #expect(await workspace.run(["plan", "migrate", "--detailed-exitcode"]).status == .success)
    }
}

/// A stored snapshot whose content no longer matches its digest is refused wherever it is read.
@Suite struct TamperedSnapshotTests {
    @Test func anEditedSnapshotIsRefusedByAnOfflinePlanWithItsPathAndNothingIsWritten() async throws {
        let workspace = try LiveWorkspace()
        let planned = await workspace.run(["plan", "migrate"])
        #expect(planned.status == .success, "\(planned.standardError)")
        let path = try #require(workspace.store.latestSnapshotPath(account: "old"))
        let original = try String(contentsOfFile: path, encoding: .utf8)
        #expect(original.contains("Login outage"))
        try Data(original.replacingOccurrences(of: "Login outage", with: "Login outagE").utf8)
            .write(to: URL(fileURLWithPath: path))

        let planPath = workspace.directory + "/plan.json"
        let offline = await workspace.run(["plan", "migrate", "--offline", "--out", planPath])
        #expect(offline.status == .failure)
        #expect(
            offline.standardError
                == "error: \(path) is corrupt (its content does not match its digest); it was left untouched: "
                + "move it aside or fetch again\n")
        #expect(!FileManager.default.fileExists(atPath: planPath), "no plan saved from a tampered snapshot")
        #expect(try await workspace.takeTargetWrites() == 0)
    }
}

/// No secret reaches the output, whatever the error.
@Suite struct SecretOutputTests {
    @Test func aBaseURLWithAPasswordIsNeverPrintedWhole() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redact-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/statussync.json"
        try Data(
            #"{"version": 1, "accounts": {"old": {"provider": "freshstatus", "subdomain": "acme", "apiKeyEnv": "K", "baseURL": "https://me:hunter22@exa mple.com/"}}}"#
                .utf8
        ).write(to: URL(fileURLWithPath: path))
        let result = await runCLI(["snapshot", "old", "--config", path], environment: ["K": "the-api-key"])
        #expect(result.status == .failure)
        #expect(!result.standardError.contains("hunter22"), "\(result.standardError)")
        #expect(result.standardError.contains("baseURL"))
    }
}

/// In a pipe, a fatal error is exactly one line on standard error.
@Suite struct OneErrorLineTests {
    @Test(arguments: [["plan", "migrate"], ["apply", "migrate", "--yes"], ["sync", "migrate"], ["snapshot", "new"]])
    func aWrongKeyIsOneLine(arguments: [String]) async throws {
        let workspace = try LiveWorkspace()
        let result = await workspace.run(arguments, environment: ["SH_KEY": "wrong"])
        #expect(result.status == .failure)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("error: ") == true, "\(result.standardError)")
    }
}

/// A server stricter than the configured rate slows the apply down; it does not fail it.
@Suite struct AdaptivePaceTests {
    @Test func configuredAtFiftyWritesASecondAgainstATargetAllowingFiveEveryChangeIsApplied() async throws {
        let workspace = try LiveWorkspace(
            sourceSeed: LiveWorkspace.seed(incidents: 12), writesPerSecond: 50, targetEnforcesWritesPerSecond: 5)
        let result = await workspace.run(["apply", "migrate", "--yes"])
        #expect(result.status == .success, "\(result.standardError)")
        let line = try #require(result.standardOutput.split(separator: "\n").last { $0.hasPrefix("apply pair=") })
        #expect(line.contains("changes=25 applied=25") && line.contains("failed=0 skipped=0"), "\(line)")
        let throttled = line.split(separator: " ").first { $0.hasPrefix("throttled=") }.flatMap {
            Int($0.dropFirst("throttled=".count))
        }
        // The first burst of concurrent writes meets the server's window before the pace adapts; after
        // that the pace keeps under it: fewer 429s than writes (16 seen on a loaded machine).
        #expect((throttled ?? 99) < 25, "429s received: \(line)")
        let again = await workspace.run(["plan", "migrate", "--detailed-exitcode"])
        #expect(again.status == .success)
    }
}
