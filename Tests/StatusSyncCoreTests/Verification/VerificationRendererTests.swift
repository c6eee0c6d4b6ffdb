import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

/// The report's forms, on a verification made in memory: a source, its faithful migration, then edits.
@Suite struct VerificationRendererTests {
    static let now = Instant(secondsSince1970: 1_800_000_000)

    /// A Freshstatus account of `count` resolved incidents on two services, each with two updates.
    static func source(incidents count: Int) -> AccountState {
        let incidents = (0..<count).map { index in
            let start = Int64(1_700_000_000 + index * 7200)
            return Incident(
                id: "\(index + 1)", title: "Incident \(index)", startTime: Instant(secondsSince1970: start),
                endTime: Instant(secondsSince1970: start + 1800),
                affected: [AffectedService(serviceID: "\(index % 2 + 1)", status: .majorOutage)],
                updates: [
                    IncidentUpdate(
                        id: "\(index * 2 + 1)", time: Instant(secondsSince1970: start), phase: "Investigating",
                        message: "Looking"),
                    IncidentUpdate(
                        id: "\(index * 2 + 2)", time: Instant(secondsSince1970: start + 1800), phase: "Resolved",
                        message: "Fixed"),
                ])
        }
        return AccountState(
            provider: .freshstatus,
            services: [Service(id: "1", name: "API", position: 1), Service(id: "2", name: "Web", position: 2)],
            phases: [
                IncidentPhase(id: "1", name: "Investigating", order: 1),
                IncidentPhase(id: "2", name: "Resolved", order: 2),
            ],
            incidents: incidents)
    }

    /// Verifies `source` against its faithful migration after `edit`; the target's ids are the keys.
    static func verify(_ source: AccountState, edit: (inout AccountState) -> Void) throws -> Verifier.Result {
        let (mapper, target, state) = try migrated(source, edit: edit)
        return try Verifier(mapper: mapper).verify(
            pair: "p", source: source, sourceSide: Verification.Side(account: "old", provider: .freshstatus),
            target: target, targetSide: Verification.Side(account: "new", provider: .statushub), state: state)
    }

    /// The shipped Freshstatus → StatusHub mapper, and `source`'s faithful migration after `edit` with its links.
    static func migrated(
        _ source: AccountState, edit: (inout AccountState) -> Void
    ) throws -> (mapper: Mapper, target: AccountState, state: PairState) {
        let path = MappingLoaderTests.repositoryRoot.appendingPathComponent("mappings/freshstatus-to-statushub.json")
            .path
        let mapper = Mapper(mapping: try MappingLoader.load(path: path), mappingPath: path, now: now)
        var target = try mapper.map(source).desired
        var state = PairState(pair: "p")
        func link(_ key: String, _ kind: EntityKind) {
            state.links[key] = Link(kind: kind, targetID: key, origin: .created, updatedAt: now)
        }
        for service in target.services { link(service.id, .service) }
        for incident in target.incidents {
            link(incident.id, .incident)
            for update in incident.updates { link(update.id, .incidentUpdate) }
        }
        edit(&target)
        return (mapper, target, state)
    }

    @Test func aFaithfulMigrationSaysSoFirstInEveryForm() throws {
        let result = try Self.verify(Self.source(incidents: 4)) { _ in }
        #expect(result.verification.isFaithful)
        let summary =
            "faithful: 4 incidents, 8 updates, 0 maintenances, 2 services; uptime equal to the minute on 2 of 2 services"
        #expect(VerificationRenderer.text(result.verification).hasPrefix(summary + "\n"))
        #expect(VerificationRenderer.markdown(result.verification).contains("**\(summary)**"))
        let html = VerificationRenderer.html(result)
        #expect(html.contains("<p class=\"answer good\">\(summary)</p>"))
        #expect(html.components(separatedBy: "<article class=\"card\">").count - 1 == 4)
        #expect(!html.contains("class=\"card m-differs\""))
    }

    @Test func differencesAreMarkedOnTheirCardsAndMarkdownFitsOneComment() throws {
        let result = try Self.verify(Self.source(incidents: 3000)) { target in
            for index in target.incidents.indices { target.incidents[index].updates[0].message = "Edited" }
        }
        let verification = result.verification
        #expect(verification.differences.count == 3000)
        #expect(verification.differences.allSatisfy { $0.field == "message" && $0.targetValue == "Edited" })
        let markdown = VerificationRenderer.markdown(verification)
        #expect(markdown.count <= VerificationRenderer.markdownLimit)
        #expect(markdown.contains("cut to fit one comment"))
        #expect(markdown.contains("--format json"))
        let html = VerificationRenderer.html(result)
        // The review page's cards, each marked where it differs, with the values on the entry.
        #expect(
            html.components(separatedBy: "<article class=\"card m-differs\" data-filter data-kind=\"incident\"").count
                - 1 == 3000)
        #expect(html.components(separatedBy: "<li class=\"update m-differs\"").count - 1 == 3000)
        #expect(html.contains("<li>message: source &quot;Looking&quot;, target &quot;Edited&quot;</li>"))
        #expect(html.contains(StatusPageHTML.css) && !html.contains("http://") && !html.contains("https://"))
        let json = try JSONSerialization.jsonObject(with: VerificationRenderer.json(verification)) as? [String: Any]
        let first = (json?["differences"] as? [[String: Any]])?.first
        #expect(first?["kind"] as? String == "field")
        #expect(first?["sourceValue"] as? String == "Looking")
        #expect(first?["key"] as? String == "incident:1/update:1")
    }

    /// Timelines are compared on every core when all their updates are linked, and in one pass when one must be
    /// matched by natural key: either way the differences come in the incidents' order.
    @Test(arguments: [false, true])
    func timelinesComparedOnSeveralCoresKeepTheIncidentsOrder(removingAnUpdate: Bool) throws {
        func key(_ index: Int, update: Int) -> String { "incident:\(index + 1)/update:\(index * 2 + 1 + update)" }
        let result = try Self.verify(Self.source(incidents: 1000)) { target in
            for index in stride(from: 0, to: target.incidents.count, by: 10) {
                target.incidents[index].updates[0].message = "Edited"
            }
            if removingAnUpdate { target.incidents[990].updates.removeAll { $0.id == key(990, update: 1) } }
        }
        var expected = stride(from: 0, to: 1000, by: 10).map { key($0, update: 0) }
        if removingAnUpdate { expected.append(key(990, update: 1)) }
        #expect(result.verification.differences.map(\.key) == expected)
        #expect(result.verification.differences.last?.kind == (removingAnUpdate ? .missing : .field))
        #expect(result.targetIDs.count == (removingAnUpdate ? 2 + 3000 - 1 : 2 + 3000))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")))
    func theHTMLPageRendersInHeadlessChromium() async throws {
        let result = try Self.verify(Self.source(incidents: 20)) { target in
            target.incidents[3].updates[1].time = target.incidents[3].updates[1].time.adding(seconds: 1)
            target.services[0].name = "Renamed"
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "verify-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("verify.html")
        let image = directory.appendingPathComponent("verify.png")
        try Data(VerificationRenderer.html(result).utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--screenshot=\(image.path)", "--window-size=1280,1600",
            page.absoluteString,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let log = String(decoding: await errors.fileHandleForReading.readToEndOnItsOwnThread(), as: UTF8.self)
        await process.exited()
        #expect(!log.contains("CONSOLE"), "\(log)")
        let png = try Data(contentsOf: image)
        #expect(png.count > 20_000, "a page with content, not a blank one")
        #expect(result.verification.differences.count == 2)
    }
}
