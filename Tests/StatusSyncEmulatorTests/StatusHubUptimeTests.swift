import Foundation
import StatusSyncEmulator
import Testing

@Suite struct StatusHubUptimeTests {
    private let hub = "/api/v3/hubs/acme-status/"

    /// A number whichever way the JSON wrote it.
    private func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let int): Double(int)
        case .double(let double): double
        default: nil
        }
    }

    @Test func uptimeFollowsTheDocumentedRulesPerServiceGroupHubAndDay() async throws {
        let emulator = try TestEmulators.start(.statushub)
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        let group = try await client.send("POST", hub + "groups", json: .object(["name": .string("Core")]))
        let groupID = try #require(try group.json()["id"]?.intValue)
        var services: [Int] = []
        for name in ["API", "Web", "Docs"] {
            let created = try await client.send(
                "POST", hub + "services", json: .object(["name": .string(name), "group_id": .int(groupID)]))
            services.append(try #require(try created.json()["id"]?.intValue))
        }
        func incident(_ service: Int, _ status: String, from start: String, to end: String) async throws {
            let created = try await client.send(
                "POST", hub + "incidents",
                json: .object([
                    "title": .string("Outage"), "body": .string("Looking"), "start_time": .string(start),
                    "incident_type": .string("investigating"),
                    "service_statuses": .array([
                        .object(["service_id": .int(service), "status": .string(status)])
                    ]),
                ]))
            #expect(created.status == 200)
            let id = try #require(try created.json()["id"]?.intValue)
            let resolved = try await client.send(
                "POST", hub + "incidents/\(id)/incident_updates",
                json: .object([
                    "title": .string("Outage"), "body": .string("Fixed"), "start_time": .string(end),
                    "incident_type": .string("resolved"),
                ]))
            #expect(resolved.status == 200)
        }
        // The reference's example: one service always up, one down for the first half, one for the second.
        try await incident(services[1], "down", from: "2026-01-01T00:00:00Z", to: "2026-01-01T12:00:00Z")
        try await incident(services[2], "down", from: "2026-01-01T12:00:00Z", to: "2026-01-02T00:00:00Z")
        try await incident(
            services[0], "degraded-performance", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z")
        let window = "?start_time=2026-01-01T00:00:00Z&end_time=2026-01-02T00:00:00Z"

        let api = try await client.get(hub + "services/\(services[0])/uptime" + window).json()
        #expect(number(api["data"]?["uptime"]) == 100)
        #expect(api["data"]?["downtime_seconds"] == .int(0))
        let web = try await client.get(hub + "services/\(services[1])/uptime" + window).json()
        #expect(number(web["data"]?["uptime"]) == 50)
        let core = try await client.get(hub + "groups/\(groupID)/uptime" + window).json()
        #expect(number(core["data"]?["uptime"]) == 0)
        #expect(core["data"]?["downtime_seconds"] == .int(86_400))

        let daily = try await client.get(
            hub + "uptime?start_time=2025-12-31T12:00:00Z&end_time=2026-01-02T06:00:00Z&granularity=day"
        ).json()
        #expect(daily["data"]?["downtime_seconds"] == .int(86_400))
        #expect(
            daily["data"]?["days"]?.arrayValue?.map { $0["date"] }
                == [.string("2025-12-31"), .string("2026-01-01"), .string("2026-01-02")])
        #expect(
            daily["data"]?["days"]?.arrayValue?.map { $0["downtime_seconds"] } == [.int(0), .int(86_400), .int(0)])

        #expect(try await client.get(hub + "services/999/uptime").status == 404)
        #expect(try await client.get(hub + "uptime?granularity=week").status == 400)
        #expect(try await client.get(hub + "uptime?start_time=yesterday").status == 400)
        #expect(try await client.send("POST", hub + "uptime").status == 405)
    }
}
