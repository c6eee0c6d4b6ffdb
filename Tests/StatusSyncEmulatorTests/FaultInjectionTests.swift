import Foundation
import StatusSyncEmulator
import Testing

@Suite struct FaultInjectionTests {
    private let hub = "/api/v3/hubs/acme-status/"

    private func groupCount(_ emulator: Emulator) throws -> Int {
        try JSONValue.parse(data: emulator.stateData())["groups"]?.arrayValue?.count ?? -1
    }

    @Test func failRateAnswers500BeforeAnyChange() async throws {
        let emulator = try TestEmulators.start(.statushub) { $0.failRate = 1 }
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        let response = try await client.send("POST", hub + "groups", json: .object(["name": .string("g")]))
        #expect(response.status == 500)
        #expect(try groupCount(emulator) == 0)
        #expect(try await client.get("/_emulator/state").status == 200)
    }

    @Test func lostResponseCommitsTheWriteAndClosesTheConnection() async throws {
        let emulator = try TestEmulators.start(.freshstatus)
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator, timeout: 2)
        #expect(
            try await client.send("POST", "/api/v1/groups/", json: .object(["name": .string("before")])).status == 201)
        let faults = try await client.send("POST", "/_emulator/faults", json: .object(["loseResponseRate": .int(1)]))
        #expect(faults.status == 200)
        #expect(try faults.json()["loseResponseRate"] == .double(1))
        let started = ContinuousClock.now
        await #expect(throws: (any Error).self) {
            _ = try await client.send("POST", "/api/v1/groups/", json: .object(["name": .string("lost")]))
        }
        let elapsed = ContinuousClock.now - started
        print("lost response: URLSession failed after \(elapsed)")
        let state = try JSONValue.parse(data: emulator.stateData())
        #expect(state["groups"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["before", "lost"])
        #expect(try await client.get("/api/v1/groups/").json()["count"] == .int(2))
        let log = try await client.get("/_emulator/requests").json()["requests"]?.arrayValue ?? []
        let lost = log.filter { $0["responseLost"] == .bool(true) }
        #expect(lost.count == 1)
        #expect(lost.first?["status"] == .int(201))
        #expect(lost.first?["isWrite"] == .bool(true))
    }

    @Test func throttleRateAnswersASpurious429() async throws {
        let emulator = try TestEmulators.start(.freshstatus) { $0.throttleRate = 1 }
        defer { emulator.stop() }
        let response = try await TestEmulators.freshstatusClient(emulator).get("/api/v1/services/")
        #expect(response.status == 429)
        #expect(response.header("Retry-After") == "1")
        #expect(try response.json()["detail"] == .string("Request was throttled. Expected available in 1 seconds."))
    }

    @Test func latencyIsSleptBeforeEveryProviderRequestOnly() async throws {
        let clock = ManualEmulatorClock(start: TestEmulators.start)
        let emulator = try TestEmulators.start(.statushub, clock: clock) { $0.latency = .milliseconds(250) }
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        #expect(try await client.get(hub + "groups").status == 200)
        #expect(try await client.get("/_emulator/requests").status == 200)
        #expect(try await client.get(hub + "services").status == 200)
        #expect(clock.sleeps == [.milliseconds(250), .milliseconds(250)])
    }

    @Test func faultsAreReproducibleForAGivenSeed() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            let emulator = try TestEmulators.start(.statushub) {
                $0.failRate = 0.5
                $0.faultSeed = seed
            }
            defer { emulator.stop() }
            let client = TestEmulators.statusHubClient(emulator)
            var result: [Int] = []
            for _ in 0..<24 { result.append(try await client.get(hub + "groups").status) }
            return result
        }
        let first = try await statuses(seed: 42)
        #expect(try await statuses(seed: 42) == first)
        #expect(Set(first) == [200, 500])
        #expect(try await statuses(seed: 43) != first)
    }

    @Test func faultSettingsChangeAtRuntimeAndRejectNonsense() async throws {
        let clock = ManualEmulatorClock(start: TestEmulators.start)
        let emulator = try TestEmulators.start(.statushub, clock: clock) { $0.rateLimits = .providerDefaults }
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        for bad in [#"{"failRate": 2}"#, #"{"bogus": 1}"#, #"{"rateLimit": {"writesPerSecond": -1}}"#, "[]"] {
            #expect(try await client.send("POST", "/_emulator/faults", raw: Data(bad.utf8)).status == 400)
        }
        let changed = try await client.send(
            "POST", "/_emulator/faults", json: .object(["rateLimit": .object(["writesPerSecond": .int(1)])]))
        #expect(try changed.json()["rateLimit"]?["writesPerSecond"] == .int(1))
        #expect(try await client.send("POST", hub + "groups", json: .object(["name": .string("a")])).status == 200)
        #expect(try await client.send("POST", hub + "groups", json: .object(["name": .string("b")])).status == 429)
        _ = try await client.send(
            "POST", "/_emulator/faults", json: .object(["rateLimit": .object(["enabled": .bool(false)])]))
        #expect(try await client.send("POST", hub + "groups", json: .object(["name": .string("c")])).status == 200)
        #expect(try await client.get("/_emulator/faults").json()["rateLimit"]?["enabled"] == .bool(false))
    }
}

@Suite struct InspectionTests {
    @Test func requestLogRecordsProviderCallsOnlyAndCanBeCleared() async throws {
        let emulator = try TestEmulators.start(.freshstatus)
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        _ = try await client.get("/api/v1/services/?page=1")
        _ = try await client.send("POST", "/api/v1/groups/", json: .object(["name": .string("g")]))
        _ = try await client.get("/_emulator/state")
        let entries = try #require(try await client.get("/_emulator/requests").json()["requests"]?.arrayValue)
        #expect(entries.count == 2)
        #expect(entries[0]["path"] == .string("/api/v1/services/?page=1"))
        #expect(entries[0]["isWrite"] == .bool(false))
        #expect(entries[1]["method"] == .string("POST"))
        #expect(entries[1]["status"] == .int(201))
        #expect(entries[1]["isWrite"] == .bool(true))
        #expect(entries[1]["sequence"] == .int(2))
        #expect(try await client.send("DELETE", "/_emulator/requests").status == 204)
        _ = try await client.get("/api/v1/groups/")
        let after = try #require(try await client.get("/_emulator/requests").json()["requests"]?.arrayValue)
        #expect(after.map { $0["sequence"] } == [.int(3)])
        #expect(try await client.get("/_emulator/nope").status == 404)
    }

    @Test func inspectionNeedsNoAuthAndIsNotRateLimited() async throws {
        let emulator = try TestEmulators.start(.statushub) { $0.rateLimits = EmulatorRateLimits(readsPerSecond: 1) }
        defer { emulator.stop() }
        let anonymous = TestClient(port: emulator.port)
        for _ in 0..<5 { #expect(try await anonymous.get("/_emulator/state").status == 200) }
        let client = TestEmulators.statusHubClient(emulator)
        #expect(try await client.get("/api/v3/hubs/acme-status/groups").status == 200)
    }
}

@Suite struct PersistenceTests {
    @Test func stateSurvivesARestartThroughTheStateFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.json").path
        let seed = Data(
            #"{"data": {"hub": "acme-status", "groups": [{"id": 7, "name": "Seeded", "position": 1}]}}"#.utf8)
        let first = try TestEmulators.start(.statushub) {
            $0.statePath = path
            $0.seed = seed
        }
        let client = TestEmulators.statusHubClient(first)
        let created = try await client.send(
            "POST", "/api/v3/hubs/acme-status/groups", json: .object(["name": .string("New")]))
        #expect(try created.json()["id"] == .int(8))
        #expect(try await client.send("DELETE", "/api/v3/hubs/acme-status/groups/7").status == 204)
        first.stop()

        let second = try TestEmulators.start(.statushub) { $0.statePath = path }
        defer { second.stop() }
        let groups = try await TestEmulators.statusHubClient(second).get("/api/v3/hubs/acme-status/groups").json()
        #expect(groups["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["New"])
        let state = try JSONValue.parse(data: second.stateData())
        #expect(state["groups"]?.arrayValue?.first?["deleted"] == .bool(true))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files == ["state.json"])
    }

    @Test func badSeedsAreClearErrors() throws {
        var options = EmulatorOptions(provider: .freshstatus)
        options.seed = Data("{not json".utf8)
        #expect(throws: EmulatorError.self) { try Emulator(options: options) }
        options.seed = Data(#"{"services": [{"name": "no id"}]}"#.utf8)
        do {
            _ = try Emulator(options: options)
            Issue.record("a service without id was accepted")
        } catch {
            #expect(error.description == "invalid seed: a service has no integer 'id'")
        }
        options.seed = nil
        options.failRate = 3
        #expect(throws: EmulatorError.invalidOption(name: "failRate", reason: "must be between 0 and 1")) {
            try Emulator(options: options)
        }
    }

    @Test func baseURLsNameTheAPIRoot() throws {
        let freshstatus = try TestEmulators.start(.freshstatus)
        defer { freshstatus.stop() }
        #expect(freshstatus.baseURL.absoluteString == "http://127.0.0.1:\(freshstatus.port)/api/v1/")
        let statushub = try TestEmulators.start(.statushub)
        defer { statushub.stop() }
        #expect(statushub.baseURL.absoluteString == "http://127.0.0.1:\(statushub.port)/api/v3")
    }
}
