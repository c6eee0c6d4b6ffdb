import Foundation
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// The plan as people review it: warnings grouped by cause, the text's size and names, the
/// Markdown's size bound and escaping, and the HTML review page's content.
@Suite struct PlanReviewTests {
    static let now = GoldenPlanTests.now

    /// The plan of a generated Freshstatus account into an empty StatusHub hub: 50 services in 5
    /// groups and `incidents` incidents of four updates each, with descriptions and collapsing
    /// statuses (as `statussync-bench plan` generates; the model is built directly, since decoding
    /// 10,000 incidents of JSON takes a minute in a debug build).
    static func generatedPlan(incidents: Int) throws -> Plan {
        let phases = ["Investigating", "Identified", "Monitoring", "Resolved"]
        let statuses: [ComponentStatus] = [.degradedPerformance, .partialOutage, .majorOutage]
        let start = Instant(secondsSince1970: 1_500_000_000)
        let source = AccountState(
            provider: .freshstatus,
            groups: (1...5).map { ServiceGroup(id: "\($0)", name: "Group \($0)", position: $0) },
            services: (1...50).map {
                Service(id: "\($0)", name: "Service \($0)", position: $0, groupID: "\($0 % 5 + 1)")
            },
            phases: phases.enumerated().map {
                IncidentPhase(id: "\($0.offset + 1)", name: $0.element, order: $0.offset + 1)
            },
            incidents: (0..<incidents).map { index in
                let begin = start.adding(seconds: Int64(index * 600))
                return Incident(
                    id: "\(index + 1)", title: "Incident \(index) | <b>`x`</b>", description: "Something happened",
                    startTime: begin, endTime: begin.adding(seconds: 1800),
                    affected: [AffectedService(serviceID: "\(index % 50 + 1)", status: statuses[index % 3])],
                    updates: (0..<4).map { step in
                        IncidentUpdate(
                            id: "\(index * 4 + step + 1)", time: begin.adding(seconds: Int64(step * 600)),
                            phase: phases[step], message: "Update \(step) of incident \(index)")
                    })
            })
        return try plan(source: source, target: AccountState(provider: .statushub))
    }

    static func plan(source: AccountState, target: AccountState, state: PairState = PairState(pair: "example")) throws
        -> Plan
    {
        let mapper = Mapper(
            mapping: try Sample.mapping("freshstatus-to-statushub"), mappingPath: "mappings/m.json", now: now)
        var plan = try PlanMaker(
            pair: "example", mapper: mapper, mappingDigest: "sha256:mapping", options: PlanOptions(now: now),
            isStrict: false
        ).makePlan(
            source: source, sourceSide: Plan.Side(account: "old", provider: .freshstatus, digest: "sha256:source"),
            target: target, targetSide: Plan.Side(account: "new", provider: .statushub, digest: "sha256:target"),
            state: state)
        plan.estimate = Plan.Estimate(writeCalls: plan.writeCalls, readCalls: 0, seconds: Double(plan.writeCalls) / 5)
        return plan
    }

    static func examplePlan() throws -> Plan {
        try plan(source: try GoldenPlanTests.seed(.freshstatus), target: AccountState(provider: .statushub))
    }

    // MARK: - Grouping

    @Test func diagnosticsGroupByCauseWhateverTheirWording() {
        let diagnostics = [
            Diagnostic(key: "incident:1", message: "a finding nobody has written yet"),
            Diagnostic(key: "incident:2", message: "a finding nobody has written yet"),
            Diagnostic(key: "incident:3", message: "starts at 2026-01-02T03:04:05Z, 3 updates dropped"),
            Diagnostic(key: "incident:4", message: "starts at 2027-11-12T13:14:15Z, 12 updates dropped"),
            Diagnostic(key: "incident:4", message: "starts at 2027-11-12T13:14:15Z, 12 updates dropped"),
            Diagnostic(key: "group:1", message: "something else"),
            Diagnostic(key: "incident:5", message: "dated 2026-01-02T03:04:05Z: too early"),
        ]
        let groups = Diagnostic.grouped(diagnostics)
        #expect(groups.map(\.diagnostics.count) == [2, 2, 1, 1])
        #expect(
            groups.map(\.cause) == [
                "a finding nobody has written yet", "starts at …, N updates dropped", "dated …: too early",
                "something else",
            ])
        #expect(groups[0].message == "a finding nobody has written yet")
        #expect(groups[1].message == "starts at …, N updates dropped")
        #expect(groups[0].remedy.contains("--strict"))
    }

    @Test func theExamplePlanGroupsItsWarningsOneLinePerCause() throws {
        let plan = try Self.examplePlan()
        let reading = PlanReading(plan)
        let groups = reading.warningGroups
        let total = groups.reduce(0) { $0 + $1.diagnostics.count }
        #expect(total > 200)
        #expect(groups.count < 15)
        let text = PlanRenderer.text(plan)
        let warningLines = text.split(separator: "\n").filter { $0.hasPrefix("  ! ") }
        #expect(warningLines.count == groups.count)
        let collapse = try #require(warningLines.first { $0.contains("also stands for") })
        #expect(collapse.contains("incidents (e.g. \""))
        #expect(collapse.contains("componentStatus"))
        for line in warningLines { #expect(line.contains(" — "), "no advice on: \(line)") }
    }

    // MARK: - Text

    @Test func theExamplePlanFitsTwoScreensAndFullListsEverything() throws {
        let plan = try Self.examplePlan()
        let text = PlanRenderer.text(plan)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count <= 80, "the example plan takes \(lines.count) lines")
        #expect(lines[1].hasPrefix("Plan: "))
        #expect(lines.last { !$0.isEmpty }?.hasPrefix("Plan: ") == true)
        #expect(text.contains("--full lists them"))
        #expect(!text.contains("group:"))
        #expect(text.contains("in group \""))
        let full = PlanRenderer.text(plan, full: true)
        let incidents = plan.changes.count { $0.kind == .incident && $0.action == .create }
        #expect(full.split(separator: "\n").count { $0.hasPrefix("  + incident \"") } == incidents)
    }

    @Test func updatesAndDeletesAreListedInFullWithNamesForReferences() throws {
        let source = AccountState(
            provider: .freshstatus,
            groups: [
                ServiceGroup(id: "1", name: "Payments", position: 1),
                ServiceGroup(id: "2", name: "Platform", position: 2),
            ],
            services: [Service(id: "9", name: "Card payments", position: 1, groupID: "2")])
        let target = AccountState(
            provider: .statushub,
            groups: [
                ServiceGroup(id: "g1", name: "Payments", position: 1),
                ServiceGroup(id: "g2", name: "Platform", position: 2),
                ServiceGroup(id: "g3", name: "Legacy", position: 3),
            ],
            services: [Service(id: "s9", name: "Card payments", position: 1, groupID: "g1")])
        func link(_ kind: EntityKind, _ id: String) -> Link {
            Link(kind: kind, targetID: id, origin: .created, updatedAt: Self.now)
        }
        let state = PairState(
            pair: "example",
            links: ["group:1": link(.group, "g1"), "group:2": link(.group, "g2"), "service:9": link(.service, "s9")])
        var plan = try Self.plan(source: source, target: target, state: state)
        // The planner deletes only with --prune; the renderer's job is to show a delete as fully as an update.
        plan.changes.append(
            PlannedChange(action: .delete, kind: .group, key: "group:old", targetID: "g3", label: "Legacy"))
        let text = PlanRenderer.text(plan)
        #expect(text.contains("~ service \"Card payments\""))
        #expect(text.contains("group: group \"Payments\" → group \"Platform\""))
        #expect(text.contains("- group \"Legacy\""))
        #expect(!text.contains("group:1") && !text.contains("group:2"))
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.contains("group \\\"Payments\\\"") || markdown.contains("group \"Payments\""))
        let html = PlanRenderer.html(plan)
        #expect(html.contains("group &quot;Payments&quot; → group &quot;Platform&quot;"))
    }

    // MARK: - Markdown

    @Test func markdownOfTenThousandIncidentsFitsOnePullRequestComment() throws {
        let plan = try Self.generatedPlan(incidents: 10_000)
        let incidents = plan.changes.count { $0.kind == .incident }
        #expect(incidents == 10_000)
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.utf8.count <= PlanRenderer.markdownLimit)
        #expect(markdown.utf8.count > PlanRenderer.markdownLimit - 8_000, "the budget should be used, not wasted")
        #expect(markdown.contains("Left out to fit one comment"))
        #expect(markdown.contains("--format json"))
        #expect(markdown.contains("<details><summary>\(incidents) incidents</summary>"))
        #expect(markdown.contains("| **all** |"))
    }

    @Test func markdownOfTheExampleListsEverythingWithinTheLimit() throws {
        let plan = try Self.examplePlan()
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.utf8.count <= PlanRenderer.markdownLimit)
        #expect(markdown.contains("### Warnings: "))
    }

    @Test func markdownEscapesMarkupInNames() throws {
        let source = AccountState(
            provider: .freshstatus,
            services: [Service(id: "1", name: "a | b <script>alert(1)</script> `tick` *star* [link](x)", position: 1)])
        let plan = try Self.plan(source: source, target: AccountState(provider: .statushub))
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.contains("a \\| b &lt;script&gt;alert(1)&lt;/script&gt; \\`tick\\` \\*star\\* \\[link\\](x)"))
        #expect(!markdown.contains("<script>"))
        guard let cmark = Self.executable("cmark") else {
            print("cmark not installed (apt-get install -y cmark): the CommonMark parse check is skipped")
            return
        }
        let html = try Self.run(cmark, ["--unsafe"], input: markdown)
        #expect(html.contains("<h2>statussync plan: example</h2>"))
        #expect(html.contains("<details><summary>"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("a | b &lt;script&gt;alert(1)&lt;/script&gt; `tick` *star* [link](x)"))
        // Every raw HTML tag in the output is one cmark writes itself or a <details>/<summary>/<sub> we wrote.
        let allowed: Set<String> = [
            "h2", "h3", "p", "ul", "li", "details", "summary", "sub", "code", "strong", "em", "blockquote", "br",
        ]
        var tags = Set<String>()
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            let name = rest[rest.index(after: open)...].prefix { $0.isLetter || $0.isNumber || $0 == "/" }
            tags.insert(String(name.drop { $0 == "/" }))
            rest = rest[rest.index(after: open)...]
        }
        #expect(tags.subtracting(allowed).isEmpty, "unexpected tags: \(tags.subtracting(allowed).sorted())")
    }

    // MARK: - HTML

    @Test func theReviewPageIsSelfContainedAndShowsEveryIncidentAndUpdate() throws {
        let plan = try Self.examplePlan()
        let html = PlanRenderer.html(plan)
        for remote in ["http://", "https://", "src=", "href=", "@import", "url("] {
            #expect(!html.contains(remote), "the page refers to something elsewhere: \(remote)")
        }
        let incidents = plan.changes.count { $0.kind == .incident && $0.action == .create }
        let updates = plan.changes.count { $0.kind == .incidentUpdate && $0.action == .create }
        #expect(html.components(separatedBy: "data-kind=\"incident\"").count - 1 == incidents)
        // On StatusHub an incident is created with its first update: one row per timeline entry written.
        #expect(
            html.components(separatedBy: "<li class=\"update m-new\" data-row=\"incident\"").count - 1 == incidents
                + updates)
        #expect(html.contains("after the apply"))
        #expect(html.contains("s-majorOutage"))
        #expect(html.contains("Warnings: "))
        #expect(html.contains("<code>sha256:source</code>"))
        let summary = try #require(html.range(of: "<h2>Summary</h2>"))
        let script = try #require(html.range(of: "<script>"))
        #expect(summary.lowerBound < script.lowerBound)
    }

    @Test func theEverythingViewShowsWhatDoesNotChangeMarkedUnchanged() throws {
        let start = Instant(secondsSince1970: 1_790_000_000)
        let incident = Incident(
            id: "incident:1", title: "Quiet incident", startTime: start, endTime: start.adding(seconds: 60),
            affected: [AffectedService(serviceID: "service:1", status: .majorOutage)],
            updates: [
                IncidentUpdate(id: "incident:1/update:1", time: start, phase: "investigating", message: "Looking")
            ])
        var desired = AccountState(provider: .statushub)
        desired.services = [Service(id: "service:1", name: "API")]
        desired.incidents = [incident]
        var plan = Plan(
            pair: "p", source: Plan.Side(account: "old", provider: .freshstatus, digest: "sha256:a"),
            target: Plan.Side(account: "new", provider: .statushub, digest: "sha256:b"), mappingDigest: "sha256:m",
            createdAt: start, changes: [], diagnostics: [])
        plan.pages = Plan.Pages(source: Plan.Outline(groups: [], services: []), target: Plan.Outline(desired))
        let html = PlanRenderer.html(plan, desired: desired)
        #expect(html.contains("No changes: the target is in sync."))
        #expect(html.contains("data-kind=\"incident\" data-action=\"unchanged\""))
        #expect(html.contains("<span class=\"chip s-majorOutage\" title=\"major outage\">API</span>"))
        #expect(!PlanRenderer.html(plan).contains("Quiet incident"), "without the desired state only changes show")
    }

    @Test func aSavedPlanWithoutPagesStillRenders() throws {
        var plan = try Self.examplePlan()
        plan.pages = nil
        let decoded = try PlanRenderer.decode(try PlanRenderer.json(plan), path: "plan.json")
        #expect(decoded == plan)
        #expect(PlanRenderer.html(decoded).contains("<article class=\"card"))
        #expect(PlanRenderer.text(decoded).contains("Warnings: "))
    }

    // MARK: - Helpers

    static func executable(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ path: String, _ arguments: [String], input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
