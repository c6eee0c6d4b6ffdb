import Foundation
import StatusSyncCore
import StatusSyncEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Two emulators on loopback, a client for each and a store: one pair, end to end over HTTP.
final class EmulatedPair: Sendable {
    let source: Emulator
    let target: Emulator
    let directory: String
    let sync: PairSync

    static let freshstatusSeed = """
        {"subdomain": "acme",
         "groups": [{"id": 1, "name": "Platform", "description": "", "order": 1, "parent": null},
                    {"id": 2, "name": "APIs", "description": "", "order": 2, "parent": 1}],
         "services": [{"id": 10, "name": "Login", "description": "Sign-in", "order": 1, "group": 1},
                      {"id": 11, "name": "REST API ✓", "description": "", "order": 2, "group": 2}],
         "incident_statuses": [{"id": 1, "value": "Investigating", "order": 1}, {"id": 2, "value": "Identified", "order": 2},
                               {"id": 3, "value": "Monitoring", "order": 3}, {"id": 4, "value": "Resolved", "order": 4}],
         "incidents": [
           {"id": 100, "title": "Login outage", "description": "", "start_time": "2026-01-01T00:00:00Z",
            "end_time": "2026-01-01T01:00:00Z", "is_private": false,
            "affected_components": [{"component": "10", "new_status": "MO"}],
            "incident_updates": [
              {"id": 1001, "message": "Looking into it", "time": "2026-01-01T00:00:00Z", "incident_status": "Investigating", "is_private": false},
              {"id": 1002, "message": "Fixed", "time": "2026-01-01T01:00:00Z", "incident_status": "Resolved", "is_private": false}]},
           {"id": 101, "title": "API 遅い 🐢", "description": "Latency is up", "start_time": "2026-02-01T00:00:00Z",
            "end_time": null, "is_private": false,
            "affected_components": [{"component": "11", "new_status": "PO"}],
            "incident_updates": [
              {"id": 1011, "message": "Found a bad deploy", "time": "2026-02-01T00:10:00Z", "incident_status": "Identified", "is_private": false}]}],
         "maintenances": [
           {"id": 200, "title": "Database upgrade", "description": "Planned", "start_time": "2026-03-01T00:00:00Z",
            "end_time": "2026-03-01T02:00:00Z", "is_auto_start": true, "is_auto_end": true, "is_private": false,
            "affected_components": [{"component": "10", "new_status": "UM"}],
            "maintenance_updates": [{"id": 2001, "message": "Starting", "time": "2026-03-01T00:00:00Z",
                                     "maintenance_status": "In progress", "is_private": false}]}]}
        """

    static let statusHubSeed = """
        {"hub": "acme-status",
         "groups": [{"id": 1, "name": "Platform", "position": 1}],
         "services": [{"id": 5, "name": "Login", "description": "Sign-in", "position": 1, "group_id": 1},
                      {"id": 6, "name": "API", "description": "", "position": 2, "group_id": null}],
         "incidents": [
           {"id": 40, "title": "Login down", "start_time": "2026-01-05T00:00:00Z", "end_time": "2026-01-05T00:30:00Z",
            "state": "published", "service_ids": [5],
            "incident_updates": [
              {"id": 400, "title": "Login down", "body": "Investigating", "start_time": "2026-01-05T00:00:00Z",
               "incident_type": "investigating", "state": "published", "service_statuses": [{"service_id": 5, "status": "down"}]},
              {"id": 401, "title": "Login down", "body": "Resolved", "start_time": "2026-01-05T00:30:00Z",
               "incident_type": "resolved", "state": "published"}]},
           {"id": 41, "title": "API slow", "start_time": "2026-02-05T00:00:00Z", "end_time": null,
            "state": "published", "service_ids": [6],
            "incident_updates": [
              {"id": 410, "title": "API slow", "body": "Looking", "start_time": "2026-02-05T00:00:00Z",
               "incident_type": "identified", "state": "published",
               "service_statuses": [{"service_id": 6, "status": "degraded-performance"}]}]}],
         "maintenances": [
           {"id": 50, "title": "DB upgrade", "body": "Planned work", "start_time": "2026-03-05T00:00:00Z",
            "end_time": "2026-03-05T01:00:00Z", "state": "published", "service_statuses": [{"service_id": 5, "status": "down"}]}],
         "incident_templates": [{"id": 60, "title": "Slow", "body": "We are looking", "incident_type": "investigating",
                                 "service_statuses": []}],
         "maintenance_templates": []}
        """

    static func seed(for provider: EmulatedProvider) -> Data {
        Data((provider == .freshstatus ? freshstatusSeed : statusHubSeed).utf8)
    }

    /// Starts a source emulator seeded with the sample and an empty target emulator, both on `clock`
    /// (the system clock unless a test moves time itself); the pair uses the shipped mapping, as adjusted.
    init(
        from sourceProvider: ProviderID, to targetProvider: ProviderID, sourceSeed: Data? = nil,
        clock: EmulatorClock = .system, targetTimeout: Duration = .seconds(2),
        configure: (inout EmulatorOptions) -> Void = { _ in }, adjustMapping: (inout MappingFile) -> Void = { _ in }
    ) throws {
        directory = try makeTemporaryDirectory()
        var sourceOptions = EmulatorOptions(
            provider: EmulatedProvider(rawValue: sourceProvider.rawValue) ?? .freshstatus)
        sourceOptions.seed = sourceSeed ?? Self.seed(for: sourceOptions.provider)
        sourceOptions.rateLimits = .unlimited
        sourceOptions.clock = clock
        var targetOptions = EmulatorOptions(provider: EmulatedProvider(rawValue: targetProvider.rawValue) ?? .statushub)
        targetOptions.rateLimits = .unlimited
        targetOptions.clock = clock
        configure(&targetOptions)
        source = try Emulator(options: sourceOptions)
        target = try Emulator(options: targetOptions)
        try source.start()
        try target.start()
        let name = "\(sourceProvider.rawValue)-to-\(targetProvider.rawValue)"
        let path = MappingLoaderTests.repositoryRoot.appendingPathComponent("mappings/\(name).json").path
        var mapping = try MappingLoader.load(path: path)
        adjustMapping(&mapping)
        sync = PairSync(
            pair: "pair", source: ("old", Self.client(source, account: "old")),
            target: ("new", Self.client(target, account: "new", timeout: targetTimeout)),
            mapper: Mapper(mapping: mapping, mappingPath: path, now: Instant(Date())), mappingDigest: "sha256:test",
            store: FileStore(root: directory + "/store"))
    }

    deinit {
        source.stop()
        target.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func client(
        _ emulator: Emulator, account: String, timeout: Duration = .seconds(2)
    ) -> any StatusPageProvider {
        let options = emulator.options
        let limits = AccountRateLimits.perVerbClass(reads: .unlimited, writes: .unlimited)
        switch options.provider {
        case .freshstatus:
            let stack = TransportStack.live(
                credential: .freshstatus(apiKey: options.apiKey, subdomain: options.subdomain), rateLimits: limits,
                timeout: timeout,
                retry: RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)))
            return FreshstatusClient(baseURL: emulator.baseURL, transport: stack, account: account, apiKeyEnv: "FS_KEY")
        case .statushub:
            let stack = TransportStack.live(
                credential: .statusHub(apiKey: options.apiKey), rateLimits: limits, timeout: timeout,
                retry: RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)))
            return StatusHubClient(
                baseURL: emulator.baseURL, hub: options.hub, transport: stack, account: account, apiKeyEnv: "SH_KEY")
        }
    }

    /// One full cycle: recover, snapshot both, plan at `now` (the system clock's by default), apply.
    func cycle(
        options: ApplyOptions = ApplyOptions(concurrency: 4), now: Instant = Instant(Date())
    ) async throws -> (plan: Plan, report: ApplyReport) {
        var sync = self.sync
        sync.mapper.now = now
        let lock = try sync.lock()
        defer { withExtendedLifetime(lock) {} }
        let (state, settling) = try sync.recover()
        let (sourceReport, targetReport) = try await sync.snapshots()
        var planOptions = PlanOptions(now: now, matching: sync.mapper.mapping.matching)
        planOptions.settlingKeys = settling
        let plan = try sync.plan(
            source: sourceReport.snapshot, target: targetReport.snapshot, state: state, options: planOptions,
            isStrict: false)
        let report = try await sync.apply(plan, state: state, options: options)
        return (plan, report)
    }

    /// The target's request log entries.
    func targetRequests() async throws -> [[String: Any]] {
        let url = target.inspectionURL.appendingPathComponent("requests")
        let (data, _) = try await URLSession.shared.data(from: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["requests"] as? [[String: Any]] ?? []
    }

    /// Changes the target's faults while it runs (`POST /_emulator/faults`).
    func setTargetFaults(_ json: String) async throws {
        var request = URLRequest(url: target.inspectionURL.appendingPathComponent("faults"))
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }

    func clearTargetRequests() async throws {
        var request = URLRequest(url: target.inspectionURL.appendingPathComponent("requests"))
        request.httpMethod = "DELETE"
        _ = try await URLSession.shared.data(for: request)
    }
}
