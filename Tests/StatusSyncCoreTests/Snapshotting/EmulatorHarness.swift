import Foundation
import StatusSyncCore
import StatusSyncEmulator
import StatusSyncTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Seeds and clients for end-to-end tests against the emulators on a loopback port.
enum EmulatorHarness {
    /// A Freshstatus seed: 2 groups, 4 services, 4 phases, `incidents` incidents with 2 updates each, 2 maintenances.
    static func freshstatusSeed(incidents: Int = 23) -> Data {
        let groups = (1...2).map { "{\"id\": \($0), \"name\": \"Group \($0)\", \"order\": \($0)}" }
        let services = (1...4).map {
            "{\"id\": \($0), \"name\": \"Service \($0)\", \"order\": \($0), \"group\": \(($0 - 1) / 2 + 1)}"
        }
        let phases = ["Investigating", "Identified", "Monitoring", "Resolved"].enumerated().map {
            "{\"id\": \($0.offset + 1), \"value\": \"\($0.element)\", \"order\": \($0.offset + 1)}"
        }
        let events = (1...incidents).map { id in
            """
            {"id": \(id), "title": "Incident \(id)", "description": "d", "start_time": "2025-03-01T10:00:00Z",
             "end_time": "2025-03-01T12:00:00Z", "is_private": false,
             "affected_components": [{"component": "\(id % 4 + 1)", "new_status": "PD"}],
             "incident_updates": [
               {"id": \(id * 10), "message": "Looking", "time": "2025-03-01T10:00:00Z", "incident_status": "Investigating"},
               {"id": \(id * 10 + 1), "message": "Fixed", "time": "2025-03-01T12:00:00Z", "incident_status": "Resolved"}]}
            """
        }
        let maintenances = (1...2).map { index in
            """
            {"id": \(incidents + index), "title": "Maintenance \(index)", "description": "m",
             "start_time": "2025-04-0\(index)T01:00:00Z", "end_time": "2025-04-0\(index)T02:00:00Z",
             "affected_components": [{"component": "1", "new_status": "UM"}],
             "maintenance_updates": [{"id": \(100_000 + index), "message": "Planned", "time": "2025-03-30T00:00:00Z"}]}
            """
        }
        return Data(
            """
            {"groups": [\(groups.joined(separator: ","))], "services": [\(services.joined(separator: ","))],
             "incident_statuses": [\(phases.joined(separator: ","))], "incidents": [\(events.joined(separator: ","))],
             "maintenances": [\(maintenances.joined(separator: ","))]}
            """.utf8)
    }

    /// A StatusHub seed: 2 groups, 4 services, `incidents` incidents with 2 updates each, 2 maintenances, 2 templates.
    static func statusHubSeed(incidents: Int = 23) -> Data {
        let groups = (1...2).map { "{\"id\": \($0), \"name\": \"Group \($0)\", \"position\": \($0)}" }
        let services = (1...4).map {
            "{\"id\": \($0), \"name\": \"Service \($0)\", \"position\": \($0), \"group_id\": \(($0 - 1) / 2 + 1)}"
        }
        let events = (1...incidents).map { id in
            """
            {"id": \(id), "start_time": "2025-03-01T10:00:00Z", "end_time": "2025-03-01T12:00:00Z",
             "updated_at": "2025-03-01T12:00:05Z",
             "incident_updates": [
               {"id": \(id * 10), "title": "Incident \(id)", "body": "Looking", "start_time": "2025-03-01T10:00:00Z",
                "incident_type": "investigating", "service_statuses": [{"service_id": \(id % 4 + 1), "status": "down"}]},
               {"id": \(id * 10 + 1), "title": "Incident \(id)", "body": "Fixed", "start_time": "2025-03-01T12:00:00Z",
                "incident_type": "resolved", "service_statuses": [{"service_id": \(id % 4 + 1), "status": "up"}]}]}
            """
        }
        let maintenances = (1...2).map { index in
            """
            {"id": \(index), "title": "Maintenance \(index)", "body": "m", "start_time": "2025-04-0\(index)T01:00:00Z",
             "end_time": "2025-04-0\(index)T02:00:00Z", "service_statuses": [{"service_id": 1, "status": "down"}]}
            """
        }
        return Data(
            """
            {"groups": [\(groups.joined(separator: ","))], "services": [\(services.joined(separator: ","))],
             "incidents": [\(events.joined(separator: ","))], "maintenances": [\(maintenances.joined(separator: ","))],
             "incident_templates": [{"id": 1, "title": "Investigating", "body": "We are looking", "incident_type": "investigating"}],
             "maintenance_templates": [{"id": 2, "title": "Upgrade", "body": "Upgrading", "duration": 60}]}
            """.utf8)
    }

    /// Starts an emulator on a free loopback port with no rate limit, seeded with `seed`.
    static func start(
        _ provider: EmulatedProvider, seed: Data?, configure: (inout EmulatorOptions) -> Void = { _ in }
    ) throws -> Emulator {
        var options = EmulatorOptions(provider: provider)
        options.seed = seed
        options.rateLimits = .unlimited
        configure(&options)
        let emulator = try Emulator(options: options)
        try emulator.start()
        return emulator
    }

    /// The credential the emulator accepts, or one with `key` instead.
    static func credential(for emulator: Emulator, key: String? = nil) -> Credential {
        switch emulator.options.provider {
        case .freshstatus:
            .freshstatus(apiKey: key ?? emulator.options.apiKey, subdomain: emulator.options.subdomain)
        case .statushub:
            .statusHub(apiKey: key ?? emulator.options.apiKey)
        }
    }

    /// A real-HTTP stack to `emulator`: no client rate limit, many retries, and time that never waits.
    static func stack(
        for emulator: Emulator, key: String? = nil, base: (any HTTPTransport)? = nil, timeout: Duration = .seconds(5)
    ) -> TransportStack {
        TransportStack(
            base: base ?? URLSessionTransport(timeout: timeout), credential: credential(for: emulator, key: key),
            rateLimits: .shared(.unlimited), retry: RetryPolicy(maxAttempts: 25),
            time: .immediate(recordingInto: SleepLog()))
    }

    /// The provider client for `emulator` over `transport`.
    static func client(for emulator: Emulator, transport: any HTTPTransport) -> any StatusPageProvider {
        switch emulator.options.provider {
        case .freshstatus:
            FreshstatusClient(
                baseURL: emulator.baseURL, transport: transport, account: "old", apiKeyEnv: "FRESHSTATUS_API_KEY")
        case .statushub:
            StatusHubClient(
                baseURL: emulator.baseURL, hub: emulator.options.hub, transport: transport, account: "new",
                apiKeyEnv: "STATUSHUB_API_KEY")
        }
    }

    /// The provider requests the emulator logged: `METHOD /path?query`.
    static func requests(of emulator: Emulator) async throws -> [String] {
        let url = emulator.inspectionURL.appendingPathComponent("requests")
        let (data, _) = try await URLSession(configuration: .ephemeral).data(from: url)
        let log = try JSONDecoder().decode(JSONValue.self, from: data)
        return (log.objectValue?["requests"]?.arrayValue ?? []).compactMap { entry in
            guard let method = entry.objectValue?["method"]?.stringValue,
                let path = entry.objectValue?["path"]?.stringValue
            else { return nil }
            return "\(method) \(path)"
        }
    }

    /// Empties the emulator's request log.
    static func clearRequests(of emulator: Emulator) async throws {
        var request = URLRequest(url: emulator.inspectionURL.appendingPathComponent("requests"))
        request.httpMethod = "DELETE"
        _ = try await URLSession(configuration: .ephemeral).data(for: request)
    }
}
