import Foundation
import StatusSyncCore
import StatusSyncEmulator

/// Snapshot calls, time and peak memory against the emulators on loopback.
///
/// (a) a full snapshot of a small account of each provider: calls against the minimum (one request
/// per list page plus one detail per StatusHub incident); (b) the same account again with the first
/// snapshot as the previous one: calls against the list pages alone; (c) the StatusHub account with
/// 150 ms of latency per request at the documented 30 reads per second: time against the floor the
/// limit sets; (d) a hub of many incidents, fetched by a child process whose peak RSS (`VmHWM`) is
/// the snapshot's alone.
enum SnapshotBenchmark {
    static func run(largeIncidents: Int) async throws {
        print("(a) full and (b) incremental snapshot of a small account, documented rate limits")
        for provider in EmulatedProvider.allCases {
            let emulator = try start(provider, seed: seed(provider, incidents: 40), latency: .zero, unlimited: true)
            defer { emulator.stop() }
            let client = client(for: emulator, limits: provider == .statushub ? .statusHub : .freshstatus)
            let clock = ContinuousClock()
            let startedAt = Instant(Date())
            let start = clock.now
            let full = try await client.fetchAccount(previous: nil, progress: nil)
            let fullTime = clock.now - start
            let minimum = minimumCalls(provider, counts: full.counts, pageSize: emulator.options.pageSize)
            print(
                "  \(provider.rawValue): full: \(full.calls) calls (minimum \(minimum.total): \(minimum.lists) list "
                    + "pages + \(minimum.details) details), \(seconds(fullTime)) s; entities \(full.counts.values.reduce(0, +))"
            )
            let previous = Snapshot(
                provider: client.provider, account: "bench", fetchedAt: Instant(Date()), startedAt: startedAt,
                calls: full.calls, data: full.data)
            let again = clock.now
            let incremental = try await client.fetchAccount(previous: previous, progress: nil)
            print(
                "  \(provider.rawValue): incremental, nothing changed: \(incremental.calls) calls (list pages: "
                    + "\(minimum.lists)), \(incremental.reusedDetails) details reused, \(seconds(clock.now - again)) s, "
                    + "same digest: \(Snapshot.digest(of: incremental.data) == Snapshot.digest(of: full.data))")
        }

        for enforcing in [false, true] {
            print(
                "(c) StatusHub full snapshot at 150 ms latency, client paced as statussync paces (95% of 30 reads/s), emulator "
                    + (enforcing ? "enforcing 30 per second" : "not limiting"))
            let emulator = try start(
                .statushub, seed: seed(.statushub, incidents: 150), latency: .milliseconds(150), unlimited: !enforcing)
            defer { emulator.stop() }
            let stack = TransportStack.live(
                credential: .statusHub(apiKey: emulator.options.apiKey),
                rateLimits: AccountRateLimits.statusHub.withHeadroom())
            let client = StatusHubClient(baseURL: emulator.baseURL, hub: emulator.options.hub, transport: stack)
            let clock = ContinuousClock()
            let start = clock.now
            let result = try await client.fetchAccount(previous: nil, progress: nil)
            let elapsed = clock.now - start
            let floor = Double(result.calls) / 30
            let usage = await stack.usage()
            print(
                "  \(result.calls) calls in \(seconds(elapsed)) s; floor \(result.calls)/30 = "
                    + String(format: "%.3f", floor) + " s; ratio "
                    + String(format: "%.3f", elapsed.seconds / floor) + "; 429s: \(usage.throttled)")
        }

        print(
            "(d) StatusHub hub of \(largeIncidents) incidents (3 updates each), client limit 1000 reads/s, child process"
        )
        let emulator = try start(
            .statushub, seed: seed(.statushub, incidents: largeIncidents), latency: .zero, unlimited: true)
        defer { emulator.stop() }
        print(
            try PlanBenchmark.child([
                "snapshot-one", emulator.baseURL.absoluteString, emulator.options.hub, emulator.options.apiKey,
            ]), terminator: "")
    }

    /// The child of (d): one full snapshot saved to a temporary store, then its time and peak RSS.
    static func runOne(baseURL: String, hub: String, key: String) async throws {
        guard let url = URL(string: baseURL) else { return }
        let limits = try AccountRateLimits(defaults: .statusHub, readsPerSecond: 1000)
        let stack = TransportStack.live(credential: .statusHub(apiKey: key), rateLimits: limits)
        let client = StatusHubClient(baseURL: url, hub: hub, transport: stack, detailConcurrency: 16)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snap-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ContinuousClock()
        let start = clock.now
        let report = try await AccountSnapshotter(store: FileStore(root: directory.path)).snapshot(
            account: "bench", client: client, full: true)
        let elapsed = clock.now - start
        let size = (try? FileManager.default.attributesOfItem(atPath: report.path)[.size] as? Int) ?? 0
        print(
            "  \(report.fetch.counts["incidents"] ?? 0) incidents, \(report.fetch.calls) calls, fetch+save "
                + "\(seconds(elapsed)) s, snapshot file \(size / 1_048_576) MiB, peak RSS \(peakRSS())")
    }

    private static func minimumCalls(_ provider: EmulatedProvider, counts: [String: Int], pageSize: Int)
        -> (total: Int, lists: Int, details: Int)
    {
        let perPage = provider == .statushub ? ProviderPaging.statusHubPerPage : pageSize
        let lists = counts.values.reduce(0) { $0 + max(1, ($1 + perPage - 1) / perPage) }
        let details = provider == .statushub ? counts["incidents"] ?? 0 : 0
        return (lists + details, lists, details)
    }

    private static func start(_ provider: EmulatedProvider, seed: Data, latency: Duration, unlimited: Bool) throws
        -> Emulator
    {
        var options = EmulatorOptions(provider: provider)
        options.seed = seed
        options.latency = latency
        if unlimited { options.rateLimits = .unlimited }
        let emulator = try Emulator(options: options)
        try emulator.start()
        return emulator
    }

    private static func client(for emulator: Emulator, limits: AccountRateLimits) -> any StatusPageProvider {
        let options = emulator.options
        switch options.provider {
        case .freshstatus:
            let stack = TransportStack.live(
                credential: .freshstatus(apiKey: options.apiKey, subdomain: options.subdomain), rateLimits: limits)
            return FreshstatusClient(baseURL: emulator.baseURL, transport: stack)
        case .statushub:
            let stack = TransportStack.live(credential: .statusHub(apiKey: options.apiKey), rateLimits: limits)
            return StatusHubClient(baseURL: emulator.baseURL, hub: options.hub, transport: stack)
        }
    }

    /// A seed with 3 groups, 12 services, `incidents` incidents of 3 updates, 6 maintenances (and StatusHub templates).
    ///
    /// Incident `id` starts at `base + id × spacing` (seconds since 1970; by default from 2025-01-01, every 10 minutes).
    static func seed(
        _ provider: EmulatedProvider, incidents: Int, base: Int = 1_735_689_600, spacing: Int = 600
    ) -> Data {
        var lines: [String] = []
        let groups = (1...3).map { "{\"id\": \($0), \"name\": \"Group \($0)\", \"order\": \($0), \"position\": \($0)}" }
        let services = (1...12).map {
            "{\"id\": \($0), \"name\": \"Service \($0)\", \"group\": \($0 % 3 + 1), \"group_id\": \($0 % 3 + 1)}"
        }
        lines.append("\"groups\": [\(groups.joined(separator: ","))]")
        lines.append("\"services\": [\(services.joined(separator: ","))]")
        func time(_ seconds: Int) -> String { UTCInstant.format(seconds: Int64(seconds)) }
        var events: [String] = []
        for id in 1...max(incidents, 1) {
            let start = base + id * spacing
            let service = id % 12 + 1
            switch provider {
            case .freshstatus:
                let updates = ["Investigating", "Identified", "Resolved"].enumerated().map { index, phase in
                    "{\"id\": \(id * 10 + index), \"message\": \"Update \(index) of incident \(id)\", \"time\": \"\(time(start + index * 60))\", \"incident_status\": \"\(phase)\"}"
                }
                events.append(
                    "{\"id\": \(id), \"title\": \"Incident \(id)\", \"description\": \"Description of incident \(id)\", \"start_time\": \"\(time(start))\", \"end_time\": \"\(time(start + 120))\", \"affected_components\": [{\"component\": \"\(service)\", \"new_status\": \"PD\"}], \"incident_updates\": [\(updates.joined(separator: ","))]}"
                )
            case .statushub:
                let updates = ["investigating", "identified", "resolved"].enumerated().map { index, phase in
                    "{\"id\": \(id * 10 + index), \"title\": \"Incident \(id)\", \"body\": \"Update \(index) of incident \(id)\", \"start_time\": \"\(time(start + index * 60))\", \"incident_type\": \"\(phase)\", \"service_statuses\": [{\"service_id\": \(service), \"status\": \"\(index == 2 ? "up" : "down")\"}]}"
                }
                events.append(
                    "{\"id\": \(id), \"start_time\": \"\(time(start))\", \"end_time\": \"\(time(start + 120))\", \"updated_at\": \"\(time(start + 121))\", \"incident_updates\": [\(updates.joined(separator: ","))]}"
                )
            }
        }
        lines.append("\"incidents\": [\(events.joined(separator: ","))]")
        let maintenances = (1...6).map { index in
            let start = base + 86_400 * index
            return
                "{\"id\": \(incidents + index), \"title\": \"Maintenance \(index)\", \"description\": \"Window\", \"body\": \"Window\", \"start_time\": \"\(time(start))\", \"end_time\": \"\(time(start + 3600))\", \"affected_components\": [{\"component\": \"1\", \"new_status\": \"UM\"}], \"service_statuses\": [{\"service_id\": 1, \"status\": \"down\"}], \"maintenance_updates\": []}"
        }
        lines.append("\"maintenances\": [\(maintenances.joined(separator: ","))]")
        switch provider {
        case .freshstatus:
            lines.append(
                "\"incident_statuses\": [{\"id\": 1, \"value\": \"Investigating\"}, {\"id\": 2, \"value\": \"Identified\"}, {\"id\": 3, \"value\": \"Monitoring\"}, {\"id\": 4, \"value\": \"Resolved\"}]"
            )
        case .statushub:
            lines.append("\"incident_templates\": [{\"id\": 1, \"title\": \"Looking\", \"body\": \"We are looking\"}]")
            lines.append(
                "\"maintenance_templates\": [{\"id\": 2, \"title\": \"Patch\", \"body\": \"Patching\", \"duration\": 60}]"
            )
        }
        return Data(("{" + lines.joined(separator: ",") + "}").utf8)
    }

    private static func seconds(_ duration: Duration) -> String { String(format: "%.3f", duration.seconds) }

    /// `VmHWM` from `/proc/self/status`, the process's peak resident set.
    static func peakRSS() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return "unknown" }
        let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        return "\(kilobytes / 1024) MiB"
    }
}

extension Duration {
    /// The duration in seconds.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
