import Foundation
import StatusSyncEmulator
import Testing

@Suite struct StatusHubEmulatorTests {
    private let hub = "/api/v3/hubs/acme-status/"

    private func makeServices(_ client: TestClient) async throws -> (group: Int, first: Int, second: Int) {
        let group = try await client.send("POST", hub + "groups", json: .object(["name": .string("Core")]))
        #expect(group.status == 200)
        let groupID = try #require(try group.json()["id"]?.intValue)
        var ids: [Int] = []
        for name in ["API", "Web"] {
            let created = try await client.send(
                "POST", hub + "services", json: .object(["name": .string(name), "group_id": .int(groupID)]))
            #expect(created.status == 200)
            ids.append(try #require(try created.json()["id"]?.intValue))
        }
        return (groupID, ids[0], ids[1])
    }

    private func incidentBody(
        _ services: [Int], type: String = "investigating", start: String = "2026-11-15T10:00:00Z",
        title: String = "Outage"
    ) -> JSONValue {
        .object([
            "title": .string(title), "body": .string("Looking into it"), "start_time": .string(start),
            "incident_type": .string(type), "silent": .bool(true),
            "service_statuses": .array(services.map { .object(["service_id": .int($0), "status": .string("down")]) }),
        ])
    }

    @Test func authVersionHubAndPathRules() async throws {
        let emulator = try TestEmulators.start(.statushub)
        defer { emulator.stop() }
        let anonymous = TestClient(port: emulator.port)
        for headers in [[:], ["X-API-KEY": "wrong"]] {
            let response = try await anonymous.send("GET", hub + "services", headers: headers)
            #expect(response.status == 401)
            #expect(try response.json() == .object(["error": .string("Unauthorized")]))
        }
        let client = TestEmulators.statusHubClient(emulator)
        #expect(try await client.get(hub + "services?api_version=V3-R1").status == 200)
        #expect(try await client.get(hub + "services").status == 200)
        let badVersion = try await client.get(hub + "services?api_version=V2")
        #expect(badVersion.status == 400)
        #expect(try badVersion.json()["error"]?.stringValue != nil)
        let unknownHub = try await client.get("/api/v3/hubs/other/services")
        #expect(unknownHub.status == 404)
        #expect(try unknownHub.json() == .object(["error": .string("Not found")]))
        #expect(try await client.get(hub + "services/").status == 404)
        #expect(try await client.get(hub + "platform_alerts").status == 404)
        let malformed = try await client.send("POST", hub + "groups", raw: Data("{oops".utf8))
        #expect(malformed.status == 400)
        #expect(try malformed.json()["error"]?.stringValue?.hasPrefix("Malformed JSON") == true)
    }

    @Test func groupsAndServicesCRUDWithSoftDeletes() async throws {
        let emulator = try TestEmulators.start(.statushub)
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        let (group, api, _) = try await makeServices(client)
        let service = try await client.get(hub + "services/\(api)").json()
        #expect(
            service
                == .object([
                    "id": .int(api), "name": .string("API"), "description": .string(""), "position": .int(1),
                    "group_id": .int(group), "status": .string("up"),
                ]))
        let renamed = try await client.send(
            "PUT", hub + "services/\(api)", json: .object(["name": .string("Public API")]))
        #expect(renamed.status == 200)
        #expect(try renamed.json()["group_id"] == .int(group))
        let readOnly = try await client.send("PUT", hub + "services/\(api)", json: .object(["status": .string("down")]))
        #expect(readOnly.status == 422)
        #expect(try readOnly.json()["error"] == .string("Validation failed"))
        #expect(try readOnly.json()["errors"]?["status"] != nil)
        let invalid = try await client.send("POST", hub + "services", json: .object(["group_id": .int(999)]))
        #expect(invalid.status == 422)
        #expect(try invalid.json()["errors"]?["name"] == .array([.string("can't be blank")]))
        #expect(try invalid.json()["errors"]?["group_id"] != nil)
        let groupPut = try await client.send("PUT", hub + "groups/\(group)", json: .object(["position": .int(7)]))
        #expect(try groupPut.json() == .object(["id": .int(group), "name": .string("Core"), "position": .int(7)]))

        #expect(try await client.send("DELETE", hub + "groups/\(group)").status == 204)
        #expect(try await client.get(hub + "groups/\(group)").status == 404)
        #expect(try await client.get(hub + "services/\(api)").json()["group_id"] == .null)
        #expect(try await client.send("DELETE", hub + "services/\(api)").status == 204)
        #expect(try await client.send("DELETE", hub + "services/\(api)").status == 404)
        #expect(try await client.get(hub + "services").json()["data"]?.arrayValue?.count == 1)
        let state = try JSONValue.parse(data: emulator.stateData())
        let stored = state["services"]?.arrayValue?.first { $0["id"] == .int(api) }
        #expect(stored?["deleted"] == .bool(true))
    }

    @Test func incidentCreationRules() async throws {
        let emulator = try TestEmulators.start(.statushub)
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        let (_, api, _) = try await makeServices(client)
        let resolved = try await client.send("POST", hub + "incidents", json: incidentBody([api], type: "resolved"))
        #expect(resolved.status == 422)
        #expect(try resolved.json()["errors"]?["incident_type"] != nil)
        let noServices = try await client.send("POST", hub + "incidents", json: incidentBody([]))
        #expect(
            try noServices.json()["errors"]?["service_statuses"] == .array([.string("must name at least one service")]))
        let unknownService = try await client.send("POST", hub + "incidents", json: incidentBody([999]))
        #expect(unknownService.status == 422)
        let future = try await client.send(
            "POST", hub + "incidents", json: incidentBody([api], start: "2026-11-15T12:00:01Z"))
        #expect(try future.json()["errors"]?["start_time"] == .array([.string("can't be in the future")]))
        let badStatus = try await client.send(
            "POST", hub + "incidents",
            json: .object([
                "title": .string("x"), "start_time": .string("2026-11-15T10:00:00Z"), "incident_type": .string("panic"),
                "service_statuses": .array([.object(["service_id": .int(api), "status": .string("meh")])]),
                "state": .string("secret"),
            ]))
        let errors = try #require(try badStatus.json()["errors"])
        #expect(errors["incident_type"] == .array([.string("is not included in the list")]))
        #expect(errors["service_statuses"] != nil)
        #expect(errors["state"] != nil)
        let empty = try await client.send("POST", hub + "incidents", json: .object([:]))
        #expect(empty.status == 422)
        #expect(try empty.json()["errors"]?["title"] == .array([.string("can't be blank")]))
        #expect(try await client.send("PUT", hub + "incidents/1", json: .object([:])).status == 405)
    }

    @Test func incidentTimelineTitleEndTimeAndDerivedStatus() async throws {
        let clock = ManualEmulatorClock(start: TestEmulators.start)
        let emulator = try TestEmulators.start(.statushub, clock: clock)
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        let (_, api, web) = try await makeServices(client)
        let created = try await client.send("POST", hub + "incidents", json: incidentBody([api]))
        #expect(created.status == 200)
        let incident = try created.json()
        let id = try #require(incident["id"]?.intValue)
        #expect(incident["service_ids"] == .array([.int(api)]))
        #expect(incident["last_incident_type"] == .string("investigating"))
        #expect(incident["end_time"] == .null)
        #expect(incident["updated_at"] == .string("2026-11-15T12:00:00Z"))
        let firstUpdate = try #require(incident["incident_updates"]?.arrayValue?.first)
        #expect(firstUpdate["silent"] == .bool(true))
        #expect(try await client.get(hub + "services/\(api)").json()["status"] == .string("down"))

        let updates = hub + "incidents/\(id)/incident_updates"
        let early = try await client.send(
            "POST", updates,
            json: .object([
                "title": .string("Fixed"), "start_time": .string("2026-11-15T09:00:00Z"),
                "incident_type": .string("resolved"),
            ]))
        #expect(early.status == 422)
        #expect(
            try early.json()["errors"]?["incident_type"]
                == .array([.string("resolved can't be the first update of an incident")]))

        clock.advance(by: 60)
        let draft = try await client.send(
            "POST", updates,
            json: .object([
                "title": .string("Draft title"), "start_time": .string("2026-11-15T10:30:00Z"),
                "incident_type": .string("identified"), "state": .string("draft"),
                "service_statuses": .array([
                    .object(["service_id": .int(api), "status": .string("degraded-performance")]),
                    .object(["service_id": .int(web), "status": .string("down")]),
                ]),
            ]))
        #expect(draft.status == 200)
        let draftID = try #require(try draft.json()["id"]?.intValue)
        let afterDraft = try await client.get(hub + "incidents/\(id)").json()
        #expect(afterDraft["title"] == .string("Outage"))
        #expect(afterDraft["last_incident_type"] == .string("identified"))
        #expect(afterDraft["updated_at"] == .string("2026-11-15T12:01:00Z"))
        #expect(afterDraft["service_ids"] == .array([.int(api), .int(web)]))
        #expect(try await client.get(hub + "services/\(api)").json()["status"] == .string("degraded-performance"))

        clock.advance(by: 60)
        let published = try await client.send(
            "PUT", updates + "/\(draftID)", json: .object(["state": .string("published")]))
        #expect(published.status == 200)
        #expect(try published.json()["updated_at"] == .string("2026-11-15T12:02:00Z"))
        #expect(try await client.get(hub + "incidents/\(id)").json()["title"] == .string("Draft title"))

        let withStatuses = try await client.send(
            "POST", updates,
            json: .object([
                "title": .string("Fixed"), "start_time": .string("2026-11-15T11:00:00Z"),
                "incident_type": .string("resolved"),
                "service_statuses": .array([.object(["service_id": .int(api), "status": .string("up")])]),
            ]))
        #expect(try withStatuses.json()["errors"]?["service_statuses"] != nil)
        let resolved = try await client.send(
            "POST", updates,
            json: .object([
                "title": .string("Fixed"), "start_time": .string("2026-11-15T11:00:00Z"),
                "incident_type": .string("resolved"),
            ]))
        #expect(resolved.status == 200)
        let resolvedID = try #require(try resolved.json()["id"]?.intValue)
        let closed = try await client.get(hub + "incidents/\(id)").json()
        #expect(closed["end_time"] == .string("2026-11-15T11:00:00Z"))
        #expect(closed["last_incident_type"] == .string("resolved"))
        #expect(
            closed["incident_updates"]?.arrayValue?.map { $0["id"] } == [
                firstUpdate["id"], .int(draftID), .int(resolvedID),
            ])
        #expect(try await client.get(hub + "services/\(api)").json()["status"] == .string("up"))
        #expect(try await client.get(hub + "services/\(web)").json()["status"] == .string("up"))
        let again = try await client.send(
            "POST", updates,
            json: .object([
                "title": .string("Again"), "start_time": .string("2026-11-15T11:30:00Z"),
                "incident_type": .string("resolved"),
            ]))
        #expect(again.status == 422)

        let list = try await client.get(updates).json()
        #expect(list["data"]?.arrayValue?.count == 3)
        #expect(try await client.get(updates + "/\(resolvedID)").json()["incident_type"] == .string("resolved"))
        #expect(try await client.send("DELETE", updates + "/\(resolvedID)").status == 204)
        #expect(try await client.get(hub + "incidents/\(id)").json()["end_time"] == .null)
        #expect(try await client.get(updates + "/\(resolvedID)").status == 404)
        let firstID = try #require(firstUpdate["id"]?.intValue)
        #expect(try await client.send("DELETE", updates + "/\(firstID)").status == 204)
        let lastOne = try await client.send("DELETE", updates + "/\(draftID)")
        #expect(lastOne.status == 422)
        let futureUpdate = try await client.send(
            "PUT", updates + "/\(draftID)", json: .object(["start_time": .string("2030-01-01T00:00:00Z")]))
        #expect(futureUpdate.status == 422)

        #expect(try await client.send("DELETE", hub + "incidents/\(id)").status == 204)
        #expect(try await client.get(hub + "incidents/\(id)").status == 404)
        #expect(try await client.get(updates).status == 404)
        #expect(try await client.get(hub + "incidents").json()["data"] == .array([]))
    }

    @Test func incidentListHasBasicFieldsAndOverlapFilters() async throws {
        let emulator = try TestEmulators.start(.statushub)
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        let (_, api, _) = try await makeServices(client)
        let first = try await client.send(
            "POST", hub + "incidents", json: incidentBody([api], start: "2026-02-01T00:00:00Z"))
        let firstID = try #require(try first.json()["id"]?.intValue)
        _ = try await client.send(
            "POST", hub + "incidents/\(firstID)/incident_updates",
            json: .object([
                "title": .string("ok"), "start_time": .string("2026-02-08T00:00:00Z"),
                "incident_type": .string("resolved"),
            ]))
        let open = try await client.send(
            "POST", hub + "incidents", json: incidentBody([api], start: "2026-05-01T00:00:00Z"))
        let openID = try #require(try open.json()["id"]?.intValue)

        let all = try await client.get(hub + "incidents").json()
        let rows = try #require(all["data"]?.arrayValue)
        #expect(rows.map { $0["id"] } == [.int(openID), .int(firstID)])
        #expect(
            Set(rows[0].objectValue?.keys.map { $0 } ?? [])
                == ["id", "title", "start_time", "end_time", "last_incident_type", "state", "updated_at"])
        func ids(_ query: String) async throws -> [JSONValue] {
            try await client.get(hub + "incidents?" + query).json()["data"]?.arrayValue?.compactMap { $0["id"] } ?? []
        }
        #expect(try await ids("start_time=2026-01-01T00:00:00Z&end_time=2026-02-02T00:00:00Z") == [.int(firstID)])
        #expect(try await ids("start_time=2026-03-01T00:00:00Z") == [.int(openID)])
        #expect(try await ids("end_time=2026-01-31T00:00:00Z") == [])
        #expect(try await client.get(hub + "incidents?start_time=yesterday").status == 400)
    }

    @Test func maintenancesAndTemplates() async throws {
        let emulator = try TestEmulators.start(.statushub)
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        let (_, api, _) = try await makeServices(client)
        let statuses = JSONValue.array([.object(["service_id": .int(api), "status": .string("degraded-performance")])])
        let backwards = try await client.send(
            "POST", hub + "maintenances",
            json: .object([
                "title": .string("m"), "start_time": .string("2099-01-02T00:00:00Z"),
                "end_time": .string("2099-01-01T00:00:00Z"),
                "service_statuses": statuses,
            ]))
        #expect(try backwards.json()["errors"]?["end_time"] == .array([.string("must be after start_time")]))
        let future = try await client.send(
            "POST", hub + "maintenances",
            json: .object([
                "title": .string("Upgrade"), "body": .string("DB"), "start_time": .string("2099-01-01T00:00:00Z"),
                "end_time": .string("2099-01-01T02:00:00Z"), "service_statuses": statuses,
            ]))
        #expect(future.status == 200)
        let futureID = try #require(try future.json()["id"]?.intValue)
        #expect(try await client.get(hub + "services/\(api)").json()["status"] == .string("up"))
        let moved = try await client.send(
            "PUT", hub + "maintenances/\(futureID)", json: .object(["start_time": .string("2026-11-15T11:00:00Z")]))
        #expect(moved.status == 200)
        #expect(try moved.json()["title"] == .string("Upgrade"))
        #expect(try await client.get(hub + "services/\(api)").json()["status"] == .string("degraded-performance"))
        let invalidPut = try await client.send(
            "PUT", hub + "maintenances/\(futureID)", json: .object(["end_time": .string("2000-01-01T00:00:00Z")]))
        #expect(invalidPut.status == 422)
        #expect(try await client.get(hub + "maintenances?end_time=2026-11-15T10:00:00Z").json()["data"] == .array([]))
        #expect(try await client.send("DELETE", hub + "maintenances/\(futureID)").status == 204)
        #expect(try await client.get(hub + "maintenances/\(futureID)").status == 404)
        #expect(try await client.get(hub + "services/\(api)").json()["status"] == .string("up"))

        let template = try await client.send(
            "POST", hub + "maintenance_templates",
            json: .object([
                "title": .string("Weekly"), "duration": .int(90), "labels": .array([.string("db")]), "silent": .null,
                "service_statuses": statuses,
            ]))
        #expect(template.status == 200)
        let templateID = try #require(try template.json()["id"]?.intValue)
        #expect(
            try await client.send(
                "PUT", hub + "maintenance_templates/\(templateID)", json: .object(["duration": .int(6000)])
            ).status == 422)
        #expect(
            try await client.send(
                "PUT", hub + "maintenance_templates/\(templateID)", json: .object(["duration": .int(120)])
            ).status == 200)
        #expect(try await client.get(hub + "maintenance_templates/\(templateID)").json()["duration"] == .int(120))
        #expect(try await client.send("POST", hub + "maintenance_templates", json: .object([:])).status == 422)
        let incidentTemplate = try await client.send(
            "POST", hub + "incident_templates",
            json: .object(["title": .string("Investigating"), "incident_type": .string("investigating")]))
        #expect(incidentTemplate.status == 200)
        let incidentTemplateID = try #require(try incidentTemplate.json()["id"]?.intValue)
        #expect(try await client.get(hub + "incident_templates").json()["data"]?.arrayValue?.count == 1)
        #expect(
            try await client.send(
                "PUT", hub + "incident_templates/\(incidentTemplateID)", json: .object(["incident_type": .string("x")])
            ).status == 422)
        #expect(try await client.send("DELETE", hub + "incident_templates/\(incidentTemplateID)").status == 204)
        #expect(try await client.send("DELETE", hub + "maintenance_templates/\(templateID)").status == 204)
        #expect(try await client.get(hub + "incident_templates").json()["data"] == .array([]))
    }

    @Test(arguments: StatusHubPaging.allCases)
    func pagesEveryItemExactlyOnceInEachStyle(style: StatusHubPaging) async throws {
        let emulator = try TestEmulators.start(.statushub) {
            $0.paging = style
            $0.perPageCap = 4
        }
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        for index in 1...10 {
            _ = try await client.send("POST", hub + "groups", json: .object(["name": .string("G\(index)")]))
        }
        var names: [String] = []
        var page = 1
        var url: String? = hub + "groups?per_page=50&page=1"
        while let current = url {
            let response = try await client.get(current)
            let body = try response.json()
            let data = try #require(body["data"]?.arrayValue)
            names += data.compactMap { $0["name"]?.stringValue }
            switch style {
            case .meta:
                let meta = try #require(body["meta"])
                #expect(meta["per_page"] == .int(4))
                #expect(meta["total_count"] == .int(10))
                #expect(meta["total_pages"] == .int(3))
                #expect(response.header("Link") == nil)
                page += 1
                url = page <= (meta["total_pages"]?.intValue ?? 0) ? hub + "groups?per_page=50&page=\(page)" : nil
            case .link:
                #expect(body["meta"] == nil)
                let link = response.header("Link") ?? ""
                let next = link.split(separator: ",").first { $0.contains("rel=\"next\"") }
                url = next.flatMap { part in
                    part.split(separator: ";").first.map {
                        String($0.trimmingCharacters(in: .whitespaces).dropFirst().dropLast())
                    }
                }
                if let url { #expect(url.hasPrefix("http://127.0.0.1:\(emulator.port)" + hub + "groups?")) }
            case .none:
                #expect(body["meta"] == nil)
                #expect(response.header("Link") == nil)
                page += 1
                url = data.isEmpty ? nil : hub + "groups?per_page=50&page=\(page)"
            }
            #expect(names.count <= 10)
        }
        #expect(names == (1...10).map { "G\($0)" })
        #expect(try await client.get(hub + "groups?page=0").status == 400)
        #expect(try await client.get(hub + "groups?per_page=x").status == 400)
        #expect(try await client.get(hub + "groups?page=9").json()["data"] == .array([]))
    }

    @Test func defaultPerPageIs25() async throws {
        let emulator = try TestEmulators.start(.statushub)
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        for index in 1...30 {
            _ = try await client.send("POST", hub + "groups", json: .object(["name": .string("G\(index)")]))
        }
        let meta = try await client.get(hub + "groups").json()["meta"]
        #expect(
            meta == .object(["page": .int(1), "per_page": .int(25), "total_pages": .int(2), "total_count": .int(30)]))
    }

    @Test func rateLimitCountsAnyOneSecondSpanPerVerbClass() async throws {
        let clock = ManualEmulatorClock(start: TestEmulators.start.addingTimeInterval(0.9))
        let emulator = try TestEmulators.start(.statushub, clock: clock) { $0.rateLimits = .providerDefaults }
        defer { emulator.stop() }
        let client = TestEmulators.statusHubClient(emulator)
        for index in 0..<5 {
            #expect(
                try await client.send("POST", hub + "groups", json: .object(["name": .string("G\(index)")])).status
                    == 200)
        }
        clock.advance(by: 0.15)  // a new calendar second, but only 0.15 s after the burst
        let throttled = try await client.send("POST", hub + "groups", json: .object(["name": .string("late")]))
        #expect(throttled.status == 429)
        #expect(throttled.header("Retry-After") == "1")
        #expect(try throttled.json() == .object(["error": .string("Too many requests - please retry later")]))
        for _ in 0..<30 { #expect(try await client.get(hub + "groups").status == 200) }
        #expect(try await client.get(hub + "groups").status == 429)
        clock.advance(by: 0.85)  // the burst is now exactly 1 s old; the reads are 0.85 s old
        #expect(try await client.send("POST", hub + "groups", json: .object(["name": .string("ok")])).status == 200)
        #expect(try await client.get(hub + "groups").status == 429)
        clock.advance(by: 0.15)
        #expect(try await client.get(hub + "groups").status == 200)
    }
}
