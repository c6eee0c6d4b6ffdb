import Foundation
import StatusSyncCore

/// The review forms of a large plan: Markdown and HTML size and render time, and the time headless
/// Chromium takes to open the HTML review page.
///
/// The plan is the offline plan benchmark's: a Freshstatus account of N incidents of four updates
/// each into an empty StatusHub hub. Chromium is timed from start to exit: with `--screenshot`,
/// which returns once the page has loaded and painted its first screen (what "open" means to a
/// reader), on the page and on an empty page (Chromium's own start-up), and with `--dump-dom`,
/// which also serialises the whole DOM after the page's script ran.
enum ReviewBenchmark {
    /// Prints the figures for `incidents` incidents; keeps the HTML page at `keep` when given.
    static func run(incidents: Int, keep: String? = nil) throws {
        let mapping = try MappingLoader.parse(Data(PlanBenchmark.mapping.utf8), path: "freshstatus-to-statushub.json")
        let now = Instant(secondsSince1970: 1_800_000_000)
        let source = try ProviderData.state(
            from: try PlanBenchmark.account(incidents: incidents), provider: .freshstatus)
        var plan = try PlanMaker(
            pair: "bench", mapper: Mapper(mapping: mapping, mappingPath: "m", now: now), mappingDigest: "sha256:m",
            options: PlanOptions(now: now), isStrict: false
        ).makePlan(
            source: source, sourceSide: Plan.Side(account: "old", provider: .freshstatus, digest: "sha256:old"),
            target: AccountState(provider: .statushub),
            targetSide: Plan.Side(account: "new", provider: .statushub, digest: "sha256:new"),
            state: PairState(pair: "bench"))
        plan.estimate = Plan.Estimate(writeCalls: plan.writeCalls, readCalls: 0, seconds: Double(plan.writeCalls) / 5)

        let clock = ContinuousClock()
        var start = clock.now
        let text = PlanRenderer.text(plan)
        let textTime = clock.now - start
        start = clock.now
        let markdown = PlanRenderer.markdown(plan)
        let markdownTime = clock.now - start
        start = clock.now
        let html = PlanRenderer.html(plan)
        let htmlTime = clock.now - start
        if let keep { try Data(html.utf8).write(to: URL(fileURLWithPath: keep)) }

        print(
            "Review forms of a plan of \(incidents) incidents (\(plan.changes.count) changes), Freshstatus → StatusHub")
        print("form        size          render")
        print(String(format: "text     %10d B  %8.3f s", text.utf8.count, seconds(textTime)))
        print(String(format: "markdown %10d B  %8.3f s", markdown.utf8.count, seconds(markdownTime)))
        print(String(format: "html     %10d B  %8.3f s", html.utf8.count, seconds(htmlTime)))

        guard
            let chromium = ["/usr/bin/chromium", "/usr/local/bin/chromium"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            print("chromium is not installed: the time to open the page is not measured")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "review-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("review.html")
        try Data(html.utf8).write(to: page)
        let blank = directory.appendingPathComponent("blank.html")
        try Data("<!doctype html><title>blank</title>".utf8).write(to: blank)
        let runs: [(String, URL, [String])] = [
            ("empty page, --screenshot", blank, ["--screenshot=\(directory.appendingPathComponent("blank.png").path)"]),
            ("review page, --screenshot", page, ["--screenshot=\(directory.appendingPathComponent("page.png").path)"]),
            ("review page, --dump-dom", page, ["--dump-dom"]),
        ]
        for (name, url, action) in runs {
            let start = clock.now
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium)
            process.arguments =
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--window-size=1280,1000", "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
                ] + action + [url.absoluteString]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            print(
                String(format: "chromium --headless, %@: %.2f s from start to exit", name, seconds(clock.now - start)))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
