import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncTestSupport
import Testing

/// The demo's review page opened in a real browser: headless Chromium (Debian package `chromium`).
///
/// Three runs of Chromium, each a plain command line:
/// - `--dump-dom` prints the DOM after the page's script ran; `--enable-logging=stderr --v=0` writes
///   every console message to stderr as `INFO:CONSOLE`, uncaught exceptions included; `--log-net-log`
///   records every request the network stack sees. A request the page makes carries the page's
///   `file://` network isolation key; Chromium's own background requests (updates, time) do not, so
///   they are told apart. A first run on a page that loads an image from elsewhere checks that this
///   way of looking does see a page's request.
/// - `--screenshot` of the page and of an empty page: the page's PNG must be several times larger
///   (a blank PNG compresses to almost nothing).
/// Skipped, with a message, only when `chromium` is not installed.
@Suite(.serialized, .tags(.slow)) struct ReviewPageBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/local/bin/chromium", "/snap/bin/chromium"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test func theDemosReviewPageLoadsCleanlyAndShowsThePlan() async throws {
        guard let chromium = Self.chromium else {
            print("SKIPPED: chromium is not installed (apt-get install -y chromium); the review page was not opened")
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("review-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        // The way of looking sees a request a page makes.
        let leaky = work.appendingPathComponent("leaky.html")
        try Data("<!doctype html><img src=\"http://127.0.0.1:9/x.png\"><p>x</p>".utf8).write(to: leaky)
        let probe = try await Self.open(leaky, chromium: chromium, work: work, name: "leaky")
        #expect(probe.pageRequests.contains("http://127.0.0.1:9/x.png"))

        let result = await runCLI(["demo", "--no-color"], environment: ["TMPDIR": work.path])
        #expect(result.status == .success, "\(result.standardError)")
        let line = try #require(
            result.standardOutput.split(separator: "\n").first { $0.hasPrefix("Review page: ") },
            "the demo names its review page")
        let page = URL(fileURLWithPath: String(line.dropFirst("Review page: ".count).prefix { $0 != " " }))
        let planURL = page.deletingLastPathComponent().appendingPathComponent("plan.json")
        let plan = try PlanRenderer.decode(try Data(contentsOf: planURL), path: planURL.path)

        let opened = try await Self.open(page, chromium: chromium, work: work, name: "review")
        #expect(opened.consoleMessages.isEmpty, "console: \(opened.consoleMessages)")
        #expect(opened.pageRequests.isEmpty, "requests outside file://: \(opened.pageRequests)")
        #expect(!opened.dom.contains("class=\"js-off\""), "the page's script did not run")
        #expect(opened.dom.contains(" shown</span>"), "the filter did not finish")

        let incidents = plan.changes.count { $0.kind == .incident && $0.action == .create }
        let updates = plan.changes.count { $0.kind == .incidentUpdate && $0.action == .create }
        #expect(incidents > 0)
        // The first cards are elements; the later ones wait as inert text until the reader comes near them.
        let rendered = "<article class=\"card m-new\" data-filter=\"\" data-kind=\"incident\""
        let waiting = "<article class=\"card m-new\" data-filter data-kind=\"incident\""
        #expect(Self.count(rendered, in: opened.dom) == min(incidents, StatusPageHTML.eagerCards))
        #expect(Self.count(rendered, in: opened.dom) + Self.count(waiting, in: opened.dom) == incidents)
        // Rendered all at once (as a filter does), every card and every timeline entry is an element; a
        // StatusHub incident is created with its first update, so every timeline entry written is a row.
        let all = try await Self.open(
            try #require(URL(string: page.absoluteString + "#all")), chromium: chromium, work: work, name: "all")
        #expect(all.consoleMessages.isEmpty, "console: \(all.consoleMessages)")
        #expect(!all.dom.contains("class=\"later\""))
        #expect(Self.count(rendered, in: all.dom) == incidents)
        #expect(Self.count("<li class=\"update m-new\" data-row=\"incident\"", in: all.dom) == incidents + updates)

        let shot = work.appendingPathComponent("review.png")
        let blank = work.appendingPathComponent("blank.html")
        try Data("<!doctype html><title>blank</title>".utf8).write(to: blank)
        let blankShot = work.appendingPathComponent("blank.png")
        try await Self.screenshot(page, to: shot, chromium: chromium, work: work)
        try await Self.screenshot(blank, to: blankShot, chromium: chromium, work: work)
        let size = try Data(contentsOf: shot).count
        let blankSize = try Data(contentsOf: blankShot).count
        #expect(size > 5 * blankSize, "the screenshot looks blank: \(size) bytes, an empty page's \(blankSize)")
    }

    // MARK: - Chromium

    struct Opened {
        var dom: String
        var consoleMessages: [String]
        var pageRequests: [String]
    }

    static let quiet = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--disable-default-apps", "--window-size=1280,2000",
    ]

    /// Opens `page`, returning the DOM after its script ran, its console messages and its requests.
    static func open(_ page: URL, chromium: String, work: URL, name: String) async throws -> Opened {
        let netlog = work.appendingPathComponent("\(name)-netlog.json")
        let run = try await Self.run(
            chromium,
            quiet + [
                "--user-data-dir=\(work.appendingPathComponent("profile-\(name)").path)",
                "--enable-logging=stderr", "--v=0", "--log-net-log=\(netlog.path)", "--dump-dom",
                page.absoluteString,
            ])
        let console = run.error.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Opened(dom: run.output, consoleMessages: console, pageRequests: try pageRequests(netlog))
    }

    /// URLs other than `file:` requested on behalf of a `file://` page, from a Chromium net log.
    static func pageRequests(_ netlog: URL) throws -> [String] {
        let data = try Data(contentsOf: netlog)
        guard let log = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let events = log["events"] as? [[String: Any]]
        else { return ["(unreadable net log)"] }
        var urls: [String] = []
        for event in events {
            guard let params = event["params"] as? [String: Any], let url = params["url"] as? String,
                let key = params["network_isolation_key"] as? String, key.hasPrefix("file://"),
                !url.hasPrefix("file:"), !urls.contains(url)
            else { continue }
            urls.append(url)
        }
        return urls
    }

    static func screenshot(_ page: URL, to png: URL, chromium: String, work: URL) async throws {
        _ = try await run(
            chromium,
            quiet + [
                "--user-data-dir=\(work.appendingPathComponent("profile-shot").path)", "--hide-scrollbars",
                "--screenshot=\(png.path)", page.absoluteString,
            ])
        #expect(FileManager.default.fileExists(atPath: png.path))
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Runs a program with a deadline of 120 s, returning what it wrote to stdout and stderr; waits on threads of
    /// its own, leaving the test process's concurrency threads to the tests beside it.
    static func run(_ path: String, _ arguments: [String]) async throws -> (output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let errors = ErrorCollector(stderr.fileHandleForReading)
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        let timer = Thread {
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { process.terminate() }
        }
        timer.start()
        let output = await stdout.fileHandleForReading.readToEndOnItsOwnThread()
        await process.exited()
        return (String(decoding: output, as: UTF8.self), errors.text())
    }

    /// Reads a pipe to its end on a thread of its own, so neither pipe can fill and block the child.
    final class ErrorCollector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread {
                self.data = handle.readDataToEndOfFile()
                self.done.signal()
            }.start()
        }

        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
