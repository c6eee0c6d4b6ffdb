import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A workspace whose accounts are two emulators on loopback: a seeded Freshstatus source and an
/// empty StatusHub target, with a configuration pointing at them and the keys in an environment.
final class LiveWorkspace: Sendable {
    let source: Emulator
    let target: Emulator
    let directory: String

    /// Starts both emulators and writes the configuration.
    ///
    /// - Parameters:
    ///   - sourceSeed: the Freshstatus account.
    ///   - targetLatency: what the StatusHub emulator adds before each answer.
    ///   - targetClockLag: how far the StatusHub emulator's clock runs behind this one, so that what it
    ///     writes is dated in an earlier second than the next snapshot's start without waiting.
    ///   - writesPerSecond: the target's write limit in the configuration, which the client keeps to.
    ///   - targetEnforcesWritesPerSecond: the write limit the StatusHub emulator enforces; none when `nil`.
    ///   - sourceWebhook: where the source emulator posts its webhooks, if anywhere.
    /// - Throws: when a directory, a file or an emulator cannot be set up.
    init(
        sourceSeed: String = LiveWorkspace.seed, targetLatency: Duration = .zero, targetClockLag: TimeInterval = 0,
        writesPerSecond: Int = 1000, targetEnforcesWritesPerSecond: Int? = nil, sourceWebhook: URL? = nil
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var sourceOptions = EmulatorOptions(provider: .freshstatus)
        sourceOptions.seed = Data(sourceSeed.utf8)
        sourceOptions.rateLimits = .unlimited
        sourceOptions.webhookURL = sourceWebhook
        var targetOptions = EmulatorOptions(provider: .statushub)
        targetOptions.rateLimits =
            targetEnforcesWritesPerSecond.map { EmulatorRateLimits(readsPerSecond: 1000, writesPerSecond: $0) }
            ?? .unlimited
        targetOptions.latency = targetLatency
        let system = EmulatorClock.system
        targetOptions.clock = EmulatorClock(now: { Date().addingTimeInterval(-targetClockLag) }, sleep: system.sleep)
        source = try Emulator(options: sourceOptions)
        target = try Emulator(options: targetOptions)
        try source.start()
        try target.start()
        let mapping = Workspace.repositoryRoot.appendingPathComponent("mappings/freshstatus-to-statushub.json").path
        let configuration = """
            {"version": 1, "store": "\(directory)/store",
             "accounts": {
               "old": {"provider": "freshstatus", "subdomain": "acme", "apiKeyEnv": "FS_KEY",
                       "baseURL": "\(source.baseURL.absoluteString)", "rateLimit": {"callsPerHour": 100000}},
               "new": {"provider": "statushub", "account": "acme", "hub": "acme-status", "apiKeyEnv": "SH_KEY",
                       "baseURL": "\(target.baseURL.absoluteString)",
                       "rateLimit": {"readsPerSecond": 1000, "writesPerSecond": \(writesPerSecond)}}},
             "pairs": {"migrate": {"source": "old", "target": "new", "mapping": "\(mapping)"}}}
            """
        try Data(configuration.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    deinit {
        source.stop()
        target.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var configPath: String { directory + "/statussync.json" }

    /// The workspace's store.
    var store: FileStore { FileStore(root: directory + "/store") }

    /// Makes the pair use a copy of its mapping file changed by `edit` (the file's JSON object).
    func editMapping(_ edit: (inout [String: Any]) -> Void) throws {
        let shipped = Workspace.repositoryRoot.appendingPathComponent("mappings/freshstatus-to-statushub.json").path
        var mapping = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: shipped))) as? [String: Any])
        edit(&mapping)
        let path = directory + "/mapping.json"
        try JSONSerialization.data(withJSONObject: mapping).write(to: URL(fileURLWithPath: path))
        let configuration = try String(contentsOfFile: configPath, encoding: .utf8)
        try Data(configuration.replacingOccurrences(of: shipped, with: path).utf8)
            .write(to: URL(fileURLWithPath: configPath))
    }

    var environment: [String: String] {
        ["FS_KEY": source.options.apiKey, "SH_KEY": target.options.apiKey]
    }

    /// Runs the command line against this workspace.
    func run(
        _ arguments: [String], environment overrides: [String: String] = [:], interactive: Bool = false,
        answer: String? = nil
    ) async -> CLIResult {
        await runCLI(
            arguments + ["--config", configPath], environment: environment.merging(overrides) { $1 },
            interactive: interactive, answer: answer)
    }

    /// The number of writes the target's request log holds, without clearing it.
    func targetWrites() async throws -> Int {
        let url = target.inspectionURL.appendingPathComponent("requests")
        let (data, _) = try await URLSession.shared.data(from: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["requests"] as? [[String: Any]] ?? []).count { $0["isWrite"] as? Bool == true }
    }

    /// How many services, incidents and incident updates the target holds, read in process (no HTTP).
    func targetEntityCount() -> Int {
        let state = (try? JSONSerialization.jsonObject(with: target.stateData())) as? [String: Any] ?? [:]
        let services = (state["services"] as? [Any])?.count ?? 0
        let incidents = state["incidents"] as? [[String: Any]] ?? []
        return services + incidents.count
            + incidents.reduce(0) { $0 + (($1["incident_updates"] as? [Any])?.count ?? 0) }
    }

    /// The target's request log entries (method and path), then clears it.
    func takeTargetRequests() async throws -> [(method: String, path: String)] {
        try await takeRequests(of: target)
    }

    /// The request log entries (method and path) of `emulator`, then clears it.
    func takeRequests(of emulator: Emulator) async throws -> [(method: String, path: String)] {
        let url = emulator.inspectionURL.appendingPathComponent("requests")
        let (data, _) = try await URLSession.shared.data(from: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        var request = URLRequest(url: url)
        request.httpMethod = "DELETE"
        _ = try await URLSession.shared.data(for: request)
        return (object?["requests"] as? [[String: Any]] ?? []).map {
            ($0["method"] as? String ?? "", $0["path"] as? String ?? "")
        }
    }

    /// How many requests both emulators have answered, read from their request logs without clearing them.
    func requestsToEither() async throws -> Int {
        var total = 0
        for emulator in [source, target] {
            let (data, _) = try await URLSession.shared.data(
                from: emulator.inspectionURL.appendingPathComponent("requests"))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            total += (object?["requests"] as? [Any])?.count ?? 0
        }
        return total
    }

    /// The number of writes the target's request log holds, then clears it.
    func takeTargetWrites() async throws -> Int {
        let url = target.inspectionURL.appendingPathComponent("requests")
        let (data, _) = try await URLSession.shared.data(from: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let entries = object?["requests"] as? [[String: Any]] ?? []
        var request = URLRequest(url: url)
        request.httpMethod = "DELETE"
        _ = try await URLSession.shared.data(for: request)
        return entries.count { $0["isWrite"] as? Bool == true }
    }

    /// Creates an incident in the source through its API.
    func addSourceIncident(title: String) async throws {
        var request = URLRequest(url: source.baseURL.appendingPathComponent("incidents/"))
        request.httpMethod = "POST"
        let credentials = Data("\(source.options.apiKey):\(source.options.subdomain)".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(
            #"{"title": "\#(title)", "description": "d", "start_time": "2026-04-01T00:00:00Z", "affected_components": [{"component": "10", "new_status": "MO"}]}"#
                .utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 201 else { throw URLError(.badServerResponse) }
    }

    /// A Freshstatus seed with `incidents` incidents of two updates each, all resolved.
    static func seed(incidents: Int) -> String {
        let items = (0..<incidents).map { index in
            let start = 1_767_225_600 + index * 3600
            func time(_ seconds: Int) -> String {
                UTCInstant.format(Date(timeIntervalSince1970: TimeInterval(seconds)))
            }
            return """
                {"id": \(1000 + index), "title": "Incident \(index)", "description": "", "start_time": "\(time(start))",
                 "end_time": "\(time(start + 600))", "is_private": false,
                 "affected_components": [{"component": "10", "new_status": "MO"}],
                 "incident_updates": [
                   {"id": \(5000 + 2 * index), "message": "Looking", "time": "\(time(start))", "incident_status": "Investigating"},
                   {"id": \(5001 + 2 * index), "message": "Fixed", "time": "\(time(start + 600))", "incident_status": "Resolved"}]}
                """
        }
        return """
            {"subdomain": "acme", "groups": [], "services": [{"id": 10, "name": "Login", "order": 1}],
             "incident_statuses": [{"id": 1, "value": "Investigating", "order": 1}, {"id": 4, "value": "Resolved", "order": 4}],
             "incidents": [\(items.joined(separator: ","))], "maintenances": []}
            """
    }

    static let seed = """
        {"subdomain": "acme",
         "groups": [{"id": 1, "name": "Platform", "order": 1, "parent": null}],
         "services": [{"id": 10, "name": "Login", "order": 1, "group": 1}, {"id": 11, "name": "API", "order": 2, "group": 1}],
         "incident_statuses": [{"id": 1, "value": "Investigating", "order": 1}, {"id": 4, "value": "Resolved", "order": 4}],
         "incidents": [
           {"id": 100, "title": "Login outage", "description": "", "start_time": "2026-01-01T00:00:00Z",
            "end_time": "2026-01-01T01:00:00Z", "is_private": false,
            "affected_components": [{"component": "10", "new_status": "MO"}],
            "incident_updates": [
              {"id": 1001, "message": "Looking", "time": "2026-01-01T00:00:00Z", "incident_status": "Investigating"},
              {"id": 1002, "message": "Fixed", "time": "2026-01-01T01:00:00Z", "incident_status": "Resolved"}]}],
         "maintenances": []}
        """
}
