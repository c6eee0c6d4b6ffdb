import Foundation
import StatusSyncCore
import StatusSyncEmulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `statussync serve` as a child process against two emulators at 150 ms latency with their documented limits.
///
/// 1. Lag: changes of every kind the source's webhooks carry (new incident, note, resolve, maintenance planned,
///    started, completed), made one at a time through the source's API; each is timed from the moment the API
///    answered to the first moment the target's state differs (the target read in process every 5 ms).
/// 2. Budget: a 1,000-incident Freshstatus source (one incident every 8 hours, the latest an hour ago) and no
///    change: the calls of the start cycle and of `cycles` reconcile cycles, run every `--reconcile 5s` with
///    `--full-reconcile 20s` to measure light and full ones, each cycle's calls counted at the source emulator;
///    extrapolated to the defaults (15 minutes, a full one every 6 hours: 1 full and 3 light in the busiest
///    hour); and the serve process's RSS after its start vs after the cycles.
///
/// Needs the release `statussync` beside the bench: `swift build -c release` first.
enum ServeBenchmark {
    static let latency: Duration = .milliseconds(150)
    static let token = "bench-hook-token"

    static func run(changes: Int, cycles: Int) async throws {
        try await lag(changes: changes)
        try await budget(cycles: cycles)
    }

    // MARK: - Lag

    static func lag(changes: Int) async throws {
        let port = try freePort()
        let source = try start(
            .freshstatus, seed: SnapshotBenchmark.seed(.freshstatus, incidents: 20),
            webhook: URL(string: "http://127.0.0.1:\(port)/hooks/mirror?token=\(token)"))
        let target = try start(.statushub, seed: nil)
        let directory = try workspace(source: source, target: target, webhook: true)
        let serve = try launch(directory: directory, source: source, target: target, port: port, extra: [])
        defer { serve.terminate() }
        try await waitForReady(port: port, serve: serve)
        print("Lag: source change → first write visible in the target; emulators at \(latency), documented limits")
        let api = SourceAPI(emulator: source)
        var lags: [String: [Double]] = [:]
        var unseen = 0
        var incident = ""
        var maintenance = ""
        let kinds = [
            "new incident", "note", "resolve", "maintenance planned", "maintenance started", "maintenance completed",
        ]
        for index in 0..<changes {
            let kind = kinds[index % kinds.count]
            let before = target.stateData()
            switch kind {
            case "new incident":
                incident = try await api.write(
                    "POST", "incidents/",
                    #"{"title": "Bench \#(index)", "description": "d", "start_time": "\#(now())", "affected_components": [{"component": "1", "new_status": "MO"}]}"#
                )
            case "note":
                try await api.write(
                    "POST", "incident-updates/",
                    #"{"incident": \#(incident), "message": "note \#(index)", "incident_status": "Identified", "time": "\#(now())"}"#
                )
            case "resolve":
                try await api.write(
                    "POST", "incident-updates/",
                    #"{"incident": \#(incident), "message": "resolved \#(index)", "incident_status": "Resolved", "time": "\#(now())"}"#
                )
            case "maintenance planned":
                maintenance = try await api.write(
                    "POST", "maintenance/",
                    #"{"title": "Window \#(index)", "description": "d", "start_time": "\#(now(in: 3600))", "end_time": "\#(now(in: 7200))", "affected_components": [{"component": "2", "new_status": "UM"}]}"#
                )
            case "maintenance started":
                try await api.write("POST", "maintenance/\(maintenance)/start/", #"{"message": "started"}"#)
            default:
                try await api.write("POST", "maintenance/\(maintenance)/complete/", #"{"message": "done"}"#)
            }
            let changed = Date()
            if let seen = await firstChange(of: target, from: before, within: 30) {
                lags[kind, default: []].append(seen.timeIntervalSince(changed))
            } else {
                unseen += 1
            }
        }
        let all = lags.values.flatMap { $0 }.sorted()
        for kind in kinds {
            let values = (lags[kind] ?? []).sorted()
            print(
                String(
                    format: "  %-22@ %3d changes  p50 %6.2f s  p95 %6.2f s  max %6.2f s", kind as NSString,
                    values.count, percentile(values, 0.5), percentile(values, 0.95), values.last ?? .nan))
        }
        print(
            String(
                format: "  all %d changes: p50 %.2f s, p95 %.2f s, max %.2f s; no visible change within 30 s: %d",
                all.count, percentile(all, 0.5), percentile(all, 0.95), all.last ?? .nan, unseen))
        let metrics = try await text(local(port, "/metrics"))
        for line in metrics.split(separator: "\n") where !line.hasPrefix("#") {
            if line.contains("targeted_syncs_total") || line.contains("statussync_cycles_total")
                || line.contains("rate_limit_calls_left") || line.contains("change_lag_seconds_count")
            {
                print("  /metrics \(line)")
            }
        }
        serve.terminate()
        serve.waitUntilExit()
    }

    // MARK: - Budget

    static func budget(cycles: Int) async throws {
        let port = try freePort()
        // One incident every 8 hours up to an hour ago: 1,000 incidents over 333 days, 21 of them in the last week.
        let spacing = 8 * 3600
        let base = Int(Date().timeIntervalSince1970) - 3600 - 1000 * spacing
        let seed = SnapshotBenchmark.seed(.freshstatus, incidents: 1000, base: base, spacing: spacing)
        let source = try start(.freshstatus, seed: seed, webhook: nil)
        // The target's limits do not bear on the source's budget: unlimited, so the first migration is quick.
        let target = try start(.statushub, seed: nil, unlimited: true)
        let directory = try workspace(source: source, target: target, webhook: false, fastTarget: true)
        let interval = 5
        let fullEvery = 4
        print(
            "Budget: 1,000-incident Freshstatus source (one every 8 h, 21 in the last week), no change; "
                + "\(cycles) reconcile cycles every \(interval)s, 1 in \(fullEvery) full "
                + "(--full-reconcile \(interval * fullEvery)s), extrapolated to the defaults (15m, 6h)")
        let log = directory + "/serve.log"
        let serve = try launch(
            directory: directory, source: source, target: target, port: port,
            extra: ["--reconcile", "\(interval)s", "--full-reconcile", "\(interval * fullEvery)s"], log: log)
        defer { serve.terminate() }
        try await waitForReady(port: port, serve: serve)
        let startCalls = try await requests(source)
        let rssAtStart = rss(of: serve.processIdentifier)
        // Each cycle's calls: the requests between two cycle ends; its kind from its "cycle done (REASON)" line.
        var light: [Int] = []
        var full: [Int] = []
        var before = startCalls
        for done in 2...(1 + cycles) {
            try await waitForCycles(port: port, count: done)
            let now = try await requests(source)
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let ends = text.split(separator: "\n").filter { $0.contains("cycle done (") }
            let isLight = ends.count >= done && ends[done - 1].contains("cycle done (reconcile)")
            if isLight { light.append(now - before) } else { full.append(now - before) }
            before = now
        }
        let rssAfter = rss(of: serve.processIdentifier)
        serve.terminate()
        serve.waitUntilExit()
        func mean(_ values: [Int]) -> Double {
            values.isEmpty ? .nan : Double(values.reduce(0, +)) / Double(values.count)
        }
        let lightMean = mean(light)
        let fullMean = mean(full)
        // Defaults: a cycle every 15 minutes (4 an hour), 1 in 24 full.
        let busiest = fullMean + 3 * lightMean
        let average = (fullMean + 23 * lightMean) / 24 * 4
        print("  start cycle (first, full): \(startCalls) calls")
        print("  light cycles: \(light.count), calls each \(light) (mean \(String(format: "%.1f", lightMean)))")
        print("  full cycles: \(full.count), calls each \(full) (mean \(String(format: "%.1f", fullMean)))")
        print(
            String(
                format: "  at the defaults (--reconcile 15m --full-reconcile 6h): busiest hour (1 full + 3 light) "
                    + "%.0f of 1,000 Freshstatus calls; average %.0f an hour",
                busiest, average))
        // Started again at the defaults on the store the cycles left: the budget line computed from the snapshot.
        let again = directory + "/serve-again.log"
        let restarted = try launch(
            directory: directory, source: source, target: target, port: try freePort(), extra: [], log: again)
        defer { restarted.terminate() }
        var line: Substring?
        let deadline = Date().addingTimeInterval(120)
        while line == nil, Date() < deadline, restarted.isRunning {
            line = (try? String(contentsOfFile: again, encoding: .utf8))?.split(separator: "\n")
                .first { $0.contains("Freshstatus calls an hour") }
            try await Task.sleep(for: .milliseconds(50))
        }
        restarted.terminate()
        restarted.waitUntilExit()
        print("  serve's start-up line at the defaults, on the store the cycles left: \(line ?? "(none)")")
        print(
            "  serve RSS after the start cycle: \(rssAtStart / 1024) MiB; after \(cycles) more cycles: \(rssAfter / 1024) MiB"
        )
    }

    // MARK: - Parts

    private static func start(
        _ provider: EmulatedProvider, seed: Data?, webhook: URL? = nil, unlimited: Bool = false
    ) throws -> Emulator {
        var options = EmulatorOptions(provider: provider)
        options.seed = seed
        if unlimited { options.rateLimits = .unlimited }
        options.latency = latency
        options.webhookURL = webhook
        let emulator = try Emulator(options: options)
        try emulator.start()
        return emulator
    }

    private static func workspace(
        source: Emulator, target: Emulator, webhook: Bool, fastTarget: Bool = false
    ) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "serve-bench-\(UUID().uuidString)"
        )
        .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let mapping = FileManager.default.currentDirectoryPath + "/mappings/freshstatus-to-statushub.json"
        let hook = webhook ? #""webhook": {"tokenEnv": "HOOK_TOKEN"}, "# : ""
        let configuration = """
            {"version": 1, "store": "\(directory)/store",
             "accounts": {
               "old": {"provider": "freshstatus", "subdomain": "acme", "apiKeyEnv": "FS_KEY",
                       "baseURL": "\(source.baseURL.absoluteString)"},
               "new": {"provider": "statushub", "account": "acme", "hub": "acme-status", "apiKeyEnv": "SH_KEY",
                       \(fastTarget ? #""rateLimit": {"readsPerSecond": 1000, "writesPerSecond": 1000}, "# : "")
                       "baseURL": "\(target.baseURL.absoluteString)"}},
             "pairs": {"mirror": {\(hook)"source": "old", "target": "new", "mapping": "\(mapping)"}}}
            """
        try Data(configuration.utf8).write(to: URL(fileURLWithPath: directory + "/statussync.json"))
        return directory
    }

    private static func launch(
        directory: String, source: Emulator, target: Emulator, port: UInt16, extra: [String], log: String? = nil
    ) throws -> Process {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("statussync")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw StoreError.io(path: binary.path, reason: "not built; run 'swift build -c release' first")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments =
            ["serve", "--listen", "127.0.0.1:\(port)", "--config", directory + "/statussync.json"] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["FS_KEY"] = source.options.apiKey
        environment["SH_KEY"] = target.options.apiKey
        environment["HOOK_TOKEN"] = token
        process.environment = environment
        if let log { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        process.standardOutput = FileHandle(forWritingAtPath: log ?? "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return process
    }

    private static func freePort() throws -> UInt16 {
        var options = EmulatorOptions(provider: .freshstatus)
        options.rateLimits = .unlimited
        let probe = try Emulator(options: options)
        try probe.start()
        let port = UInt16(probe.baseURL.port ?? 0)
        probe.stop()
        return port
    }

    /// `http://127.0.0.1:PORT/PATH`.
    private static func local(_ port: UInt16, _ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)") ?? URL(fileURLWithPath: path)
    }

    private static func text(_ url: URL) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: url)
        return String(decoding: data, as: UTF8.self)
    }

    private static func waitForReady(port: UInt16, serve: Process, seconds: Double = 600) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, serve.isRunning {
            if let (_, response) = try? await URLSession.shared.data(from: local(port, "/readyz")),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw StoreError.io(path: "serve", reason: "exited, or not ready within \(Int(seconds)) s")
    }

    private static func waitForCycles(port: UInt16, count: Int) async throws {
        let sample = #"statussync_cycles_total{pair="mirror"} "#
        while true {
            let metrics = try await text(local(port, "/metrics"))
            let done =
                metrics.split(separator: "\n").first { $0.hasPrefix(sample) }
                .flatMap { Int($0.dropFirst(sample.count)) } ?? 0
            if done >= count { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The requests `emulator` has answered.
    private static func requests(_ emulator: Emulator) async throws -> Int {
        let (data, _) = try await URLSession.shared.data(
            from: emulator.inspectionURL.appendingPathComponent("requests"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["requests"] as? [Any])?.count ?? 0
    }

    /// The first moment, polled every 5 ms, `emulator`'s state differs from `before`; `nil` after `within` seconds.
    private static func firstChange(of emulator: Emulator, from before: Data, within: Double) async -> Date? {
        let deadline = Date().addingTimeInterval(within)
        while Date() < deadline {
            if emulator.stateData() != before { return Date() }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// `VmRSS` of a process, in KiB.
    private static func rss(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    private static func percentile(_ sorted: [Double], _ share: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * share).rounded(.up)) - 1)]
    }

    private static func now(in seconds: TimeInterval = 0) -> String {
        UTCInstant.format(Date().addingTimeInterval(seconds))
    }

    /// Writes to the source emulator's API as a user would.
    private struct SourceAPI {
        let emulator: Emulator

        @discardableResult
        func write(_ method: String, _ path: String, _ body: String) async throws -> String {
            var request = URLRequest(url: emulator.baseURL.appendingPathComponent(path))
            request.httpMethod = method
            let options = emulator.options
            let credentials = Data("\(options.apiKey):\(options.subdomain)".utf8).base64EncodedString()
            request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                throw StoreError.io(
                    path: path, reason: "\(status) \(String(decoding: data.prefix(300), as: UTF8.self))")
            }
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            return (object?["id"]).map { "\($0)" } ?? ""
        }
    }
}
