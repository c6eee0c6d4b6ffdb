import Foundation
import StatusSyncEmulator
import Testing

@Suite struct SeedGeneratorTests {
    private static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

    @Test func committedExamplesAreTheGeneratorsOutput() throws {
        let freshstatus = try Data(contentsOf: Self.examples.appendingPathComponent("freshstatus-seed.json"))
        let statushub = try Data(contentsOf: Self.examples.appendingPathComponent("statushub-seed.json"))
        #expect(freshstatus == SeedGenerator.exampleFreshstatus)
        #expect(statushub == SeedGenerator.exampleStatusHub)
    }

    @Test func generationIsDeterministicAndSeedDependent() {
        #expect(SeedGenerator.statushub(incidents: 40, seed: 1) == SeedGenerator.statushub(incidents: 40, seed: 1))
        #expect(SeedGenerator.freshstatus(incidents: 40, seed: 1) != SeedGenerator.freshstatus(incidents: 40, seed: 2))
    }

    @Test func freshstatusExampleHasThePromisedShape() throws {
        let seed = try JSONValue.parse(data: SeedGenerator.exampleFreshstatus)
        let groups = try #require(seed["groups"]?.arrayValue)
        #expect(groups.contains { $0["parent"]?.intValue != nil })
        #expect(try #require(seed["services"]?.arrayValue).count >= 30)
        let incidents = try #require(seed["incidents"]?.arrayValue)
        #expect(incidents.count == 300)
        let updateCounts = incidents.map { $0["incident_updates"]?.arrayValue?.count ?? 0 }
        #expect(updateCounts.min() == 1 && updateCounts.max() == 6)
        #expect(incidents.contains { $0["end_time"] == .null })
        #expect(incidents.contains { $0["is_private"] == .bool(true) })
        let statuses = Set(
            incidents.flatMap { $0["affected_components"]?.arrayValue ?? [] }.compactMap {
                $0["new_status"]?.stringValue
            })
        #expect(statuses == ["OP", "PD", "PO", "MO", "UM"])
        let titles = incidents.compactMap { $0["title"]?.stringValue }
        #expect(
            titles.contains { $0.contains("é") } && titles.contains { $0.contains("数") }
                && titles.contains { $0.contains("🔐") })
        let latest = incidents.flatMap { incident in
            [incident["start_time"], incident["end_time"]]
                + (incident["incident_updates"]?.arrayValue ?? []).map { $0["time"] }
        }.compactMap { $0?.stringValue }.max()
        #expect((latest ?? "") < "2026-11-01")
        let windows = try #require(seed["maintenances"]?.arrayValue).compactMap { maintenance -> (String, String)? in
            guard let start = maintenance["start_time"]?.stringValue, let end = maintenance["end_time"]?.stringValue
            else { return nil }
            return (start, end)
        }
        #expect(windows.contains { $0.1 < "2026" })
        #expect(windows.contains { $0.0 < "2026-11-01" && $0.1.hasPrefix("2099") })
        #expect(windows.contains { $0.0.hasPrefix("2099") })
        let ids =
            incidents.compactMap { $0["id"]?.intValue }
            + (seed["maintenances"]?.arrayValue ?? []).compactMap { $0["id"]?.intValue }
        #expect(Set(ids).count == ids.count)
    }

    @Test func statusHubExampleFollowsTheTimelineRules() throws {
        let seed = try JSONValue.parse(data: SeedGenerator.exampleStatusHub)
        let incidents = try #require(seed["incidents"]?.arrayValue)
        #expect(incidents.contains { $0["state"] == .string("draft") })
        #expect(incidents.contains { $0["end_time"] == .null })
        for incident in incidents {
            let updates = incident["incident_updates"]?.arrayValue ?? []
            #expect((1...6).contains(updates.count))
            #expect(updates.first?["incident_type"] != .string("resolved"))
            let resolved = updates.filter { $0["incident_type"] == .string("resolved") }
            #expect(resolved.count <= 1)
            #expect(incident["end_time"] == (resolved.first?["start_time"] ?? .null))
            #expect(incident["last_incident_type"] == updates.last?["incident_type"])
        }
        #expect(try #require(seed["incident_templates"]?.arrayValue).count == 3)
        #expect(try #require(seed["maintenance_templates"]?.arrayValue).count == 2)
    }

    @Test(arguments: EmulatedProvider.allCases)
    func emulatorLoadsTheExampleAndDerivesTheSameServiceStatuses(provider: EmulatedProvider) async throws {
        let file = provider == .freshstatus ? "freshstatus-seed.json" : "statushub-seed.json"
        let seedData = try Data(contentsOf: Self.examples.appendingPathComponent(file))
        let emulator = try TestEmulators.start(provider) {
            $0.seed = seedData
            $0.pageSize = 100
        }
        defer { emulator.stop() }
        let seed = try JSONValue.parse(data: seedData)
        let expected = (seed["services"]?.arrayValue ?? []).compactMap { $0["status"] }
        let served: [JSONValue]
        switch provider {
        case .freshstatus:
            let client = TestEmulators.freshstatusClient(emulator)
            served =
                try await client.get("/api/v1/services/").json()["results"]?.arrayValue?.compactMap { $0["status"] }
                ?? []
            #expect(try await client.get("/api/v1/incidents/").json()["count"] == .int(300))
            #expect(try await client.get("/api/v1/incidents/1/").json() == seed["incidents"]?.arrayValue?.first)
        case .statushub:
            let client = TestEmulators.statusHubClient(emulator)
            served =
                try await client.get("/api/v3/hubs/acme-status/services?per_page=100").json()["data"]?.arrayValue?
                .compactMap { $0["status"] } ?? []
            #expect(
                try await client.get("/api/v3/hubs/acme-status/incidents").json()["meta"]?["total_count"] == .int(300))
            #expect(
                try await client.get("/api/v3/hubs/acme-status/incidents/1").json()
                    == seed["incidents"]?.arrayValue?.first)
        }
        #expect(served == expected)
        #expect(try JSONValue.parse(data: emulator.stateData()) == seed)
    }

    @Test func scalesToThousandsOfIncidents() throws {
        let data = SeedGenerator.statushub(incidents: 3000, seed: 7)
        let seed = try JSONValue.parse(data: data)
        let incidents = try #require(seed["incidents"]?.arrayValue)
        #expect(incidents.count == 3000)
        let updateIDs = incidents.flatMap { $0["incident_updates"]?.arrayValue ?? [] }.compactMap { $0["id"]?.intValue }
        #expect(Set(updateIDs).count == updateIDs.count)
    }
}
