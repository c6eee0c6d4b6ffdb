import Foundation
import StatusSyncCLI
import StatusSyncEmulator
import StatusSyncHTTPServer
import StatusSyncTestSupport
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `statussync serve` in this process against the two emulators, stopped by the test instead of a signal.
final class RunningServe: Sendable {
    let output: CapturedText
    let port: Int
    /// The host as a URL writes it: `127.0.0.1` or `[::1]`.
    let host: String
    private let stopper: AsyncStream<Void>.Continuation
    private let task: Task<CLIExitStatus, any Error>

    /// Starts serving the workspace's pairs on a free loopback port and waits until it listens.
    init(
        _ workspace: LiveWorkspace, arguments: [String] = [], environment: [String: String] = [:],
        host: String = "127.0.0.1"
    ) async throws {
        self.host = host
        let invocation = try Invocation.parse(
            ["serve", "--listen", "\(host):0", "--config", workspace.configPath] + arguments)
        guard case .run(let command) = invocation else { throw CancellationError() }
        let output = CapturedText()
        self.output = output
        let context = CommandContext(
            command: command, environment: workspace.environment.merging(environment) { $1 },
            output: OutputStreams(standardOutput: { output.append($0) }, standardError: { output.append($0) }))
        let (stream, stopper) = AsyncStream.makeStream(of: Void.self)
        self.stopper = stopper
        let ended = Mutex(false)
        let task = Task {
            defer { ended.withLock { $0 = true } }
            return try await ServeCommand.run(context) {
                var iterator = stream.makeAsyncIterator()
                _ = await iterator.next()
                return nil
            }
        }
        self.task = task
        var port: Int?
        try await waitUntil("serve listens", details: output.text) {
            port = output.text.firstMatch(of: #/listening on http://(?:127\.0\.0\.1|\[::1\]):([0-9]+)/#).flatMap {
                Int($0.1)
            }
            if port == nil, ended.withLock({ $0 }) {
                let ending =
                    switch await task.result {
                    case .success(let status): "exit \(status)"
                    case .failure(let error): "error: \(error)"
                    }
                throw EndedBeforeListening(output: output.text + ending)
            }
            return port != nil
        }
        self.port = port ?? 0
    }

    /// Serve ended before it listened (its address was taken, say); `output` says why.
    struct EndedBeforeListening: Error, CustomStringConvertible {
        var output: String
        var description: String { "serve ended before it listened: \(output)" }
    }

    /// Stops serving and returns the exit status once the cycle in flight has finished.
    func stop() async throws -> CLIExitStatus {
        stopper.yield()
        return try await task.value
    }

    /// Sends one request to the server.
    func request(
        _ method: String, _ path: String, body: String = "", headers: [String: String] = [:]
    ) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: try #require(URL(string: "http://\(host):\(port)\(path)")))
        request.httpMethod = method
        if method == "POST" { request.httpBody = Data(body.utf8) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The value of one sample of `/metrics`, such as `statussync_cycles_total{pair="migrate"}`.
    func metric(_ sample: String) async throws -> Double? {
        let text = try await request("GET", "/metrics").body
        return text.split(separator: "\n").first { $0.hasPrefix(sample + " ") }
            .flatMap { Double($0.dropFirst(sample.count + 1)) }
    }
}

/// Waits until `condition` holds, polling, or fails after `seconds`.
///
/// The deadline is generous: in a full parallel run, tests that wait on a child process (Chromium,
/// the killed binaries) can hold the few threads of the concurrency pool for many seconds.
func waitUntil(
    _ what: String, seconds: Double = 120, details: @autoclosure () -> String = "", _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while try await !condition() {
        guard Date() < deadline else {
            let details = details()
            Issue.record("timed out waiting until \(what)\(details.isEmpty ? "" : ": " + details)")
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

@Suite struct ServeCommandTests {
    static let token = "hook-secret-1234"

    /// The workspace with its pair taking webhooks authenticated by `HOOK_TOKEN`.
    private func makeWorkspace(sourceWebhook: URL? = nil) throws -> LiveWorkspace {
        try TargetedSyncTests.makeWorkspace(sourceWebhook: sourceWebhook)
    }

    /// A webhook in the shape Freshstatus sends for a new incident.
    private static func incidentOpen(id: String) -> String {
        """
        {"id": "\(id)", "title": "Degradation", "source": "", "end_time": "None", "is_private": "False",
         "start_time": "2026-04-01 00:00:00+00:00", "status": "Open",
         "event_data": {"webhook_id": 102, "account_id": 2300, "account_name": "acme", "event_id": 1361,
                        "event_type": "INCIDENT_OPEN", "event_created_on": "2026-04-01 00:00:01.392582+00:00"}}
        """
    }

    private func targetTitles(_ workspace: LiveWorkspace) -> [String] {
        let state = (try? JSONSerialization.jsonObject(with: workspace.target.stateData())) as? [String: Any] ?? [:]
        return (state["incidents"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    /// An address another socket holds: serve ends at once, saying so, instead of waiting on nothing.
    @Test func anAddressInUseEndsServeAtOnceWithOneLine() async throws {
        let holder = HTTPServer(host: "127.0.0.1", port: 0) { _ in .dropConnection }
        let port = try holder.start()
        defer { holder.stop() }
        let workspace = try makeWorkspace()
        do {
            _ = try await RunningServe(
                workspace, arguments: ["--listen", "127.0.0.1:\(port)"], environment: ["HOOK_TOKEN": Self.token])
            Issue.record("serve listened on a port already taken")
        } catch let error as RunningServe.EndedBeforeListening {
            #expect(error.output.hasSuffix("error: port \(port) on 127.0.0.1 is already in use"), "\(error.output)")
        }
        #expect(workspace.targetEntityCount() == 0, "nothing was written")
    }

    @Test func aChangeReachesTheTargetThroughItsWebhookAndAReplayWritesNothing() async throws {
        let workspace = try makeWorkspace()
        let serve = try await RunningServe(workspace, environment: ["HOOK_TOKEN": Self.token])
        let cycles = #"statussync_targeted_syncs_total{pair="migrate"}"#
        try await waitUntil("the first cycle has migrated the account") {
            try await serve.request("GET", "/readyz").status == 200
        }
        #expect(targetTitles(workspace) == ["Login outage"])
        _ = try await workspace.takeTargetWrites()

        try await workspace.addSourceIncident(title: "Webhook outage")
        let before = try await serve.metric(cycles) ?? 0
        let hook = try await serve.request(
            "POST", "/hooks/migrate?token=\(Self.token)", body: Self.incidentOpen(id: "101"))
        #expect(hook.status == 202)
        try await waitUntil("the incident reaches the target") {
            targetTitles(workspace).contains("Webhook outage")
        }
        try await waitUntil("the targeted sync is counted") { try await serve.metric(cycles) ?? 0 > before }
        #expect(try await workspace.takeTargetWrites() > 0)

        let afterFirst = try await serve.metric(cycles) ?? 0
        let replay = try await serve.request(
            "POST", "/hooks/migrate", body: Self.incidentOpen(id: "101"), headers: ["X-Statussync-Token": Self.token])
        #expect(replay.status == 202)
        try await waitUntil("the replay's sync ends") { try await serve.metric(cycles) ?? 0 > afterFirst }
        #expect(try await workspace.takeTargetWrites() == 0)
        #expect(try await serve.metric(#"statussync_webhooks_received_total{pair="migrate"}"#) == 2)
        #expect(try await serve.metric(#"statussync_last_cycle_success{pair="migrate"}"#) == 1)

        #expect(try await serve.stop() == .success)
        #expect(serve.output.text.contains("stopped; state saved"))
        #expect(!serve.output.text.contains(Self.token))
    }

    @Test func aStormOfWebhooksIsCoalescedIntoAFewCycles() async throws {
        let workspace = try makeWorkspace()
        let serve = try await RunningServe(workspace, environment: ["HOOK_TOKEN": Self.token])
        let cycles = #"statussync_cycles_total{pair="migrate"}"#
        try await waitUntil("the first cycle ends") { try await serve.request("GET", "/readyz").status == 200 }
        let before = try await serve.metric(cycles) ?? 0
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<100 {
                group.addTask {
                    try await serve.request(
                        "POST", "/hooks/migrate?token=\(Self.token)", body: Self.incidentOpen(id: "\(200 + index)")
                    ).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.count == 100 && statuses.allSatisfy { $0 == 202 })
        #expect(try await serve.metric(#"statussync_webhooks_received_total{pair="migrate"}"#) == 100)
        #expect(try await serve.stop() == .success)
        let ran = serve.output.text.split(separator: "\n").count {
            $0.contains(" done (") && !$0.contains("cycle done (start)")
        }
        #expect(ran >= 1)
        #expect(ran < 20, "100 webhooks made \(ran) syncs")
        #expect(before == 1)
    }

    @Test func theSourceEmulatorsOwnWebhookDrivesTheMirror() async throws {
        let probe = HTTPServer(host: "127.0.0.1", port: 0) { _ in .dropConnection }
        let port = try probe.start()
        probe.stop()
        let hook = try #require(URL(string: "http://127.0.0.1:\(port)/hooks/migrate?token=\(Self.token)"))
        let workspace = try makeWorkspace(sourceWebhook: hook)
        let serve = try await RunningServe(
            workspace, arguments: ["--listen", "127.0.0.1:\(port)"], environment: ["HOOK_TOKEN": Self.token])
        try await waitUntil("the first cycle ends") { try await serve.request("GET", "/readyz").status == 200 }
        try await workspace.addSourceIncident(title: "Sent by the emulator")
        try await waitUntil("the emulator's webhook brings the incident to the target") {
            targetTitles(workspace).contains("Sent by the emulator")
        }
        #expect(try await serve.metric(#"statussync_webhooks_received_total{pair="migrate"}"#) == 1)
        #expect(serve.output.text.contains("webhook INCIDENT_OPEN id=101: sync triggered"))
        #expect(try await serve.stop() == .success)
    }

    @Test func aWrongTokenIs401AndAMalformedBodyIs400AndNeitherWrites() async throws {
        let workspace = try makeWorkspace()
        let serve = try await RunningServe(workspace, environment: ["HOOK_TOKEN": Self.token])
        try await waitUntil("the first cycle ends") { try await serve.request("GET", "/readyz").status == 200 }
        _ = try await workspace.takeTargetWrites()
        try await workspace.addSourceIncident(title: "Not yet")
        let cycles = try await serve.metric(#"statussync_cycles_total{pair="migrate"}"#)

        let missing = try await serve.request("POST", "/hooks/migrate", body: Self.incidentOpen(id: "101"))
        let wrong = try await serve.request(
            "POST", "/hooks/migrate?token=nope", body: Self.incidentOpen(id: "101"),
            headers: ["X-Statussync-Token": "hook-secret-123"])
        let malformed = try await serve.request("POST", "/hooks/migrate?token=\(Self.token)", body: "{\"id\": ")
        #expect(missing.status == 401)
        #expect(wrong.status == 401)
        #expect(malformed.status == 400)
        #expect(malformed.body.contains("the body is not JSON"))
        let test = try await serve.request(
            "POST", "/hooks/migrate?token=\(Self.token)",
            body: #"{"id": "1", "title": "Sample title", "event_data": {"event_type": "INCIDENT_OPEN"}}"#)
        #expect(test.status == 202)
        #expect(try await serve.request("POST", "/hooks/nosuchpair?token=\(Self.token)", body: "{}").status == 404)
        #expect(try await serve.metric(#"statussync_webhooks_rejected_total{pair="migrate"}"#) == 3)

        #expect(cycles == 1)
        #expect(try await serve.metric(#"statussync_cycles_total{pair="migrate"}"#) == 1)
        #expect(try await serve.stop() == .success)
        #expect(try await workspace.takeTargetWrites() == 0)
        #expect(!targetTitles(workspace).contains("Not yet"))
        let log = serve.output.text
        #expect(log.split(separator: "\n").count { $0.contains("webhook refused (400)") } == 1)
        #expect(log.contains("the Freshstatus test payload"))
        #expect(!log.contains(Self.token))
    }

    @Test func operationsEndpointsAndJSONLogs() async throws {
        let workspace = try makeWorkspace()
        let serve = try await RunningServe(
            workspace, arguments: ["--log-format", "json"], environment: ["HOOK_TOKEN": Self.token, "SH_KEY": "wrong"])
        #expect(try await serve.request("GET", "/healthz").status == 200)
        try await waitUntil("the failed cycle shows in /readyz") {
            let failures = try await serve.metric(#"statussync_cycle_failures_total{pair="migrate"}"#) ?? 0
            return try await serve.request("GET", "/readyz").status == 503 && failures >= 1
        }
        let ready = try await serve.request("GET", "/readyz")
        #expect(ready.body.contains("pair migrate: last cycle failed:"))
        let metrics = try await serve.request("GET", "/metrics").body
        #expect(PrometheusText.problems(metrics) == [])
        #expect(try await serve.request("GET", "/nothing").status == 404)
        #expect(try await serve.stop() == .success)
        let lines = serve.output.text.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["time"] is String && object?["level"] is String && object?["message"] is String, "\(line)")
        }
        #expect(lines.contains { $0.contains(#""level":"error""#) && $0.contains(#""pair":"migrate""#) })
    }

    @Test func theStartSaysWhatTheTimerCostsOfTheBudgetAndRefusesATimerThatCannotFit() async throws {
        let workspace = try makeWorkspace()
        let configuration = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        try Data(configuration.replacingOccurrences(of: "100000", with: "1000").utf8)
            .write(to: URL(fileURLWithPath: workspace.configPath))
        let snapshot = await workspace.run(["snapshot", "old"])
        #expect(snapshot.status == .success, "\(snapshot.standardError)")

        let refused = await workspace.run(["serve", "--reconcile", "1s"], environment: ["HOOK_TOKEN": Self.token])
        #expect(refused.status == .failure)
        #expect(
            refused.standardError.contains("Freshstatus calls an hour")
                && refused.standardError.contains("choose --reconcile"), "\(refused.standardError)")

        let serve = try await RunningServe(workspace, environment: ["HOOK_TOKEN": Self.token])
        #expect(try await serve.stop() == .success)
        #expect(
            serve.output.text.contains(
                #/reconcile every 15m: about [0-9]+ of 1000 Freshstatus calls an hour at most, [0-9]+ on average \([0-9]+ calls a full reconcile, every 6h, [0-9]+ a light one between/#
            ), "\(serve.output.text)")
    }

    @Test func theBusiestHourHoldsTheFullReconcileAndTheShortestFittingIntervalIsSuggested() {
        let defaults = ReconcileCost(interval: .seconds(900), fullEvery: 24, light: 6, full: 105)
        #expect(defaults.cyclesPerHour == 4)
        #expect(defaults.busiestHour == 105 + 3 * 6)
        #expect(defaults.averageHour == 41)  // (105 + 23 × 6) / 24 × 4 = 40.5
        #expect(ReconcileCost.fullEvery(interval: .seconds(900), fullInterval: .seconds(6 * 3600)) == 24)
        #expect(ReconcileCost.fullEvery(interval: .seconds(900), fullInterval: .seconds(1000)) == 1)
        let everyCycleFull = ReconcileCost(interval: .seconds(900), fullEvery: 1, light: 6, full: 105)
        #expect(everyCycleFull.busiestHour == 420)
        let tooOften = ReconcileCost(interval: .seconds(1), fullEvery: 21600, light: 6, full: 105)
        #expect(tooOften.busiestHour == 105 + 3599 * 6)
        #expect(tooOften.shortestFitting(250, fullInterval: .seconds(6 * 3600)) == .seconds(180))  // 105 + 19 × 6
        let hopeless = ReconcileCost(interval: .seconds(900), fullEvery: 24, light: 6, full: 1200)
        #expect(hopeless.shortestFitting(1000, fullInterval: .seconds(6 * 3600)) == nil)
    }

    @Test func aMissingTokenVariableOrABadAddressIsRefusedBeforeServing() async throws {
        let workspace = try makeWorkspace()
        let unset = await workspace.run(["serve", "--listen", "127.0.0.1:0"])
        #expect(unset.status == .failure)
        #expect(
            unset.standardError
                == "error: pair 'migrate' takes webhooks but HOOK_TOKEN is not set; export the webhook token in it\n")
        let address = await workspace.run(["serve", "--listen", "localhost"], environment: ["HOOK_TOKEN": "x"])
        #expect(address.status == .usage)
        #expect(address.standardError.hasPrefix("error: invalid value 'localhost' for '--listen'"))
        let pair = await workspace.run(["serve", "--pair", "nope"], environment: ["HOOK_TOKEN": "x"])
        #expect(pair.status == .failure)
        #expect(pair.standardError.contains("nope"))

        let configuration = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        try Data(
            configuration.replacingOccurrences(
                of: #""source": "old", "target": "new""#, with: #""source": "new", "target": "old""#
            )
            .utf8
        ).write(to: URL(fileURLWithPath: workspace.configPath))
        let statusHubSource = await workspace.run(["serve"], environment: ["HOOK_TOKEN": "x"])
        #expect(statusHubSource.status == .failure)
        #expect(
            statusHubSource.standardError.hasPrefix(
                "error: pair 'migrate' takes webhooks but its source 'new' is statushub, which sends none"))
    }
}
