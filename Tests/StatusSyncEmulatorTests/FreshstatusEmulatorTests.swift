import Foundation
import StatusSyncEmulator
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Declines every authentication challenge and records the response that raised it.
final class ChallengeRecorder: NSObject, URLSessionTaskDelegate, Sendable {
    private let status = Mutex<Int?>(nil)
    var failureStatus: Int? { status.withLock { $0 } }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        let code = (challenge.failureResponse as? HTTPURLResponse)?.statusCode
        status.withLock { $0 = code }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}

@Suite struct FreshstatusEmulatorTests {
    private let v1 = "/api/v1/"

    /// Creates a group and two services, returning their ids.
    private func makeServices(_ client: TestClient) async throws -> (group: Int, first: Int, second: Int) {
        let group = try await client.send("POST", v1 + "groups/", json: .object(["name": .string("Core")])).json()
        let groupID = try #require(group["id"]?.intValue)
        var ids: [Int] = []
        for name in ["API", "Web"] {
            let created = try await client.send(
                "POST", v1 + "services/", json: .object(["name": .string(name), "group": .int(groupID)]))
            #expect(created.status == 201)
            ids.append(try #require(try created.json()["id"]?.intValue))
        }
        return (groupID, ids[0], ids[1])
    }

    @Test(arguments: ["", "Authorization: Basic ZGVtbzpvdGhlcg==\r\n", "Authorization: Bearer x\r\n"])
    func rejectsMissingOrWrongCredentialsWithBasicChallenge(header: String) throws {
        // Raw socket: URLSession on Linux (Swift 6.3.1) never completes a request answered with
        // 401 + WWW-Authenticate unless a task delegate declines the challenge (see below).
        let emulator = try TestEmulators.start(.freshstatus)
        defer { emulator.stop() }
        let connection = try RawConnection(port: emulator.port)
        connection.write("GET /api/v1/services/ HTTP/1.1\r\nHost: x\r\n\(header)\r\n")
        let response = try #require(connection.readResponses(1).first)
        #expect(response.hasPrefix("HTTP/1.1 401 "))
        #expect(response.contains("WWW-Authenticate: Basic realm=\"api\"\r\n"))
        #expect(response.hasSuffix("{\"detail\":\"Invalid username/password.\"}"))
    }

    @Test func urlSessionSeesThe401OnlyThroughAChallengeDelegate() async throws {
        let emulator = try TestEmulators.start(.freshstatus)
        defer { emulator.stop() }
        let recorder = ChallengeRecorder()
        let session = URLSession(configuration: .ephemeral, delegate: recorder, delegateQueue: nil)
        let url = try #require(URL(string: "http://127.0.0.1:\(emulator.port)/api/v1/services/"))
        await #expect(throws: (any Error).self) { _ = try await session.data(from: url) }
        #expect(recorder.failureStatus == 401)
        let ok = try await TestEmulators.freshstatusClient(emulator).get(v1 + "services/")
        #expect(ok.status == 200)
    }

    @Test func pathsWithoutTrailingSlashOrUnknownGetAnHTML404() async throws {
        let emulator = try TestEmulators.start(.freshstatus)
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        for (method, path) in [("POST", "services"), ("GET", "services"), ("PATCH", "services/1"), ("GET", "nope/")] {
            let response = try await client.send(method, v1 + path, json: method == "GET" ? nil : .object([:]))
            #expect(response.status == 404)
            #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(response.text.contains("<html"))
        }
        let missing = try await client.get(v1 + "services/999/")
        #expect(missing.status == 404)
        #expect(try missing.json() == .object(["detail": .string("Not found.")]))
        let put = try await client.send("PUT", v1 + "services/1/", json: .object([:]))
        #expect(put.status == 405)
    }

    @Test func groupsAndServicesRoundTripWithNestedGroupAndStringBooleans() async throws {
        let emulator = try TestEmulators.start(.freshstatus)
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        let parent = try await client.send(
            "POST", v1 + "groups/", json: .object(["name": .string("Platform"), "order": .int(1)]))
        #expect(parent.status == 201)
        let parentID = try #require(try parent.json()["id"]?.intValue)
        let child = try await client.send(
            "POST", v1 + "groups/",
            json: .object([
                "name": .string("Edge"), "parent": .int(parentID),
                "display_options": .object(["expand_on_load": .bool(true), "uptime_history_enabled": .string("false")]),
            ]))
        let childJSON = try child.json()
        #expect(childJSON["parent"] == .int(parentID))
        #expect(childJSON["display_options"]?["expand_on_load"] == .string("true"))
        let childID = try #require(childJSON["id"]?.intValue)

        let service = try await client.send(
            "POST", v1 + "services/",
            json: .object([
                "name": .string("CDN"), "description": .string("Edge cache"), "order": .int(2), "group": .int(childID),
                "status": .string("MO"),
                "display_options": .object([
                    "service_start_date": .string("2021-04-01"), "uptime_history_enabled": .bool(true),
                ]),
            ]))
        #expect(service.status == 201)
        let serviceJSON = try service.json()
        #expect(serviceJSON["status"] == .string("OP"))
        #expect(
            serviceJSON["group"]
                == .object(["id": .int(childID), "name": .string("Edge"), "order": .int(0), "parent": .int(parentID)]))
        #expect(serviceJSON["display_options"]?["uptime_history_enabled"] == .string("true"))
        let serviceID = try #require(serviceJSON["id"]?.intValue)

        let patched = try await client.send(
            "PATCH", v1 + "services/\(serviceID)/", json: .object(["group": .null, "name": .string("CDN 2")]))
        #expect(patched.status == 200)
        #expect(try patched.json()["group"] == .null)
        #expect(try patched.json()["description"] == .string("Edge cache"))

        let bad = try await client.send(
            "POST", v1 + "services/",
            json: .object(["group": .int(999), "display_options": .object(["x": .string("1")])]))
        #expect(bad.status == 400)
        let errors = try bad.json()
        #expect(errors["name"] == .array([.string("This field is required.")]))
        #expect(errors["group"] == .array([.string("Invalid pk \"999\" - object does not exist.")]))
        #expect(errors["display_options"] != nil)

        let cycle = try await client.send("PATCH", v1 + "groups/\(parentID)/", json: .object(["parent": .int(childID)]))
        #expect(cycle.status == 400)
        #expect(try await client.send("DELETE", v1 + "groups/\(childID)/").status == 204)
        #expect(try await client.get(v1 + "groups/\(childID)/").status == 404)
        #expect(try await client.send("DELETE", v1 + "services/\(serviceID)/").status == 204)
    }

    @Test func incidentStatusesCRUDAndUniqueness() async throws {
        let emulator = try TestEmulators.start(.freshstatus)
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        let list = try await client.get(v1 + "incident-status/").json()
        #expect(list["count"] == .int(4))
        let created = try await client.send(
            "POST", v1 + "incident-status/", json: .object(["value": .string("Escalated")]))
        #expect(created.status == 201)
        #expect(try created.json()["order"] == .int(5))
        let id = try #require(try created.json()["id"]?.intValue)
        let duplicate = try await client.send(
            "POST", v1 + "incident-status/", json: .object(["value": .string("Escalated")]))
        #expect(duplicate.status == 400)
        let patched = try await client.send("PATCH", v1 + "incident-status/\(id)/", json: .object(["order": .int(0)]))
        #expect(try patched.json() == .object(["id": .int(id), "value": .string("Escalated"), "order": .int(0)]))
        #expect(try await client.get(v1 + "incident-status/\(id)/").status == 200)
        #expect(try await client.send("DELETE", v1 + "incident-status/\(id)/").status == 204)
    }

    @Test func incidentLifecycleWithUpdatesResolveAndDerivedStatus() async throws {
        let clock = ManualEmulatorClock(start: TestEmulators.start)
        let emulator = try TestEmulators.start(.freshstatus, clock: clock)
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        let (_, api, web) = try await makeServices(client)

        let created = try await client.send(
            "POST", v1 + "incidents/",
            json: .object([
                "title": .string("Erreur 500 — API 🚨"), "description": .string("Looking"),
                "start_time": .string("2026-11-15T11:00:00+01:00"), "is_private": .string("true"),
                "affected_components": .array([
                    .object(["component": .int(api), "new_status": .string("PO")]),
                    .object(["component": .string(String(web)), "new_status": .string("PD")]),
                ]),
                "notification_options": .object(["send_tweet": .bool(false), "send_email": .string("true")]),
            ]))
        #expect(created.status == 201)
        let incident = try created.json()
        let id = try #require(incident["id"]?.intValue)
        #expect(incident["start_time"] == .string("2026-11-15T10:00:00Z"))
        #expect(incident["end_time"] == .null)
        #expect(incident["is_private"] == .bool(true))
        #expect(incident["incident_updates"] == .array([]))
        #expect(incident["affected_components"]?.arrayValue?.first?["component"] == .string(String(api)))
        #expect(incident["notification_options"]?["send_email"] == .string("true"))

        #expect(try await client.get(v1 + "services/\(api)/").json()["status"] == .string("PO"))
        #expect(try await client.get(v1 + "services/\(web)/").json()["status"] == .string("PD"))

        let update = try await client.send(
            "POST", v1 + "incident-updates/",
            json: .object([
                "incident": .int(id), "message": .string("Identified 原因"),
                "time": .string("2026-11-15T10:30:00.250000Z"),
                "incident_status": .string("Identified"),
            ]))
        #expect(update.status == 201)
        let updateJSON = try update.json()
        #expect(updateJSON["time"] == .string("2026-11-15T10:30:00.250000Z"))
        #expect(updateJSON["incident"] == .int(id))
        let updateID = try #require(updateJSON["id"]?.intValue)

        let unknownStatus = try await client.send(
            "POST", v1 + "incident-updates/",
            json: .object([
                "incident": .int(id), "time": .string("2026-11-15T10:40:00Z"), "incident_status": .string("Panicking"),
            ]))
        #expect(unknownStatus.status == 400)
        #expect(
            try unknownStatus.json()["incident_status"] == .array([.string("\"Panicking\" is not a valid choice.")]))
        let noTime = try await client.send("POST", v1 + "incident-updates/", json: .object(["incident": .int(9999)]))
        #expect(try noTime.json()["time"] == .array([.string("This field is required.")]))
        #expect(try noTime.json()["incident"] != nil)

        let filtered = try await client.get(v1 + "incident-updates/?incident=\(id)").json()
        #expect(filtered["count"] == .int(1))
        let patched = try await client.send(
            "PATCH", v1 + "incident-updates/\(updateID)/", json: .object(["message": .string("Root cause found")]))
        #expect(try patched.json()["message"] == .string("Root cause found"))

        clock.advance(by: 600)
        let resolved = try await client.send(
            "POST", v1 + "incidents/\(id)/resolve/", json: .object(["message": .string("Fixed")]))
        #expect(resolved.status == 200)
        let resolvedJSON = try resolved.json()
        #expect(resolvedJSON["end_time"] == .string("2026-11-15T12:10:00Z"))
        let updates = try #require(resolvedJSON["incident_updates"]?.arrayValue)
        #expect(updates.count == 2)
        #expect(updates.last?["incident_status"] == .string("Resolved"))
        #expect(updates.last?["message"] == .string("Fixed"))
        #expect(try await client.get(v1 + "services/\(api)/").json()["status"] == .string("OP"))

        let embedded = try await client.get(v1 + "incidents/\(id)/").json()
        #expect(embedded["incident_updates"]?.arrayValue?.count == 2)
        #expect(try await client.send("DELETE", v1 + "incident-updates/\(updateID)/").status == 204)
        #expect(try await client.send("DELETE", v1 + "incidents/\(id)/").status == 204)
        #expect(try await client.get(v1 + "incidents/\(id)/").status == 404)
    }

    @Test func incidentValidationRejectsBadBodies() async throws {
        let emulator = try TestEmulators.start(.freshstatus)
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        let empty = try await client.send("POST", v1 + "incidents/", json: .object([:]))
        #expect(empty.status == 400)
        #expect(try empty.json()["title"] == .array([.string("This field is required.")]))
        #expect(try empty.json()["start_time"] == .array([.string("This field is required.")]))
        let bad = try await client.send(
            "POST", v1 + "incidents/",
            json: .object([
                "title": .string(" "), "start_time": .string("yesterday"), "is_private": .string("maybe"),
                "affected_components": .array([.object(["component": .int(42), "new_status": .string("XX")])]),
            ]))
        let errors = try bad.json()
        #expect(errors["title"] == .array([.string("This field may not be blank.")]))
        #expect(errors["start_time"] != nil)
        #expect(errors["is_private"] == .array([.string("Must be a valid boolean.")]))
        #expect(errors["affected_components"] != nil)
        let backwards = try await client.send(
            "POST", v1 + "incidents/",
            json: .object([
                "title": .string("x"), "start_time": .string("2026-01-02T00:00:00Z"),
                "end_time": .string("2026-01-01T00:00:00Z"),
            ]))
        #expect(backwards.status == 400)
        let malformed = try await client.send(
            "POST", v1 + "incidents/", raw: Data("{\"title\":".utf8), headers: ["Content-Type": "application/json"])
        #expect(malformed.status == 400)
        #expect(try malformed.json()["detail"]?.stringValue?.hasPrefix("JSON parse error") == true)
        let wrongType = try await client.send(
            "POST", v1 + "incidents/", raw: Data("title=x".utf8), headers: ["Content-Type": "text/plain"])
        #expect(wrongType.status == 415)
    }

    @Test func maintenanceStartCompleteAndSharedIDSpace() async throws {
        let clock = ManualEmulatorClock(start: TestEmulators.start)
        let emulator = try TestEmulators.start(.freshstatus, clock: clock)
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        let (_, api, _) = try await makeServices(client)
        let incident = try await client.send(
            "POST", v1 + "incidents/",
            json: .object([
                "title": .string("i"), "start_time": .string("2026-11-15T09:00:00Z"),
                "end_time": .string("2026-11-15T10:00:00Z"),
            ]))
        let incidentID = try #require(try incident.json()["id"]?.intValue)
        let created = try await client.send(
            "POST", v1 + "maintenance/",
            json: .object([
                "title": .string("DB upgrade"), "start_time": .string("2026-11-16T00:00:00Z"),
                "end_time": .string("2026-11-16T02:00:00Z"), "is_auto_start": .bool(true),
                "affected_components": .array([.object(["component": .string(String(api))])]),
            ]))
        #expect(created.status == 201)
        let maintenance = try created.json()
        let id = try #require(maintenance["id"]?.intValue)
        #expect(id == incidentID + 1)
        #expect(maintenance["maintenance_updates"] == .array([]))
        #expect(maintenance["affected_components"]?.arrayValue?.first?["new_status"] == .string("UM"))
        #expect(try await client.get(v1 + "incidents/\(id)/").status == 404)
        #expect(try await client.get(v1 + "maintenance/\(incidentID)/").status == 404)
        #expect(try await client.get(v1 + "incidents/").json()["count"] == .int(1))

        let early = try await client.send("POST", v1 + "maintenance/\(id)/complete/")
        #expect(early.status == 400)
        let started = try await client.send(
            "POST", v1 + "maintenance/\(id)/start/", json: .object(["message": .string("Starting")]))
        #expect(started.status == 200)
        #expect(try started.json()["start_time"] == .string("2026-11-15T12:00:00Z"))
        #expect(try await client.get(v1 + "services/\(api)/").json()["status"] == .string("UM"))
        #expect(try await client.send("POST", v1 + "maintenance/\(id)/start/").status == 400)

        let note = try await client.send(
            "POST", v1 + "maintenance-updates/",
            json: .object([
                "maintenance": .int(id), "message": .string("Halfway"), "time": .string("2026-11-15T12:00:00Z"),
            ]))
        #expect(note.status == 201)
        #expect(try note.json()["maintenance"] == .int(id))
        let noteID = try #require(try note.json()["id"]?.intValue)
        #expect(try await client.get(v1 + "maintenance-updates/?maintenance=\(id)").json()["count"] == .int(2))
        #expect(try await client.get(v1 + "maintenance-updates/?maintenance=\(incidentID)").status == 400)
        #expect(
            try await client.send(
                "PATCH", v1 + "maintenance-updates/\(noteID)/", json: .object(["message": .string("70%")])
            ).status == 200)
        #expect(try await client.get(v1 + "incident-updates/\(noteID)/").status == 404)

        clock.advance(by: 1800)
        let completed = try await client.send(
            "POST", v1 + "maintenance/\(id)/complete/", json: .object(["message": .string("Done")]))
        #expect(completed.status == 200)
        #expect(try completed.json()["end_time"] == .string("2026-11-15T12:30:00Z"))
        #expect(try completed.json()["maintenance_updates"]?.arrayValue?.count == 3)
        #expect(try await client.get(v1 + "services/\(api)/").json()["status"] == .string("OP"))
        #expect(
            try await client.send("PATCH", v1 + "maintenance/\(id)/", json: .object(["title": .string("DB")])).status
                == 200)
        #expect(try await client.send("DELETE", v1 + "maintenance-updates/\(noteID)/").status == 204)
        #expect(try await client.send("DELETE", v1 + "maintenance/\(id)/").status == 204)
    }

    @Test func worstStatusWinsAndMaintenanceRanksBelowOutages() async throws {
        let emulator = try TestEmulators.start(.freshstatus)
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        let (_, api, _) = try await makeServices(client)
        let component = JSONValue.array([.object(["component": .int(api), "new_status": .string("PD")])])
        _ = try await client.send(
            "POST", v1 + "maintenance/",
            json: .object([
                "title": .string("m"), "start_time": .string("2026-11-15T00:00:00Z"),
                "end_time": .string("2099-01-01T00:00:00Z"),
                "affected_components": component,
            ]))
        #expect(try await client.get(v1 + "services/\(api)/").json()["status"] == .string("UM"))
        _ = try await client.send(
            "POST", v1 + "incidents/",
            json: .object([
                "title": .string("a"), "start_time": .string("2026-11-15T00:00:00Z"), "affected_components": component,
            ]))
        #expect(try await client.get(v1 + "services/\(api)/").json()["status"] == .string("PD"))
        _ = try await client.send(
            "POST", v1 + "incidents/",
            json: .object([
                "title": .string("b"), "start_time": .string("2026-11-15T00:00:00Z"),
                "affected_components": .array([.object(["component": .int(api), "new_status": .string("MO")])]),
            ]))
        #expect(try await client.get(v1 + "services/\(api)/").json()["status"] == .string("MO"))
    }

    @Test func pagesWithAbsoluteNextAndPreviousAndIgnoresPageSize() async throws {
        let emulator = try TestEmulators.start(.freshstatus) { $0.pageSize = 3 }
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        for index in 1...7 {
            _ = try await client.send(
                "POST", v1 + "groups/", json: .object(["name": .string("G\(index)"), "order": .int(index)]))
        }
        let root = "http://127.0.0.1:\(emulator.port)"
        let first = try await client.get(v1 + "groups/?page_size=100").json()
        #expect(first["count"] == .int(7))
        #expect(first["results"]?.arrayValue?.count == 3)
        #expect(first["previous"] == .null)
        #expect(first["next"] == .string(root + v1 + "groups/?page=2&page_size=100"))
        var names: [String] = []
        var next: String? = root + v1 + "groups/"
        var pages = 0
        var previous: JSONValue = .null
        while let url = next {
            let page = try await client.get(url).json()
            names += page["results"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            next = page["next"]?.stringValue
            previous = page["previous"] ?? .null
            pages += 1
        }
        #expect(pages == 3)
        #expect(names == (1...7).map { "G\($0)" })
        #expect(previous == .string(root + v1 + "groups/?page=2"))
        let second = try await client.get(v1 + "groups/?page=2").json()
        #expect(second["previous"] == .string(root + v1 + "groups/"))
        for bad in ["0", "4", "x"] {
            let response = try await client.get(v1 + "groups/?page=\(bad)")
            #expect(response.status == 404)
            #expect(try response.json() == .object(["detail": .string("Invalid page.")]))
        }
    }

    @Test func rateLimitIsASlidingHourOverEveryMethod() async throws {
        let clock = ManualEmulatorClock(start: TestEmulators.start)
        let emulator = try TestEmulators.start(.freshstatus, clock: clock) {
            $0.rateLimits = EmulatorRateLimits(callsPerHour: 3)
        }
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        #expect(try await client.get(v1 + "services/").status == 200)
        clock.advance(by: 600)
        #expect(try await client.send("POST", v1 + "groups/", json: .object(["name": .string("g")])).status == 201)
        #expect(try await client.get(v1 + "services/999/").status == 404)
        let throttled = try await client.get(v1 + "services/")
        #expect(throttled.status == 429)
        #expect(throttled.header("Retry-After") == "3000")
        #expect(
            try throttled.json()
                == .object(["detail": .string("Request was throttled. Expected available in 3000 seconds.")]))
        #expect(try await client.get("/_emulator/state").status == 200)
        clock.advance(by: 2999)
        #expect(try await client.get(v1 + "services/").status == 429)
        clock.advance(by: 1)
        #expect(try await client.get(v1 + "services/").status == 200)
        #expect(try await client.get(v1 + "services/").status == 429)
    }

    @Test func defaultLimitIsOneThousandCallsPerHour() async throws {
        let emulator = try TestEmulators.start(.freshstatus) { $0.rateLimits = .providerDefaults }
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        var statuses: [Int] = []
        for _ in 0..<1001 { statuses.append(try await client.get(v1 + "incident-status/").status) }
        #expect(statuses.prefix(1000).allSatisfy { $0 == 200 })
        #expect(statuses.last == 429)
    }
}
