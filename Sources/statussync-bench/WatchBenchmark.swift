import Foundation
import StatusSyncEmulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A long `sync --watch` run of the release `statussync` against the two emulators, with a change made in the
/// source every 20 seconds: cycles, changes carried to the target, and the child's resident memory over time.
enum WatchBenchmark {
    static let changeEvery: TimeInterval = 20
    static let sampleEvery: TimeInterval = 300

    /// Runs the watcher for `minutes`, changing the source as it goes, then checks the target and prints the figures.
    ///
    /// - Parameters:
    ///   - minutes: how long changes are made; the run then waits for the last ones to reach the target.
    ///   - interval: the watcher's `--interval` (e.g. `10s`).
    ///   - seedPath: the Freshstatus account the source emulator starts with.
    /// - Throws: when the seed, the emulators or the child process cannot be set up.
    static func run(minutes: Double, interval: String, seedPath: String) async throws {
        guard let seed = FileManager.default.contents(atPath: seedPath) else {
            throw BenchError("cannot read \(seedPath); run from the project's root")
        }
        let binary = try CrashBenchmark.releaseBinary()
        var sourceOptions = EmulatorOptions(provider: .freshstatus)
        sourceOptions.seed = seed
        sourceOptions.rateLimits = .unlimited
        var targetOptions = EmulatorOptions(provider: .statushub)
        targetOptions.rateLimits = .unlimited
        let source = try Emulator(options: sourceOptions)
        let target = try Emulator(options: targetOptions)
        try source.start()
        try target.start()
        defer {
            source.stop()
            target.stop()
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "watch-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = try writeConfiguration(in: directory, source: source, target: target)

        let child = Process()
        child.executableURL = binary
        child.arguments = ["sync", "migrate", "--watch", "--interval", interval, "--config", configPath]
        var environment = ["FS_KEY": sourceOptions.apiKey, "SH_KEY": targetOptions.apiKey]
        // Passed through so a run can compare glibc's malloc arenas (fragmentation) with a leak.
        environment["MALLOC_ARENA_MAX"] = ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"]
        child.environment = environment
        let lines = LineCounter()
        let output = Pipe()
        output.fileHandleForReading.readabilityHandler = { lines.add($0.availableData) }
        child.standardOutput = output
        child.standardError = output
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        let pid = child.processIdentifier
        say("watch: sync --watch --interval \(interval) for \(minutes) min, a change in the source every 20 s")
        let launchRSS = residentKiB(pid)
        let firstCycle = await waitFor(seconds: 600) { lines.cycles >= 1 }
        let startRSS = residentKiB(pid)
        say(
            "first cycle \(firstCycle ? "done" : "NOT done in 600 s"); RSS at launch \(launchRSS) KiB, after it \(startRSS) KiB"
        )

        let changes = SourceChanges(source: source)
        let begin = Date()
        var nextSample = begin.addingTimeInterval(sampleEvery)
        var samples: [(minute: Int, kib: Int)] = [(0, startRSS)]
        while Date().timeIntervalSince(begin) < minutes * 60, child.isRunning {
            do { try await changes.makeOne() } catch { say("a change failed: \(error)") }
            try await Task.sleep(for: .seconds(changeEvery))
            if Date() >= nextSample {
                let minute = Int(Date().timeIntervalSince(begin) / 60)
                let kib = residentKiB(pid)
                samples.append((minute, kib))
                say("minute \(minute): cycles \(lines.cycles), changes \(changes.made), RSS \(kib) KiB")
                nextSample = nextSample.addingTimeInterval(sampleEvery)
            }
        }
        let settled = await waitFor(seconds: 300) { changes.missing(in: target).isEmpty }
        let endRSS = residentKiB(pid)
        samples.append((Int(Date().timeIntervalSince(begin) / 60), endRSS))
        kill(pid, SIGTERM)
        child.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil

        let missing = changes.missing(in: target)
        let duplicates = changes.duplicatedTitles(in: target)
        say(
            "cycles: \(lines.cycles) (error lines: \(lines.errors)); exit status after SIGTERM: \(child.terminationStatus)"
        )
        say(
            "changes made: \(changes.made), carried: \(changes.made - missing.count)"
                + "\(settled ? "" : " (not all within 300 s)"); duplicate incidents: \(duplicates.count)")
        if !missing.isEmpty { say("missing: \(missing.prefix(10).joined(separator: "; "))") }
        let after5 = samples.first { $0.minute >= 5 }?.kib
        say(
            "RSS: launch \(launchRSS) KiB, after the first cycle \(startRSS) KiB, after 5 min \(after5.map(String.init) ?? "-") KiB, "
                + "at the end \(endRSS) KiB; samples (minute:KiB): "
                + samples.map { "\($0.minute):\($0.kib)" }.joined(separator: " "))
    }

    /// Writes a configuration for the pair `migrate` between the two emulators and returns its path.
    static func writeConfiguration(
        in directory: URL, source: Emulator, target: Emulator, writesPerSecond: Int = 1000
    ) throws -> String {
        let mapping = URL(fileURLWithPath: "mappings/freshstatus-to-statushub.json").standardizedFileURL.path
        let configuration = """
            {"version": 1, "store": "\(directory.path)/store",
             "accounts": {
               "old": {"provider": "freshstatus", "subdomain": "\(source.options.subdomain)", "apiKeyEnv": "FS_KEY",
                       "baseURL": "\(source.baseURL.absoluteString)", "rateLimit": {"callsPerHour": 10000000}},
               "new": {"provider": "statushub", "account": "acme", "hub": "\(target.options.hub)", "apiKeyEnv": "SH_KEY",
                       "baseURL": "\(target.baseURL.absoluteString)",
                       "rateLimit": {"readsPerSecond": 1000, "writesPerSecond": \(writesPerSecond)}}},
             "pairs": {"migrate": {"source": "old", "target": "new", "mapping": "\(mapping)"}}}
            """
        let path = directory.appendingPathComponent("statussync.json").path
        try Data(configuration.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The process's resident set (`VmRSS` in `/proc/PID/status`), in KiB; 0 when it cannot be read.
    static func residentKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Polls `condition` every 100 ms for at most `seconds`.
    static func waitFor(seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(), Date() < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        return condition()
    }

    /// Prints a line and flushes, so that a run with its output in a file shows its progress.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// Counts the watcher's output lines: one `sync pair=` summary per cycle, and error lines.
final class LineCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = Data()
    private var cycleCount = 0
    private var errorCount = 0

    func add(_ data: Data) {
        lock.withLock {
            pending.append(data)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                if line.contains("pair=") { cycleCount += 1 }
                if line.hasPrefix("error") || line.hasPrefix("failed") { errorCount += 1 }
            }
        }
    }

    var cycles: Int { lock.withLock { cycleCount } }
    var errors: Int { lock.withLock { errorCount } }
}

/// Changes made in the Freshstatus emulator through its HTTP API, in turn: a new incident, a note on it,
/// its resolution, a service renamed; and the check that each reached the StatusHub target.
final class SourceChanges {
    let source: Emulator
    private(set) var made = 0
    private var incidentTitles: [String] = []
    private var messages: [String] = []
    private var serviceNames: [Int: String] = [:]
    private var lastIncident: Int?

    init(source: Emulator) { self.source = source }

    func makeOne() async throws {
        let number = made + 1
        let now = ISO8601DateFormatter().string(from: Date())
        switch (made % 4, lastIncident) {
        case (1, let incident?):
            let message = "Watch note \(number)"
            try await send(
                "POST", "incident-updates/",
                ["incident": incident, "message": message, "time": now, "incident_status": "Identified"])
            messages.append(message)
        case (2, let incident?):
            let message = "Watch resolved \(number)"
            try await send("POST", "incidents/\(incident)/resolve/", ["message": message])
            messages.append(message)
        case (3, _):
            let service = 1 + (number / 4) % 5
            let name = "Watch service \(number)"
            try await send("PATCH", "services/\(service)/", ["name": name])
            serviceNames[service] = name
        default:
            let title = "Watch incident \(number)"
            let created = try await send(
                "POST", "incidents/",
                [
                    "title": title, "description": "made by the watch benchmark", "start_time": now,
                    "affected_components": [["component": "1", "new_status": "PO"]],
                ])
            lastIncident = created["id"] as? Int
            incidentTitles.append(title)
        }
        made += 1
    }

    @discardableResult
    func send(_ method: String, _ path: String, _ body: [String: Any]) async throws -> [String: Any] {
        var request = URLRequest(url: source.baseURL.appendingPathComponent(path))
        request.httpMethod = method
        let credentials = Data("\(source.options.apiKey):\(source.options.subdomain)".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw BenchError("\(method) \(path): \(status) \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// The changes not (yet) visible in the target: incident titles, note and resolution messages, and each
    /// renamed service's latest name (earlier names of a service are superseded and counted with it).
    func missing(in target: Emulator) -> [String] {
        let state = (try? JSONSerialization.jsonObject(with: target.stateData())) as? [String: Any] ?? [:]
        let incidents = (state["incidents"] as? [[String: Any]] ?? []).filter { ($0["deleted"] as? Bool) != true }
        let titles = Set(incidents.compactMap { $0["title"] as? String })
        let text = String(decoding: (try? JSONSerialization.data(withJSONObject: incidents)) ?? Data(), as: UTF8.self)
        let services = Set((state["services"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        return incidentTitles.filter { !titles.contains($0) } + messages.filter { !text.contains("\"\($0)\"") }
            + serviceNames.values.filter { !services.contains($0) }.sorted()
    }

    /// Titles of the benchmark's incidents found more than once in the target.
    func duplicatedTitles(in target: Emulator) -> [String] {
        let state = (try? JSONSerialization.jsonObject(with: target.stateData())) as? [String: Any] ?? [:]
        let titles = (state["incidents"] as? [[String: Any]] ?? []).filter { ($0["deleted"] as? Bool) != true }
            .compactMap { $0["title"] as? String }.filter { $0.hasPrefix("Watch incident") }
        return Dictionary(grouping: titles) { $0 }.filter { $0.value.count > 1 }.map(\.key).sorted()
    }
}

/// A benchmark's setup failure, printed as one line.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
