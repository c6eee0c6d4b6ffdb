import Foundation
import StatusSyncCLI
import StatusSyncEmulator
import StatusSyncHTTPServer
import StatusSyncTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A webhook that names an incident or a maintenance syncs that entity alone, end to end over HTTP.
@Suite struct TargetedSyncTests {
    static let token = "hook-secret-5678"

    /// The workspace with its pair taking webhooks, its source emulator posting them to `hook`.
    static func makeWorkspace(sourceWebhook: URL? = nil, seed: String = LiveWorkspace.seed) throws -> LiveWorkspace {
        let workspace = try LiveWorkspace(sourceSeed: seed, sourceWebhook: sourceWebhook)
        let configuration = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        try Data(
            configuration.replacingOccurrences(
                of: #""migrate": {"source""#, with: #""migrate": {"webhook": {"tokenEnv": "HOOK_TOKEN"}, "source""#
            ).utf8
        ).write(to: URL(fileURLWithPath: workspace.configPath))
        return workspace
    }

    /// A workspace whose source posts its webhooks to the serve started beside it on a loopback port.
    ///
    /// The port is found free first, because the source's webhook address must be known before serve starts; another
    /// socket may take it before serve binds it, and serve then ends at once: it is tried again on another port.
    static func servingWithWebhooks(arguments: [String] = []) async throws -> (LiveWorkspace, RunningServe) {
        for attempt in 1... {
            let (port, hook) = try hookAddress()
            let workspace = try makeWorkspace(sourceWebhook: hook)
            do {
                let serve = try await RunningServe(
                    workspace, arguments: ["--listen", "127.0.0.1:\(port)"] + arguments,
                    environment: ["HOOK_TOKEN": token])
                return (workspace, serve)
            } catch let error as RunningServe.EndedBeforeListening where attempt < 3 {
                print("trying another port: \(error)")  // Kept in the test log: how often it happens.
            }
        }
        throw CancellationError()
    }

    /// A free loopback port, and the webhook URL of the pair on it.
    static func hookAddress() throws -> (port: UInt16, url: URL) {
        let probe = HTTPServer(host: "127.0.0.1", port: 0) { _ in .dropConnection }
        let port = try probe.start()
        probe.stop()
        return (port, try #require(URL(string: "http://127.0.0.1:\(port)/hooks/migrate?token=\(Self.token)")))
    }

    /// Sends a write to the source's API and returns the id it answers with.
    @discardableResult
    static func sourceWrite(_ workspace: LiveWorkspace, _ method: String, _ path: String, _ body: String) async throws
        -> String
    {
        var request = URLRequest(url: workspace.source.baseURL.appendingPathComponent(path))
        request.httpMethod = method
        let options = workspace.source.options
        let credentials = Data("\(options.apiKey):\(options.subdomain)".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            Issue.record("\(method) \(path): \(status) \(String(decoding: data, as: UTF8.self))")
            throw URLError(.badServerResponse)
        }
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["id"]).map { "\($0)" } ?? ""
    }

    /// The target's live incidents or maintenances, read in process.
    static func targetItems(_ workspace: LiveWorkspace, _ key: String) -> [[String: Any]] {
        let state = (try? JSONSerialization.jsonObject(with: workspace.target.stateData())) as? [String: Any] ?? [:]
        return (state[key] as? [[String: Any]] ?? []).filter { ($0["deleted"] as? Bool) != true }
    }

    @Test func aWebhookSyncsTheIncidentItNamesReadingItAloneAndInOrder() async throws {
        let (workspace, serve) = try await Self.servingWithWebhooks()
        try await waitUntil("the first cycle ends") { try await serve.request("GET", "/readyz").status == 200 }
        let targeted = #"statussync_targeted_syncs_total{pair="migrate"}"#
        _ = try await workspace.takeRequests(of: workspace.source)
        _ = try await workspace.takeRequests(of: workspace.target)

        // The emulator posts INCIDENT_OPEN with the new incident's id.
        try await workspace.addSourceIncident(title: "Targeted outage")
        try await waitUntil("the incident reaches the target") {
            Self.targetItems(workspace, "incidents").contains { $0["title"] as? String == "Targeted outage" }
        }
        try await waitUntil("the targeted sync is counted") { try await serve.metric(targeted) ?? 0 >= 1 }
        let sourceReads = try await workspace.takeRequests(of: workspace.source).filter { $0.method == "GET" }
        #expect(sourceReads.map(\.path) == ["/api/v1/incidents/101/"], "\(sourceReads)")
        let targetReads = try await workspace.takeRequests(of: workspace.target).filter { $0.method == "GET" }
        #expect(!targetReads.contains { $0.path.hasSuffix("/incidents") || $0.path.hasSuffix("/services") })
        #expect(serve.output.text.contains("sync of incident:101 done (webhook INCIDENT_OPEN id=101)"))
        #expect(try await serve.metric(#"statussync_cycles_total{pair="migrate"}"#) == 1)

        // Three notes in a row: each webhook names the incident; the notes arrive in their order.
        for (index, phase) in ["Investigating", "Investigating", "Resolved"].enumerated() {
            try await Self.sourceWrite(
                workspace, "POST", "incident-updates/",
                #"{"incident": 101, "message": "note \#(index)", "incident_status": "\#(phase)", "time": "2026-04-01T00:0\#(index + 1):00Z"}"#
            )
        }
        try await waitUntil("the three notes reach the target") {
            let incident = Self.targetItems(workspace, "incidents").first {
                $0["title"] as? String == "Targeted outage"
            }
            let updates = (incident?["incident_updates"] as? [[String: Any]] ?? []).compactMap {
                $0["body"] as? String ?? $0["message"] as? String
            }
            return updates.filter { $0.hasPrefix("note ") } == ["note 0", "note 1", "note 2"]
        }
        let reads = try await workspace.takeRequests(of: workspace.source).filter { $0.method == "GET" }
        #expect(reads.allSatisfy { $0.path == "/api/v1/incidents/101/" }, "\(reads)")
        #expect((1...3).contains(reads.count), "three webhooks made \(reads.count) reads")
        #expect(try await serve.metric(#"statussync_cycles_total{pair="migrate"}"#) == 1)

        // A replay of the same change reads again and writes nothing.
        _ = try await workspace.takeTargetWrites()
        let before = try await serve.metric(targeted) ?? 0
        let replay = try await serve.request(
            "POST", "/hooks/migrate?token=\(Self.token)",
            body: #"{"id": "101", "title": "Targeted outage", "event_data": {"event_type": "INCIDENT_OPEN"}}"#)
        #expect(replay.status == 202)
        try await waitUntil("the replay's sync ends") { try await serve.metric(targeted) ?? 0 > before }
        #expect(try await workspace.takeTargetWrites() == 0)
        let lag = try #require(try await serve.metric(#"statussync_last_change_lag_seconds{pair="migrate"}"#))
        #expect(lag >= 0 && lag < 60)
        let left = try #require(
            try await serve.metric(#"statussync_rate_limit_calls_left{pair="migrate",account="old"}"#))
        #expect(left < 100_000 && left > 99_000, "the calls of the cycle and the syncs are counted: \(left)")
        #expect(try await serve.stop() == .success)
    }

    @Test func aWebhookSyncsTheMaintenanceItNames() async throws {
        let (workspace, serve) = try await Self.servingWithWebhooks()
        try await waitUntil("the first cycle ends") { try await serve.request("GET", "/readyz").status == 200 }
        _ = try await workspace.takeRequests(of: workspace.source)
        let id = try await Self.sourceWrite(
            workspace, "POST", "maintenance/",
            #"{"title": "Database upgrade", "description": "d", "start_time": "2030-01-01T00:00:00Z", "end_time": "2030-01-01T02:00:00Z", "affected_components": [{"component": "10", "new_status": "UM"}]}"#
        )
        try await waitUntil("the maintenance reaches the target") {
            Self.targetItems(workspace, "maintenances").contains { $0["title"] as? String == "Database upgrade" }
        }
        try await waitUntil("the targeted sync is logged") {
            serve.output.text.contains("sync of maintenance:\(id) done")
        }
        let reads = try await workspace.takeRequests(of: workspace.source).filter { $0.method == "GET" }
        #expect(reads.map(\.path) == ["/api/v1/maintenance/\(id)/"], "\(reads)")
        #expect(try await serve.metric(#"statussync_cycles_total{pair="migrate"}"#) == 1)
        #expect(try await serve.stop() == .success)
    }
}

/// Two changes to one entity in quick succession, the second made as soon as the first shows in the target
/// (as a user, or the serve benchmark, would): the target ends with the second.
@Suite struct TargetedSyncSuccessionTests {
    /// The target's maintenance or incident titled `title`, serialized, or `nil`.
    static func targetItem(_ workspace: LiveWorkspace, _ key: String, title: String) -> [String: Any]? {
        TargetedSyncTests.targetItems(workspace, key).first { $0["title"] as? String == title }
    }

    static func serialized(_ item: [String: Any]?) -> Data {
        item.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: .sortedKeys) } ?? Data()
    }

    /// A workspace whose source posts its webhooks to a serve, once serve's first cycle has ended.
    static func serving() async throws -> (LiveWorkspace, RunningServe) {
        let (workspace, serve) = try await TargetedSyncTests.servingWithWebhooks()
        try await waitUntil("the first cycle ends") { try await serve.request("GET", "/readyz").status == 200 }
        return (workspace, serve)
    }

    @Test func aMaintenanceStartedThenCompletedAtOnceEndsCompletedInTheTarget() async throws {
        let (workspace, serve) = try await Self.serving()
        // Twice as the benchmark does (the completion once the start shows), once both at once (one sync).
        for (round, waitsForStart) in [true, true, false].enumerated() {
            let title = "Window \(round)"
            let id = try await TargetedSyncTests.sourceWrite(
                workspace, "POST", "maintenance/",
                #"{"title": "\#(title)", "description": "d", "start_time": "2030-01-01T00:00:00Z", "end_time": "2030-01-01T02:00:00Z", "affected_components": [{"component": "10", "new_status": "UM"}]}"#
            )
            try await waitUntil("the maintenance reaches the target") {
                Self.targetItem(workspace, "maintenances", title: title) != nil
            }
            let planned = Self.serialized(Self.targetItem(workspace, "maintenances", title: title))
            try await TargetedSyncTests.sourceWrite(
                workspace, "POST", "maintenance/\(id)/start/", #"{"message": "started"}"#)
            if waitsForStart {
                try await waitUntil("the start shows in the target") {
                    Self.serialized(Self.targetItem(workspace, "maintenances", title: title)) != planned
                }
            }
            try await TargetedSyncTests.sourceWrite(
                workspace, "POST", "maintenance/\(id)/complete/", #"{"message": "done"}"#)
            try await waitUntil("the completion reaches the target", seconds: 60) {
                let end = Self.targetItem(workspace, "maintenances", title: title)?["end_time"] as? String
                return end.map { !$0.hasPrefix("2030") } ?? false
            }
        }
        #expect(try await serve.stop() == .success)
    }

    @Test func anIncidentNotedThenResolvedAtOnceEndsResolvedInTheTarget() async throws {
        let (workspace, serve) = try await Self.serving()
        let now = { ISO8601DateFormatter().string(from: Date()) }
        for round in 0..<3 {
            let title = "Outage \(round)"
            let id = try await TargetedSyncTests.sourceWrite(
                workspace, "POST", "incidents/",
                #"{"title": "\#(title)", "description": "d", "start_time": "\#(now())", "affected_components": [{"component": "10", "new_status": "MO"}]}"#
            )
            try await waitUntil("the incident reaches the target") {
                Self.targetItem(workspace, "incidents", title: title) != nil
            }
            let opened = Self.serialized(Self.targetItem(workspace, "incidents", title: title))
            try await TargetedSyncTests.sourceWrite(
                workspace, "POST", "incident-updates/",
                #"{"incident": \#(id), "message": "note \#(round)", "incident_status": "Investigating", "time": "\#(now())"}"#
            )
            try await waitUntil("the note shows in the target") {
                Self.serialized(Self.targetItem(workspace, "incidents", title: title)) != opened
            }
            try await TargetedSyncTests.sourceWrite(
                workspace, "POST", "incident-updates/",
                #"{"incident": \#(id), "message": "resolved \#(round)", "incident_status": "Resolved", "time": "\#(now())"}"#
            )
            try await waitUntil("the resolution reaches the target", seconds: 60) {
                let updates = Self.targetItem(workspace, "incidents", title: title)?["incident_updates"]
                return String(decoding: Self.serialized(["u": updates ?? []]), as: UTF8.self)
                    .contains("resolved \(round)")
            }
        }
        #expect(try await serve.stop() == .success)
    }
}
