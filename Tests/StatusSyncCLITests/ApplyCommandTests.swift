import Foundation
import StatusSyncCLI
import StatusSyncCore
import Testing

@Suite struct ApplyCommandTests {
    @Test func appliesThenASecondApplyHasNothingToDoAndWritesNothing() async throws {
        let workspace = try LiveWorkspace()
        let first = await workspace.run(["apply", "migrate", "--yes"])
        #expect(first.status == .success, "\(first.standardError)")
        #expect(first.standardOutput.contains("+ incident \"Login outage\""))
        #expect(first.standardOutput.contains("apply pair=migrate changes=5 applied=5 writes=5 failed=0"))
        #expect(try await workspace.takeTargetWrites() == 5)

        let second = await workspace.run(["apply", "migrate", "--yes"])
        #expect(second.status == .success)
        #expect(second.standardOutput.contains("No changes: the target is in sync."))
        #expect(try await workspace.takeTargetWrites() == 0)

        let links = await workspace.run(["state", "show", "migrate"])
        #expect(links.standardOutput.contains("incident:100"))
    }

    @Test func refusesWithoutATerminalAndWithoutYes() async throws {
        let workspace = try LiveWorkspace()
        let result = await workspace.run(["apply", "migrate"])
        #expect(result.status == .failure)
        #expect(result.standardError.hasPrefix("error: refusing to apply without confirmation"))
        #expect(try await workspace.takeTargetWrites() == 0)
    }

    @Test func asksOnATerminalAndDoesNothingUnlessTheAnswerIsYes() async throws {
        let workspace = try LiveWorkspace()
        let declined = await workspace.run(["apply", "migrate"], interactive: true, answer: "n")
        #expect(declined.status == .failure)
        #expect(declined.standardError.contains("[y/N]"))
        #expect(try await workspace.takeTargetWrites() == 0)
        let accepted = await workspace.run(["apply", "migrate"], interactive: true, answer: "y")
        #expect(accepted.status == .success, "\(accepted.standardError)")
        #expect(try await workspace.takeTargetWrites() == 5)
    }

    @Test func appliesASavedPlanAndRefusesOneMadeBeforeTheSourceChanged() async throws {
        let workspace = try LiveWorkspace()
        let planPath = workspace.directory + "/plan.json"
        let planned = await workspace.run(["plan", "migrate", "--out", planPath, "--detailed-exitcode"])
        #expect(planned.status == .changesPending, "\(planned.standardError)")

        try await workspace.addSourceIncident(title: "A new one")
        let stale = await workspace.run(["apply", "migrate", "--plan", planPath, "--yes"])
        #expect(stale.status == .failure)
        #expect(stale.standardError.contains("error: the saved plan is stale: account 'old' changed since it was made"))
        #expect(try await workspace.takeTargetWrites() == 0)

        let fresh = await workspace.run(["plan", "migrate", "--out", planPath])
        #expect(fresh.status == .success)
        let applied = await workspace.run(["apply", "migrate", "--plan", planPath, "--yes"])
        #expect(applied.status == .success, "\(applied.standardError)")
        #expect(try await workspace.takeTargetWrites() == 6)
    }

    @Test func aSavedPlanThatIsNotAPlanOrIsForAnotherPairIsOneLineBeforeAnyRequest() async throws {
        let workspace = try LiveWorkspace()
        let planPath = workspace.directory + "/plan.json"
        let planned = await workspace.run(["plan", "migrate", "--offline", "--out", planPath])
        #expect(planned.status != .success)  // no stored snapshot yet: nothing saved, nothing fetched
        let cases: [(contents: String, message: String)] = [
            ("{not json", "error: \(planPath) is not a statussync plan: "),
            (
                #"{"version": 1, "accounts": {}}"#,
                "error: \(planPath) is not a statussync plan: it has no formatVersion"
            ),
            (#"{"formatVersion": 99}"#, "error: \(planPath) is not a statussync plan: format version 99 is newer"),
            (#"{"formatVersion": 1, "pair": "migrate"}"#, "error: \(planPath) is not a statussync plan: missing '"),
        ]
        for (contents, message) in cases {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: planPath))
            let result = await workspace.run(["apply", "migrate", "--plan", planPath, "--yes"])
            #expect(result.status == .failure)
            #expect(result.standardError.hasPrefix(message), "\(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        }
        let missing = await workspace.run(["apply", "migrate", "--plan", workspace.directory + "/none.json", "--yes"])
        #expect(missing.standardError.hasPrefix("error: cannot read the saved plan"), "\(missing.standardError)")
        #expect(try await workspace.requestsToEither() == 0)

        // A real plan made for another pair names the pair it was made for.
        let made = await workspace.run(["plan", "migrate", "--format", "json"])
        #expect(made.status == .success, "\(made.standardError)")
        let foreign = made.standardOutput.replacingOccurrences(of: #""pair" : "migrate""#, with: #""pair" : "mirror""#)
        #expect(foreign != made.standardOutput)
        try Data(foreign.utf8).write(to: URL(fileURLWithPath: planPath))
        _ = try await workspace.takeTargetRequests()
        let before = try await workspace.requestsToEither()
        let wrongPair = await workspace.run(["apply", "migrate", "--plan", planPath, "--yes"])
        #expect(wrongPair.status == .failure)
        #expect(wrongPair.standardError.hasPrefix("error: \(planPath) was made for pair 'mirror', not 'migrate'"))
        #expect(try await workspace.requestsToEither() == before)
    }

    @Test func anOfflinePlanFromATargetSnapshotOlderThanTheLastApplySaysHowToRefreshIt() async throws {
        let workspace = try LiveWorkspace()
        let before = await workspace.run(["plan", "migrate", "--offline"])
        #expect(before.status != .success)  // nothing stored yet
        let applied = await workspace.run(["apply", "migrate", "--yes"])
        #expect(applied.status == .success, "\(applied.standardError)")
        let lastApply = try #require(try workspace.store.pairState("migrate").lastApply)
        #expect(lastApply.targetDigest.hasPrefix("sha256:"))

        let stale = await workspace.run(["plan", "migrate", "--offline"])
        #expect(stale.status == .success, "\(stale.standardError)")
        #expect(
            stale.standardError
                == "warning: the stored snapshot of 'new' predates the apply of \(lastApply.finishedAt), so this plan "
                + "may list changes already made; refresh it with 'statussync snapshot new'\n")

        let refreshed = await workspace.run(["snapshot", "new"])
        #expect(refreshed.status == .success, "\(refreshed.standardError)")
        let fresh = await workspace.run(["plan", "migrate", "--offline"])
        #expect(fresh.standardError.isEmpty, "\(fresh.standardError)")
        #expect(fresh.standardOutput.contains("No changes: the target is in sync."))
    }

    @Test func aStateFileWithoutTheLastApplyReadsAsNoneAndOneWithItRoundTrips() throws {
        let old = #"{"formatVersion": 2, "pair": "migrate", "links": {}, "inDoubt": {}}"#
        let decoder = JSONCoding.makeDecoder()
        #expect(try decoder.decode(PairState.self, from: Data(old.utf8)).lastApply == nil)
        var state = PairState(pair: "migrate")
        state.lastApply = .init(finishedAt: Instant(secondsSince1970: 1_767_225_600), targetDigest: "sha256:ab")
        let data = try JSONCoding.makeEncoder().encode(state)
        #expect(try decoder.decode(PairState.self, from: data) == state)
    }

    @Test func syncPrintsOneLinePerCycleAndAnInSyncCycleWritesNothing() async throws {
        let workspace = try LiveWorkspace(targetClockLag: 3600)
        let first = await workspace.run(["sync", "migrate"])
        #expect(first.status == .success, "\(first.standardError)")
        // One result line per cycle; a slow run in a pipe may also print sparse progress lines before it.
        #expect(first.standardOutput.split(separator: "\n").count { $0.contains(" sync pair=") } == 1)
        #expect(
            first.standardOutput.split(separator: "\n").allSatisfy {
                $0.contains(" sync pair=") || $0.hasPrefix("fetched ") || $0.hasPrefix("applied ")
            })
        #expect(first.standardOutput.contains("sync pair=migrate changes=5 applied=5 writes=5 failed=0"))
        _ = try await workspace.takeTargetWrites()
        let second = await workspace.run(["sync", "migrate"])
        #expect(second.standardOutput.hasSuffix("sync pair=migrate changes=0 writes=0 (in sync)\n"))
        #expect(try await workspace.takeTargetWrites() == 0)
        // Once the target's snapshot postdates the writes, an in-sync cycle reads list pages only.
        _ = await workspace.run(["sync", "migrate"])
        let requests = try await workspace.takeTargetRequests()
        #expect(!requests.isEmpty)
        #expect(requests.allSatisfy { $0.method == "GET" })
        #expect(!requests.contains { $0.path.contains("/incidents/") }, "\(requests.map(\.path))")
        let usage = await workspace.run(["sync", "migrate", "--interval", "5m"])
        #expect(usage.status == .usage)
    }

    @Test func aWrongKeyIsOneClearLineNamingTheVariable() async throws {
        let workspace = try LiveWorkspace()
        var environment = workspace.environment
        environment["SH_KEY"] = "wrong"
        let result = await runCLI(["plan", "migrate", "--config", workspace.configPath], environment: environment)
        #expect(result.status == .failure)
        #expect(result.standardError.contains("SH_KEY"))
        #expect(result.standardError.split(separator: "\n").filter { $0.hasPrefix("error: ") }.count == 1)
        #expect(!result.standardError.contains("wrong"))
    }
}
