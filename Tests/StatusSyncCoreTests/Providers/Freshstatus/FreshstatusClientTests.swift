import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

/// A Freshstatus list server: `lists` maps a resource (`services`) to its items; pages of `pageSize` with absolute `next` links.
private func freshstatusStub(
    lists: [String: [String]], pageSize: Int = 10,
    other: @escaping @Sendable (HTTPRequest) -> HTTPResponse = { _ in jsonResponse(404, "{\"detail\": \"Not found.\"}")
    }
) -> StubTransport {
    StubTransport { request in
        let segments = urlPath(request).split(separator: "/").map(String.init)
        guard segments.count == 3, let items = lists[segments[2]] else { return other(request) }
        let page = Int(queryValue(request, "page") ?? "1") ?? 1
        let start = min((page - 1) * pageSize, items.count)
        let slice = items[start..<min(start + pageSize, items.count)]
        let next =
            start + pageSize < items.count
            ? "\"http://127.0.0.1:9/api/v1/\(segments[2])/?page=\(page + 1)\"" : "null"
        return jsonResponse(
            200,
            "{\"count\": \(items.count), \"next\": \(next), \"previous\": null, \"results\": [\(slice.joined(separator: ","))]}"
        )
    }
}

@Suite struct FreshstatusClientReadTests {
    private static let incidentExtra: @Sendable (Int) -> String = { id in
        """
        "title": "I\(id)", "start_time": "2021-01-30T05:40:00Z", "unknown_field": [1, 2],
        "affected_components": [{"component": "1", "new_status": "MO"}],
        "incident_updates": [{"id": \(id)0, "message": "m", "time": "2021-01-30T05:40:00.727004Z", "incident_status": "Investigating"}]
        """
    }

    @Test func fetchesEveryKindByFollowingNext() async throws {
        let stub = freshstatusStub(lists: [
            "groups": itemsJSON(1...3, extra: { _ in "\"name\": \"G\"" }),
            "services": itemsJSON(1...25, extra: { _ in "\"name\": \"S\", \"status\": \"OP\"" }),
            "incident-status": itemsJSON(1...4, extra: { "\"value\": \"V\($0)\", \"order\": \($0)" }),
            "incidents": itemsJSON(1...31, extra: Self.incidentExtra),
            "maintenance": [],
        ])
        let result = try await makeFreshstatusClient(stub).fetchAccount(previous: nil, progress: nil)
        #expect(
            result.counts == ["groups": 3, "services": 25, "incident_statuses": 4, "incidents": 31, "maintenances": 0])
        #expect(result.listCalls == 1 + 3 + 1 + 4 + 1)
        #expect(result.detailCalls == 0)
        #expect(stub.requests.allSatisfy { urlPath($0).hasSuffix("/") && $0.method == .get })
        let incident = try #require(result.data.objectValue?["incidents"]?.arrayValue?.first?.objectValue)
        #expect(incident["unknown_field"] == .array([.number(1), .number(2)]))
        let state = try ProviderData.state(from: result.data, provider: .freshstatus)
        #expect(state.incidents.count == 31)
        #expect(state.phases.map(\.name) == ["V1", "V2", "V3", "V4"])
    }

    @Test func aRepeatedNextURLIsAnErrorNotALoop() async throws {
        let stub = StubTransport { _ in
            jsonResponse(
                200,
                "{\"count\": 99, \"next\": \"http://127.0.0.1:9/api/v1/groups/?page=2\", \"results\": [{\"id\": 1, \"name\": \"a\"}]}"
            )
        }
        let client = try makeFreshstatusClient(stub)
        await #expect {
            _ = try await client.read(.group)
        } throws: { error in
            guard case .pagingLoop = error as? ProviderError else { return false }
            return true
        }
        // The first page, then one batch of pages read at once: the loop shows in the batch, and the
        // other 90 pages the count announces are never asked for.
        #expect(stub.requests.count == 1 + client.concurrency)
    }

    @Test func aNextURLOnAnotherHostIsRefused() async throws {
        let stub = StubTransport(responses: [
            jsonResponse(200, "{\"next\": \"https://elsewhere.example/api/v1/groups/?page=2\", \"results\": []}")
        ])
        await #expect {
            _ = try await makeFreshstatusClient(stub).read(.group)
        } throws: { error in
            guard case .foreignLink = error as? ProviderError else { return false }
            return true
        }
    }

    @Test func incidentsWithoutEmbeddedUpdatesGetThemFromTheUpdatesList() async throws {
        let stub = freshstatusStub(
            lists: [
                "incidents": itemsJSON(
                    1...2, extra: { "\"title\": \"I\($0)\", \"start_time\": \"2021-01-30T05:40:00Z\"" })
            ],
            other: { request in
                guard urlPath(request) == "/api/v1/incident-updates/", let id = queryValue(request, "incident") else {
                    return jsonResponse(404, "{\"detail\": \"Not found.\"}")
                }
                return jsonResponse(
                    200,
                    "{\"next\": null, \"results\": [{\"id\": \(id)1, \"incident\": \(id), \"message\": \"m\", \"time\": \"2021-01-30T05:41:00Z\"}]}"
                )
            })
        let listing = try await makeFreshstatusClient(stub).read(.incident)
        #expect(listing.state.incidents.map { $0.updates.map(\.id) } == [["11"], ["21"]])
    }

    @Test func oneIncidentReadsWithItsUpdatesOrNilWhenGone() async throws {
        let stub = StubTransport { request in
            urlPath(request) == "/api/v1/incidents/4/"
                ? jsonResponse(
                    200,
                    "{\"id\": 4, \"title\": \"T\", \"start_time\": \"2021-01-30T05:40:00Z\", \"incident_updates\": [{\"id\": 40, \"time\": \"2021-01-30T05:40:00Z\"}]}"
                )
                : jsonResponse(404, "{\"detail\": \"Not found.\"}")
        }
        let client = try makeFreshstatusClient(stub)
        #expect(try await client.incident(id: "4")?.incident.updates.map(\.id) == ["40"])
        #expect(try await client.incident(id: "5") == nil)
    }
}

@Suite struct FreshstatusClientWriteTests {
    private let start = Instant(iso8601: "2021-01-30T05:40:00Z") ?? Instant(secondsSince1970: 0)

    @Test func createsTheIncidentRecordWithoutUpdatesAndWithoutNotifying() async throws {
        let stub = StubTransport(responses: [
            jsonResponse(
                201,
                "{\"id\": 12, \"title\": \"Down\", \"start_time\": \"2021-01-30T05:40:00Z\", \"incident_updates\": []}")
        ])
        let incident = Incident(
            id: "", title: "Down", description: "d", startTime: start, visibility: .private,
            affected: [AffectedService(serviceID: "3", status: .partialOutage)],
            updates: [IncidentUpdate(id: "", time: start, phase: "Investigating", message: "m")])
        let result = try await makeFreshstatusClient(stub).perform(.createIncident(incident))
        #expect(result.id == "12")
        let request = try #require(stub.requests.first)
        #expect(request.method == .post)
        #expect(urlPath(request) == "/api/v1/incidents/")
        let off = JSONValue.string("false")
        #expect(
            try bodyObject(request) == [
                "title": .string("Down"), "description": .string("d"), "start_time": .string("2021-01-30T05:40:00Z"),
                "end_time": .null, "is_private": .bool(true),
                "affected_components": .array([.object(["component": .string("3"), "new_status": .string("PO")])]),
                "notification_options": .object(["send_notification": off, "send_tweet": off, "send_email": off]),
            ])
    }

    @Test func notifyingTurnsEveryOptionOn() async throws {
        let stub = StubTransport(responses: [
            jsonResponse(201, "{\"id\": 5, \"incident\": 12, \"time\": \"2021-01-30T05:40:00Z\"}")
        ])
        _ = try await makeFreshstatusClient(stub).perform(
            .createIncidentUpdate(
                incidentID: "12", IncidentUpdate(id: "", time: start, phase: "Identified", message: "m")),
            notify: true)
        let body = try bodyObject(try #require(stub.requests.first))
        #expect(body["incident"] == .number(12))
        #expect(body["incident_status"] == .string("Identified"))
        #expect(body["time"] == .string("2021-01-30T05:40:00Z"))
        #expect(body["notification_options"]?.objectValue?.values.allSatisfy { $0 == .string("true") } == true)
    }

    @Test(arguments: [
        (WriteOperation.createGroup(ServiceGroup(id: "", name: "G", parentID: "2")), HTTPMethod.post, "/groups/"),
        (.updateGroup(ServiceGroup(id: "4", name: "G")), .patch, "/groups/4/"),
        (.deleteGroup(id: "4"), .delete, "/groups/4/"),
        (.createService(Service(id: "", name: "S")), .post, "/services/"),
        (.updateService(Service(id: "9", name: "S")), .patch, "/services/9/"),
        (.deleteService(id: "9"), .delete, "/services/9/"),
        (.createIncidentPhase(IncidentPhase(name: "Monitoring", order: 3)), .post, "/incident-status/"),
        (
            .updateIncident(Incident(id: "12", title: "T", startTime: Instant(secondsSince1970: 0))), .patch,
            "/incidents/12/"
        ),
        (.deleteIncident(id: "12"), .delete, "/incidents/12/"),
        (.resolveIncident(id: "12", message: "done"), .post, "/incidents/12/resolve/"),
        (
            .updateIncidentUpdate(
                incidentID: "12", IncidentUpdate(id: "40", time: Instant(secondsSince1970: 0), phase: "P", message: "m")
            ), .patch, "/incident-updates/40/"
        ),
        (.deleteIncidentUpdate(incidentID: "12", updateID: "40"), .delete, "/incident-updates/40/"),
        (
            .createMaintenance(
                Maintenance(
                    id: "", title: "M", startTime: Instant(secondsSince1970: 0), endTime: Instant(secondsSince1970: 60))
            ), .post, "/maintenance/"
        ),
        (
            .updateMaintenance(
                Maintenance(
                    id: "7", title: "M", startTime: Instant(secondsSince1970: 0), endTime: Instant(secondsSince1970: 60)
                )), .patch, "/maintenance/7/"
        ),
        (.deleteMaintenance(id: "7"), .delete, "/maintenance/7/"),
        (.startMaintenance(id: "7", message: nil), .post, "/maintenance/7/start/"),
        (.completeMaintenance(id: "7", message: "ok"), .post, "/maintenance/7/complete/"),
        (
            .createMaintenanceUpdate(
                maintenanceID: "7",
                MaintenanceUpdate(id: "", time: Instant(secondsSince1970: 0), phase: "Planned", message: "m")), .post,
            "/maintenance-updates/"
        ),
        (
            .updateMaintenanceUpdate(
                maintenanceID: "7",
                MaintenanceUpdate(id: "70", time: Instant(secondsSince1970: 0), phase: "Planned", message: "m")),
            .patch, "/maintenance-updates/70/"
        ),
        (.deleteMaintenanceUpdate(maintenanceID: "7", updateID: "70"), .delete, "/maintenance-updates/70/"),
    ])
    func sendsEachOperationToItsEndpoint(operation: WriteOperation, method: HTTPMethod, path: String) async throws {
        let stub = StubTransport { request in
            request.method == .delete
                ? HTTPResponse(statusCode: 204)
                : jsonResponse(201, "{\"id\": 1, \"name\": \"x\", \"value\": \"x\", \"title\": \"x\"}")
        }
        let result = try await makeFreshstatusClient(stub).perform(operation)
        let request = try #require(stub.requests.first)
        #expect(request.method == method)
        #expect(urlPath(request) == "/api/v1" + path)
        #expect(!result.id.isEmpty)
        if method != .delete, path.hasPrefix("/incident") || path.hasPrefix("/maintenance"),
            !path.hasPrefix("/incident-status")
        {
            let options = try #require(try bodyObject(request)["notification_options"]?.objectValue)
            #expect(options.values.allSatisfy { $0 == .string("false") })
        }
    }

    @Test func serviceAndGroupBodiesUseIntegerReferences() async throws {
        let stub = StubTransport { _ in jsonResponse(201, "{\"id\": 1, \"name\": \"x\"}") }
        let client = try makeFreshstatusClient(stub)
        _ = try await client.perform(
            .createService(Service(id: "", name: "S", description: "d", position: 2, groupID: "4")))
        _ = try await client.perform(.createGroup(ServiceGroup(id: "", name: "G", position: 1)))
        #expect(
            try bodyObject(stub.requests[0]) == [
                "name": .string("S"), "description": .string("d"), "order": .number(2), "group": .number(4),
            ])
        #expect(
            try bodyObject(stub.requests[1]) == [
                "name": .string("G"), "description": .string(""), "order": .number(1), "parent": .null,
            ])
    }

    @Test func templatesAreUnsupported() async throws {
        let stub = StubTransport(responses: [])
        await #expect {
            _ = try await makeFreshstatusClient(stub).perform(.deleteIncidentTemplate(id: "1"))
        } throws: { error in
            guard case .unsupported(.freshstatus, _) = error as? ProviderError else { return false }
            return true
        }
    }
}

@Suite struct FreshstatusClientErrorTests {
    @Test func aRejectedKeyNamesTheVariableAndNeverTheKey() async throws {
        let stub = StubTransport(responses: [
            jsonResponse(
                401, "{\"detail\": \"Invalid username/password.\"}",
                headers: ["WWW-Authenticate": "Basic realm=\"api\""])
        ])
        do {
            _ = try await makeFreshstatusClient(stub).read(.service)
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(
                error
                    == .credentialsRejected(
                        account: "old", provider: .freshstatus, variable: "FRESHSTATUS_API_KEY", status: 401))
            #expect(error.description.contains("check $FRESHSTATUS_API_KEY"))
        }
    }

    @Test func djangoValidationErrorsKeepTheirFields() async throws {
        let stub = StubTransport(responses: [
            jsonResponse(400, "{\"name\": [\"This field is required.\"], \"non_field_errors\": [\"Bad.\"]}")
        ])
        await #expect(
            throws: ProviderError.validationFailed(
                method: .post, path: "/api/v1/groups/", messages: ["name: This field is required.", "Bad."])
        ) {
            _ = try await makeFreshstatusClient(stub).perform(.createGroup(ServiceGroup(id: "", name: "")))
        }
    }

    @Test func notFoundNamesThePath() async throws {
        let stub = StubTransport(responses: [jsonResponse(404, "{\"detail\": \"Not found.\"}")])
        await #expect(throws: ProviderError.notFound(method: .delete, path: "/api/v1/services/9/")) {
            _ = try await makeFreshstatusClient(stub).perform(.deleteService(id: "9"))
        }
    }

    @Test func aThrottledCallAfterEveryRetryIsRateLimited() async throws {
        let stub = StubTransport(responses: [
            jsonResponse(429, "{\"detail\": \"Request was throttled.\"}", headers: ["Retry-After": "120"])
        ])
        await #expect(throws: ProviderError.rateLimited(method: .get, path: "/api/v1/groups/", retryAfter: "120")) {
            _ = try await makeFreshstatusClient(stub).read(.group)
        }
    }

    @Test func aServerErrorOnAReadIsAServerError() async throws {
        let stub = StubTransport(responses: [jsonResponse(502, "{}")])
        await #expect(throws: ProviderError.serverError(method: .get, path: "/api/v1/groups/", status: 502)) {
            _ = try await makeFreshstatusClient(stub).read(.group)
        }
    }

    @Test func aCreateAnsweredWithoutJSONIsOutcomeUnknown() async throws {
        let stub = StubTransport(responses: [HTTPResponse(statusCode: 201, body: Data("<html>".utf8))])
        do {
            _ = try await makeFreshstatusClient(stub).perform(.createGroup(ServiceGroup(id: "", name: "G")))
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(error.isOutcomeUnknown)
        }
    }
}

/// Once the count says how many pages a list has, they are read at once rather than one by one.
@Suite struct FreshstatusConcurrentPagesTests {
    /// Answers `?page=N` of a 75-item groups list (pages of 10) after a short pause, counting calls in flight.
    final class PagedGroups: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var inFlight = 0
        private(set) var mostInFlight = 0
        private(set) var pages: [Int] = []

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let page =
                URLComponents(url: request.url, resolvingAgainstBaseURL: true)?.queryItems?
                .first { $0.name == "page" }?.value.flatMap(Int.init) ?? 1
            lock.withLock {
                inFlight += 1
                mostInFlight = max(mostInFlight, inFlight)
                pages.append(page)
            }
            try await Task.sleep(for: .milliseconds(20))
            lock.withLock { inFlight -= 1 }
            let ids = ((page - 1) * 10..<min(page * 10, 75)).map { "{\"id\": \($0), \"name\": \"g\($0)\"}" }
            let next = page < 8 ? "\"http://127.0.0.1:9/api/v1/groups/?page=\(page + 1)\"" : "null"
            return jsonResponse(200, "{\"count\": 75, \"next\": \(next), \"results\": [\(ids.joined(separator: ","))]}")
        }
    }

    @Test func theRemainingPagesAreReadConcurrentlyAndEachOnce() async throws {
        let transport = PagedGroups()
        let listing = try await makeFreshstatusClient(transport).read(.group)
        #expect(listing.items.count == 75)
        #expect(transport.pages.sorted() == Array(1...8), "each page once: \(transport.pages)")
        #expect(transport.mostInFlight > 1, "pages 3 to 8 were read at once")
    }
}

/// A recent-only fetch (`serve`'s light reconcile) reads the incident list only as far as its recent incidents, and
/// only when the list is newest first.
@Suite struct FreshstatusRecentOnlyTests {
    /// Resolved incidents with the given ids, each started the given number of hours before now.
    static func incidents(_ hoursAgo: [(id: Int, hours: Int)]) -> [String] {
        hoursAgo.map { id, hours in
            let start = UTCInstant.format(Date().addingTimeInterval(-Double(hours) * 3600))
            return """
                {"id": \(id), "title": "I\(id)", "start_time": "\(start)", "end_time": "\(start)",
                 "affected_components": [], "incident_updates": []}
                """
        }
    }

    static func lists(_ incidents: [String]) -> [String: [String]] {
        ["groups": [], "services": [], "incident-status": [], "incidents": incidents, "maintenance": []]
    }

    /// Reads the account whole, then recent-only against that first read; returns both and the second's requests.
    static func twoFetches(_ incidents: [String]) async throws -> (FetchResult, FetchResult, [String]) {
        let first = try await makeFreshstatusClient(freshstatusStub(lists: lists(incidents))).fetchAccount(
            previous: nil, progress: nil)
        let stub = freshstatusStub(lists: lists(incidents))
        let previous = PreviousFetch(provider: .freshstatus, data: first.data, startedAt: nil, recentOnly: true)
        let second = try await makeFreshstatusClient(stub).fetchAccount(since: previous, progress: nil)
        let incidentPages = stub.requests.filter { urlPath($0) == "/api/v1/incidents/" }.map { $0.url.absoluteString }
        return (first, second, incidentPages)
    }

    @Test func aNewestFirstListIsReadDownToTheFirstOldIncidentAndTheRestCarriedOver() async throws {
        // 12 incidents of the last 12 hours, then 30 of a month and more ago: page 2 reaches an old one.
        let recent = (1...12).map { (id: 100 - $0, hours: $0) }
        let old = (1...30).map { (id: 50 - $0, hours: 24 * 30 + $0) }
        let (first, second, pages) = try await Self.twoFetches(Self.incidents(recent + old))
        #expect(pages.count == 2, "\(pages)")
        #expect(second.carriedOver)
        #expect(second.data == first.data)
        // Four small lists of one page each, then 5 incident pages whole, 2 recent-only.
        #expect(first.scopeCalls == FetchScopeCalls(full: 9, recent: 6))
        #expect(second.scopeCalls == FetchScopeCalls(full: 9, recent: 6))
        #expect(second.calls == 6)
    }

    @Test func aListThatIsNotNewestFirstIsReadWhole() async throws {
        let oldestFirst = (1...30).map { (id: $0, hours: 24 * 60 - $0) }
        let (first, second, pages) = try await Self.twoFetches(Self.incidents(oldestFirst))
        #expect(pages.count == 3, "\(pages)")
        #expect(!second.carriedOver)
        #expect(second.data == first.data)
        #expect(first.scopeCalls == FetchScopeCalls(full: 7, recent: 7))
    }

    @Test func theCarriedIncidentsStopAtTheLastOneReadAndTheOpenOnesAreListed() throws {
        func item(_ id: Int, _ start: String, open: Bool = false) -> JSONValue {
            .object([
                "id": .number(Double(id)), "start_time": .string(start),
                "end_time": open ? .null : .string(start),
            ])
        }
        let previous = [
            item(5, "2026-11-30T00:00:00Z"), item(4, "2026-10-01T00:00:00Z"), item(3, "2026-10-01T00:00:00Z"),
            item(2, "2026-09-01T00:00:00Z", open: true), item(1, "2026-08-01T00:00:00Z"),
        ]
        let listing = RecentIncidentListing(
            previous: previous, now: try #require(Instant(iso8601: "2026-12-01T00:00:00Z")))
        // Page read: 6 (new), 4; 5 is gone; 3 shares 4's start time and may sit on the next page.
        let prefix = [item(6, "2026-11-30T12:00:00Z"), item(4, "2026-10-01T00:00:00Z")]
        #expect(listing.isEnough(prefix))
        #expect(!listing.isEnough(Array(prefix.prefix(1))))
        #expect(!listing.isEnough(prefix.reversed()))
        let carried = listing.carried(after: prefix)
        #expect(carried.compactMap { ProviderJSON.id(ProviderJSON.member($0, "id")) } == ["3", "2", "1"])
        #expect(RecentIncidentListing.openIDs(carried) == ["2"])
        // The whole list in pages of 2: page 1 reaches an old incident (4), and 2 is open beyond it.
        #expect(listing.recentCalls(of: prefix + carried, pageSize: 2) == 1 + 1)
    }
}
