import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Synchronization
import Testing

@Suite struct StatusHubClientPagingTests {
    @Test(arguments: [StubPaging.meta, .link, .none])
    func readsEveryPageInEachPagingStyle(paging: StubPaging) async throws {
        let stub = statusHubStub(
            lists: ["/services": itemsJSON(1...230, extra: { "\"name\": \"S\($0)\"" })], paging: paging)
        let listing = try await makeStatusHubClient(stub).read(.service)
        #expect(listing.items.count == 230)
        #expect(listing.state.services.map(\.id) == (1...230).map(String.init))
        let pages = stub.requests.count
        switch paging {
        case .meta, .link: #expect(pages == 3)
        case .none: #expect(pages == 4)  // pages 1-3, then an empty page 4 ends the list
        }
    }

    @Test(arguments: [StubPaging.meta, .link, .none])
    func aPerPageCapBelowTheAskedSizeStillReadsEverything(paging: StubPaging) async throws {
        let stub = statusHubStub(
            lists: ["/groups": itemsJSON(1...45, extra: { _ in "\"name\": \"G\"" })], paging: paging, cap: 10)
        let listing = try await makeStatusHubClient(stub).read(.group)
        #expect(listing.items.count == 45)
    }

    @Test func aShortPageAloneIsNotTakenAsTheLast() async throws {
        // No meta, no Link: page 1 holds 3 items though 100 were asked; the client must read page 2.
        let stub = StubTransport { request in
            switch queryValue(request, "page") {
            case "1": jsonResponse(200, "{\"data\": [{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}]}")
            case "2": jsonResponse(200, "{\"data\": [{\"id\": 3, \"name\": \"c\"}]}")
            default: jsonResponse(200, "{\"data\": []}")
            }
        }
        let listing = try await makeStatusHubClient(stub).read(.group)
        #expect(listing.items.count == 3)
        #expect(stub.requests.map { queryValue($0, "page") } == ["1", "2", "3"])
    }

    @Test func everyCallAsksForOneHundredPerPageAndCarriesTheAPIVersion() async throws {
        let stub = statusHubStub(
            lists: ["/groups": itemsJSON(1...150, extra: { _ in "\"name\": \"G\"" })], paging: .link)
        _ = try await makeStatusHubClient(stub).read(.group)
        for request in stub.requests {
            #expect(queryValue(request, "api_version") == "V3-R1")
            #expect(queryValue(request, "per_page") == "100")
            #expect(request.url.path == "/api/v3/hubs/acme-status/groups")
        }
    }

    @Test func aLinkBackToAPageAlreadyReadIsAnError() async throws {
        let stub = StubTransport { _ in
            jsonResponse(
                200, "{\"data\": [{\"id\": 1, \"name\": \"a\"}]}",
                headers: [
                    "Link":
                        "<http://127.0.0.1:9/api/v3/hubs/acme-status/groups?page=1&per_page=100&api_version=V3-R1>; rel=\"next\""
                ])
        }
        await #expect {
            _ = try await makeStatusHubClient(stub).read(.group)
        } throws: { error in
            guard case .pagingLoop = error as? ProviderError else { return false }
            return true
        }
        #expect(stub.requests.count == 1)
    }

    @Test func aLinkToAnotherHostIsRefused() async throws {
        let stub = StubTransport { _ in
            jsonResponse(
                200, "{\"data\": [{\"id\": 1, \"name\": \"a\"}]}",
                headers: ["Link": "<https://evil.example/groups?page=2>; rel=\"next\""])
        }
        await #expect {
            _ = try await makeStatusHubClient(stub).read(.group)
        } throws: { error in
            guard case .foreignLink = error as? ProviderError else { return false }
            return true
        }
        #expect(stub.requests.count == 1)
    }

    @Test(arguments: [
        ("<https://x/a?page=2>; rel=\"next\"", "https://x/a?page=2"),
        ("<https://x/a?page=1>; rel=\"prev\", <https://x/a?page=3>; rel=\"next\"", "https://x/a?page=3"),
        ("<https://x/a?page=3>; rel=next; title=\"n\"", "https://x/a?page=3"),
        ("<https://x/a?page=9>; rel=\"last next\"", "https://x/a?page=9"),
        ("<https://x/a?page=1>; rel=\"prev\"", nil),
    ])
    func parsesLinkHeaders(header: String, expected: String?) {
        #expect(ProviderPaging.nextLink(inLinkHeader: header) == expected)
    }

    @Test func decidesWhatToReadAfterAPage() {
        #expect(ProviderPaging.statusHubNext(afterPage: 1, itemCount: 0, linkHeader: nil, totalPages: 5) == .stop)
        #expect(ProviderPaging.statusHubNext(afterPage: 1, itemCount: 7, linkHeader: nil, totalPages: nil) == .page(2))
        #expect(
            ProviderPaging.statusHubNext(afterPage: 2, itemCount: 7, linkHeader: nil, totalPages: 4) == .pages(3...4))
        #expect(ProviderPaging.statusHubNext(afterPage: 4, itemCount: 7, linkHeader: nil, totalPages: 4) == .stop)
        #expect(
            ProviderPaging.statusHubNext(afterPage: 1, itemCount: 7, linkHeader: "<u>; rel=\"prev\"", totalPages: 9)
                == .stop)
    }
}

@Suite struct StatusHubClientFetchTests {
    private static func detail(_ id: String, updatedAt: String = "2026-03-01T11:30:05Z") -> HTTPResponse {
        jsonResponse(
            200,
            """
            {"id": \(id), "title": "T\(id)", "start_time": "2026-03-01T10:00:00Z", "updated_at": "\(updatedAt)",
             "service_ids": [7], "extra_field": {"kept": true},
             "incident_updates": [{"id": \(id)00, "title": "T", "body": "b", "start_time": "2026-03-01T10:00:00Z",
               "incident_type": "investigating", "service_statuses": [{"service_id": 7, "status": "down"}]}]}
            """)
    }

    private static func lists(incidents: Int) -> [String: [String]] {
        [
            "/groups": itemsJSON(1...2, extra: { _ in "\"name\": \"G\"" }),
            "/services": itemsJSON(1...3, extra: { _ in "\"name\": \"S\"" }),
            "/incidents": itemsJSON(
                1...incidents,
                extra: { _ in
                    "\"title\": \"T\", \"start_time\": \"2026-03-01T10:00:00Z\", \"updated_at\": \"2026-03-01T11:30:05Z\""
                }),
            "/maintenances": [], "/incident_templates": [], "/maintenance_templates": [],
        ]
    }

    @Test func fetchesEveryKindWithIncidentsInDetailForm() async throws {
        let stub = statusHubStub(lists: Self.lists(incidents: 120), details: { Self.detail($0) })
        let result = try await makeStatusHubClient(stub).fetchAccount(previous: nil, progress: nil)
        let counts = result.counts
        #expect(
            counts == [
                "groups": 2, "services": 3, "incidents": 120, "maintenances": 0, "incident_templates": 0,
                "maintenance_templates": 0,
            ])
        #expect(result.detailCalls == 120)
        #expect(result.listCalls == 7)  // incidents take 2 pages, the five other lists one each
        #expect(result.calls == stub.requests.count)
        let first = try #require(result.data.objectValue?["incidents"]?.arrayValue?.first?.objectValue)
        #expect(first["extra_field"] == .object(["kept": .bool(true)]))
        #expect(first["incident_updates"]?.arrayValue?.count == 1)
    }

    @Test func readsDetailsConcurrently() async throws {
        let inFlight = InFlightCounter()
        let lists = Self.lists(incidents: 40)
        let inner = statusHubStub(lists: lists, details: { Self.detail($0) })
        let stub = StubTransport { request in
            guard request.url.path.contains("/incidents/") else { return try await inner.send(request) }
            inFlight.enter()
            defer { inFlight.leave() }
            // Hold each detail read until another one is in flight too (yields only, no real time).
            for _ in 0..<10_000 where inFlight.current < 2 { await Task.yield() }
            return try await inner.send(request)
        }
        _ = try await makeStatusHubClient(stub, concurrency: 8).fetchAccount(previous: nil, progress: nil)
        #expect(inFlight.peak > 1)
        #expect(inFlight.peak <= 8)
    }

    @Test func anUnchangedIncidentIsTakenFromThePreviousSnapshot() async throws {
        let stub = statusHubStub(lists: Self.lists(incidents: 5), details: { Self.detail($0) })
        let client = try makeStatusHubClient(stub)
        let first = try await client.fetchAccount(previous: nil, progress: nil)
        let previous = Snapshot(
            provider: .statushub, account: "new", fetchedAt: Self.afterEverything, startedAt: Self.afterEverything,
            calls: first.calls, data: first.data)
        let before = stub.requests.count
        let second = try await client.fetchAccount(previous: previous, progress: nil)
        #expect(second.detailCalls == 0)
        #expect(second.reusedDetails == 5)
        #expect(second.data == first.data)
        #expect(stub.requests[before...].allSatisfy { !$0.url.path.contains("/incidents/") })
    }

    /// A fetch start later than every `updated_at` the stubs send.
    static let afterEverything = Instant(secondsSince1970: 4_102_444_800)  // 2100-01-01

    @Test func anIncidentChangedInTheSecondThePreviousFetchStartedIsFetchedAgain() async throws {
        let stub = statusHubStub(lists: Self.lists(incidents: 2), details: { Self.detail($0) })
        let client = try makeStatusHubClient(stub)
        let first = try await client.fetchAccount(previous: nil, progress: nil)
        let incidents = try #require(first.data.objectValue?["incidents"]?.arrayValue)
        let stamps = incidents.compactMap { $0.objectValue?["updated_at"]?.stringValue }.compactMap(
            Instant.init(iso8601:))
        let latest = try #require(stamps.max())
        for startedAt in [latest, nil] {
            let previous = Snapshot(
                provider: .statushub, account: "new", fetchedAt: Self.afterEverything, startedAt: startedAt,
                calls: first.calls, data: first.data)
            let second = try await client.fetchAccount(previous: previous, progress: nil)
            #expect(second.detailCalls >= 1, "same-second or unknown start: not trusted")
        }
    }

    @Test func aChangedIncidentIsFetchedAgain() async throws {
        let stub = statusHubStub(lists: Self.lists(incidents: 3), details: { Self.detail($0) })
        let first = try await makeStatusHubClient(stub).fetchAccount(previous: nil, progress: nil)
        var data = try #require(first.data.objectValue)
        var incidents = try #require(data["incidents"]?.arrayValue)
        var changed = try #require(incidents[1].objectValue)
        changed["updated_at"] = .string("2026-01-01T00:00:00Z")
        incidents[1] = .object(changed)
        data["incidents"] = .array(incidents)
        let previous = Snapshot(
            provider: .statushub, account: "new", fetchedAt: Self.afterEverything, startedAt: Self.afterEverything,
            calls: 1, data: .object(data))
        let second = try await makeStatusHubClient(stub).fetchAccount(previous: previous, progress: nil)
        #expect(second.detailCalls == 1)
        #expect(second.reusedDetails == 2)
        #expect(second.data == first.data)
    }

    @Test func anIncidentDeletedBetweenListAndDetailIsLeftOut() async throws {
        let stub = statusHubStub(
            lists: Self.lists(incidents: 3),
            details: { $0 == "2" ? jsonResponse(404, "{\"error\": \"Not found\"}") : Self.detail($0) })
        let result = try await makeStatusHubClient(stub).fetchAccount(previous: nil, progress: nil)
        #expect(result.counts["incidents"] == 2)
    }

    @Test func reportsProgressUpToTheFinalCount() async throws {
        let reports = ProgressLog()
        let stub = statusHubStub(lists: Self.lists(incidents: 150), details: { Self.detail($0) })
        let result = try await makeStatusHubClient(stub).fetchAccount(previous: nil, progress: { reports.append($0) })
        let last = try #require(reports.all.max { $0.callsMade < $1.callsMade })
        #expect(last.callsMade == result.calls)
        #expect(last.callsExpected == result.calls)
        #expect(reports.all.allSatisfy { $0.callsExpected >= $0.callsMade })
    }
}

@Suite struct StatusHubClientWriteTests {
    private static let created = jsonResponse(
        200,
        """
        {"id": 77, "title": "Down", "start_time": "2026-03-01T10:00:00Z", "state": "published",
         "updated_at": "2026-03-01T10:00:01Z", "service_ids": [7],
         "incident_updates": [{"id": 900, "title": "Down", "body": "b", "start_time": "2026-03-01T10:00:00Z",
           "incident_type": "investigating", "service_statuses": [{"service_id": 7, "status": "down"}]}]}
        """)

    private func incident() -> Incident {
        Incident(
            id: "", title: "Down", description: "desc", startTime: Instant(secondsSince1970: 1_772_359_200),
            affected: [AffectedService(serviceID: "7", status: .majorOutage)],
            updates: [
                IncidentUpdate(
                    id: "", time: Instant(secondsSince1970: 1_772_359_200), phase: "investigating", message: "b",
                    title: "Down", serviceStatuses: [AffectedService(serviceID: "7", status: .majorOutage)])
            ])
    }

    @Test func createsAnIncidentWithItsFirstUpdateSilently() async throws {
        let stub = StubTransport(responses: [Self.created])
        let result = try await makeStatusHubClient(stub).perform(.createIncident(incident()))
        #expect(result.id == "77")
        guard case .incident(let written) = result.entity else {
            Issue.record("expected an incident, got \(String(describing: result.entity))")
            return
        }
        #expect(written.updates.map(\.id) == ["900"])
        let request = try #require(stub.requests.first)
        #expect(request.method == .post)
        #expect(request.url.path == "/api/v3/hubs/acme-status/incidents")
        #expect(queryValue(request, "api_version") == "V3-R1")
        #expect(
            try bodyObject(request) == [
                "title": .string("Down"), "body": .string("b"), "start_time": .string("2026-03-01T10:00:00Z"),
                "incident_type": .string("investigating"),
                "service_statuses": .array([.object(["service_id": .number(7), "status": .string("down")])]),
                "silent": .bool(true), "state": .string("published"),
            ])
    }

    @Test func notifyingSendsSilentFalse() async throws {
        let stub = StubTransport(responses: [Self.created])
        _ = try await makeStatusHubClient(stub).perform(.createIncident(incident()), notify: true)
        #expect(try bodyObject(try #require(stub.requests.first))["silent"] == .bool(false))
    }

    @Test func aResolvedUpdateSendsNoServiceStatuses() async throws {
        let stub = StubTransport(responses: [
            jsonResponse(
                200,
                "{\"id\": 901, \"title\": \"Fixed\", \"start_time\": \"2026-03-01T11:00:00Z\", \"incident_type\": \"resolved\"}"
            )
        ])
        let update = IncidentUpdate(
            id: "", time: Instant(secondsSince1970: 1_772_362_800), phase: "resolved", message: "ok", title: "Fixed",
            serviceStatuses: [AffectedService(serviceID: "7", status: .operational)])
        let result = try await makeStatusHubClient(stub).perform(.createIncidentUpdate(incidentID: "77", update))
        #expect(result.id == "901")
        let request = try #require(stub.requests.first)
        #expect(request.url.path == "/api/v3/hubs/acme-status/incidents/77/incident_updates")
        let body = try bodyObject(request)
        #expect(body["service_statuses"] == nil)
        #expect(body["incident_type"] == .string("resolved"))
        #expect(body["start_time"] == .string("2026-03-01T11:00:00Z"))
    }

    @Test func thereIsNoIncidentPut() async throws {
        let stub = StubTransport(responses: [])
        await #expect {
            _ = try await makeStatusHubClient(stub).perform(.updateIncident(incident()))
        } throws: { error in
            guard case .unsupported(.statushub, _) = error as? ProviderError else { return false }
            return true
        }
        #expect(stub.requests.isEmpty)
    }

    @Test(arguments: [
        (WriteOperation.createGroup(ServiceGroup(id: "", name: "Core", position: 2)), HTTPMethod.post, "/groups"),
        (.updateGroup(ServiceGroup(id: "4", name: "Core", position: 2)), .put, "/groups/4"),
        (.deleteGroup(id: "4"), .delete, "/groups/4"),
        (.createService(Service(id: "", name: "API", groupID: "4")), .post, "/services"),
        (.updateService(Service(id: "9", name: "API")), .put, "/services/9"),
        (.deleteService(id: "9"), .delete, "/services/9"),
        (.deleteIncident(id: "77"), .delete, "/incidents/77"),
        (.deleteIncidentUpdate(incidentID: "77", updateID: "900"), .delete, "/incidents/77/incident_updates/900"),
        (.deleteMaintenance(id: "5"), .delete, "/maintenances/5"),
        (
            .createIncidentTemplate(IncidentTemplate(id: "", title: "T", phase: "identified")), .post,
            "/incident_templates"
        ),
        (
            .updateMaintenanceTemplate(MaintenanceTemplate(id: "3", title: "M", durationMinutes: 60)), .put,
            "/maintenance_templates/3"
        ),
        (.deleteMaintenanceTemplate(id: "3"), .delete, "/maintenance_templates/3"),
    ])
    func sendsEachOperationToItsEndpoint(operation: WriteOperation, method: HTTPMethod, path: String) async throws {
        let stub = StubTransport { request in
            request.method == .delete
                ? HTTPResponse(statusCode: 204) : jsonResponse(200, "{\"id\": 1, \"name\": \"x\", \"title\": \"x\"}")
        }
        _ = try await makeStatusHubClient(stub).perform(operation)
        let request = try #require(stub.requests.first)
        #expect(request.method == method)
        #expect(request.url.path == "/api/v3/hubs/acme-status" + path)
        #expect(queryValue(request, "api_version") == "V3-R1")
    }

    @Test func serviceBodyCarriesTheGroupAsAnInteger() async throws {
        let stub = StubTransport(responses: [jsonResponse(200, "{\"id\": 9, \"name\": \"API\"}")])
        _ = try await makeStatusHubClient(stub).perform(
            .createService(Service(id: "", name: "API", description: "d", position: 3, groupID: "4")))
        #expect(
            try bodyObject(try #require(stub.requests.first)) == [
                "name": .string("API"), "description": .string("d"), "position": .number(3), "group_id": .number(4),
            ])
    }

    @Test func maintenanceBodyIsOneMessage() async throws {
        let stub = StubTransport(responses: [
            jsonResponse(
                200,
                "{\"id\": 5, \"title\": \"M\", \"start_time\": \"2026-05-01T10:00:00Z\", \"end_time\": \"2026-05-01T12:00:00Z\"}"
            )
        ])
        let maintenance = Maintenance(
            id: "", title: "M", body: "Upgrade",
            startTime: Instant(iso8601: "2026-05-01T10:00:00Z") ?? Instant(secondsSince1970: 0),
            endTime: Instant(iso8601: "2026-05-01T12:00:00+00:00") ?? Instant(secondsSince1970: 0),
            affected: [AffectedService(serviceID: "7", status: .degradedPerformance)])
        let result = try await makeStatusHubClient(stub).perform(.createMaintenance(maintenance))
        #expect(result.id == "5")
        #expect(
            try bodyObject(try #require(stub.requests.first)) == [
                "title": .string("M"), "body": .string("Upgrade"), "start_time": .string("2026-05-01T10:00:00Z"),
                "end_time": .string("2026-05-01T12:00:00Z"),
                "service_statuses": .array([
                    .object(["service_id": .number(7), "status": .string("degraded-performance")])
                ]),
                "silent": .bool(true), "state": .string("published"),
            ])
    }

    @Test func aStatusStatusHubLacksIsRefusedBeforeSending() async throws {
        let stub = StubTransport(responses: [])
        var value = incident()
        value.updates[0].serviceStatuses = [AffectedService(serviceID: "7", status: .partialOutage)]
        await #expect {
            _ = try await makeStatusHubClient(stub).perform(.createIncident(value))
        } throws: { error in
            guard case .invalidOperation = error as? ProviderError else { return false }
            return true
        }
        #expect(stub.requests.isEmpty)
    }
}

@Suite struct StatusHubClientErrorTests {
    @Test func aRejectedKeyNamesTheVariable() async throws {
        let stub = StubTransport(responses: [jsonResponse(401, "{\"error\": \"Unauthorized\"}")])
        do {
            _ = try await makeStatusHubClient(stub).read(.group)
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(error.description.contains("account 'new' were rejected"))
            #expect(error.description.contains("$STATUSHUB_API_KEY"))
        }
    }

    @Test func validationErrorsCarryTheFieldMessages() async throws {
        let stub = StubTransport(responses: [
            jsonResponse(
                422,
                "{\"error\": \"Validation failed\", \"errors\": {\"title\": [\"can't be blank\"], \"start_time\": [\"can't be in the future\"]}}"
            )
        ])
        await #expect(
            throws: ProviderError.validationFailed(
                method: .post, path: "/api/v3/hubs/acme-status/groups?api_version=V3-R1",
                messages: ["start_time: can't be in the future", "title: can't be blank"])
        ) {
            _ = try await makeStatusHubClient(stub).perform(.createGroup(ServiceGroup(id: "", name: "")))
        }
    }

    @Test func aServerErrorOnAWriteIsOutcomeUnknown() async throws {
        let stub = StubTransport(responses: [jsonResponse(503, "{\"error\": \"down\"}")])
        do {
            _ = try await makeStatusHubClient(stub).perform(.createGroup(ServiceGroup(id: "", name: "G")))
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(error.isOutcomeUnknown)
        }
    }

    @Test func aLostWriteIsOutcomeUnknown() async throws {
        let stub = StubTransport(results: [
            .failure(TransportError.outcomeUnknown(method: .post, url: "http://127.0.0.1:9/x", cause: .timedOut))
        ])
        do {
            _ = try await makeStatusHubClient(stub).perform(.createGroup(ServiceGroup(id: "", name: "G")))
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(error.isOutcomeUnknown)
        }
    }

    @Test func aWriteThatCouldNotConnectIsNotOutcomeUnknown() async throws {
        let stub = StubTransport(results: [
            .failure(TransportError.connectionFailed(method: .post, url: "http://127.0.0.1:9/x", reason: "refused"))
        ])
        do {
            _ = try await makeStatusHubClient(stub).perform(.createGroup(ServiceGroup(id: "", name: "G")))
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(!error.isOutcomeUnknown)
        }
    }

    @Test func aListThatIsNotJSONSaysWhere() async throws {
        let stub = StubTransport(responses: [HTTPResponse(statusCode: 200, body: Data("<html>oops</html>".utf8))])
        do {
            _ = try await makeStatusHubClient(stub).read(.group)
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(
                error.description.hasPrefix(
                    "provider answered something that is not the expected JSON at GET /api/v3/hubs/acme-status/groups"))
        }
    }

    @Test func aReadNotFoundIsNilForOneIncident() async throws {
        let stub = StubTransport(responses: [jsonResponse(404, "{\"error\": \"Not found\"}")])
        #expect(try await makeStatusHubClient(stub).incident(id: "5") == nil)
    }
}

/// Counts concurrent calls and remembers the most at once.
final class InFlightCounter: Sendable {
    private let state = Mutex((current: 0, peak: 0))

    func enter() {
        state.withLock {
            $0.current += 1
            $0.peak = max($0.peak, $0.current)
        }
    }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
    var current: Int { state.withLock { $0.current } }
}

/// Every progress report received.
final class ProgressLog: Sendable {
    private let reports = Mutex<[FetchProgress]>([])

    func append(_ progress: FetchProgress) { reports.withLock { $0.append(progress) } }
    var all: [FetchProgress] { reports.withLock { $0 } }
}
