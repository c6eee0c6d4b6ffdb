import Foundation
import StatusSyncCore
import StatusSyncEmulator
import StatusSyncTestSupport
import Synchronization
import Testing

/// Snapshots over real HTTP against the emulators on a loopback port.
@Suite struct SnapshotEndToEndTests {
    private static let expected: [EmulatedProvider: [String: Int]] = [
        .freshstatus: ["groups": 2, "services": 4, "incident_statuses": 4, "incidents": 23, "maintenances": 2],
        .statushub: [
            "groups": 2, "services": 4, "incidents": 23, "maintenances": 2, "incident_templates": 1,
            "maintenance_templates": 1,
        ],
    ]

    private static func seed(_ provider: EmulatedProvider) -> Data {
        provider == .freshstatus ? EmulatorHarness.freshstatusSeed() : EmulatorHarness.statusHubSeed()
    }

    @Test(arguments: EmulatedProvider.allCases)
    func aFullSnapshotHoldsEverySeededEntity(provider: EmulatedProvider) async throws {
        let emulator = try EmulatorHarness.start(provider, seed: Self.seed(provider))
        defer { emulator.stop() }
        let client = EmulatorHarness.client(for: emulator, transport: EmulatorHarness.stack(for: emulator))
        let result = try await client.fetchAccount(previous: nil, progress: nil)
        #expect(result.counts == Self.expected[provider])
        let state = try ProviderData.state(from: result.data, provider: client.provider)
        #expect(state.incidents.allSatisfy { $0.updates.count == 2 })
        let logged = try await EmulatorHarness.requests(of: emulator)
        #expect(logged.count == result.calls)
        if provider == .statushub {
            // The minimum: one page per list (23 incidents fit in 100) and one detail per incident.
            #expect(result.listCalls == 6)
            #expect(result.detailCalls == 23)
            #expect(logged.allSatisfy { $0.contains("api_version=V3-R1") })
        } else {
            // Pages of 10: 1 + 1 + 1 + 3 + 1.
            #expect(result.listCalls == 7)
            #expect(result.detailCalls == 0)
        }
    }

    @Test(arguments: [StatusHubPaging.meta, .link, .none])
    func everyStatusHubPagingStyleWithACappedPerPage(paging: StatusHubPaging) async throws {
        let emulator = try EmulatorHarness.start(.statushub, seed: EmulatorHarness.statusHubSeed(incidents: 57)) {
            $0.paging = paging
            $0.perPageCap = 10
        }
        defer { emulator.stop() }
        let client = EmulatorHarness.client(for: emulator, transport: EmulatorHarness.stack(for: emulator))
        let result = try await client.fetchAccount(previous: nil, progress: nil)
        #expect(result.counts["incidents"] == 57)
        #expect(result.counts["services"] == 4)
        #expect(result.detailCalls == 57)
        let incidentPages = try await EmulatorHarness.requests(of: emulator).filter {
            $0.hasPrefix("GET /api/v3/hubs/acme-status/incidents?")
        }
        #expect(incidentPages.count == (paging == .none ? 7 : 6))
    }

    @Test func freshstatusPagesOfAnySize() async throws {
        let emulator = try EmulatorHarness.start(.freshstatus, seed: EmulatorHarness.freshstatusSeed(incidents: 31)) {
            $0.pageSize = 4
        }
        defer { emulator.stop() }
        let client = EmulatorHarness.client(for: emulator, transport: EmulatorHarness.stack(for: emulator))
        let result = try await client.fetchAccount(previous: nil, progress: nil)
        #expect(result.counts["incidents"] == 31)
        #expect(result.listCalls == 1 + 1 + 1 + 8 + 1)
    }

    @Test(arguments: EmulatedProvider.allCases)
    func throttlingAndServerErrorsAreRetriedAndTheSnapshotIsComplete(provider: EmulatedProvider) async throws {
        let emulator = try EmulatorHarness.start(provider, seed: Self.seed(provider)) {
            $0.throttleRate = 0.2
            $0.failRate = 0.2
        }
        defer { emulator.stop() }
        let stack = EmulatorHarness.stack(for: emulator)
        let client = EmulatorHarness.client(for: emulator, transport: stack)
        let result = try await client.fetchAccount(previous: nil, progress: nil)
        #expect(result.counts == Self.expected[provider])
        let usage = await stack.usage()
        #expect(usage.throttled > 0)
        #expect(usage.calls > result.calls)
    }

    @Test func aLostResponseToAReadIsRetried() async throws {
        let emulator = try EmulatorHarness.start(.statushub, seed: Self.seed(.statushub))
        defer { emulator.stop() }
        let losing = LosingTransport(wrapping: URLSessionTransport(timeout: .seconds(5)), everyNth: 4)
        let stack = EmulatorHarness.stack(for: emulator, base: losing)
        let client = EmulatorHarness.client(for: emulator, transport: stack)
        let result = try await client.fetchAccount(previous: nil, progress: nil)
        #expect(result.counts == Self.expected[.statushub])
        #expect(losing.lost > 0)
    }

    @Test(arguments: EmulatedProvider.allCases)
    func aWrongKeyIsAClearError(provider: EmulatedProvider) async throws {
        let emulator = try EmulatorHarness.start(provider, seed: Self.seed(provider))
        defer { emulator.stop() }
        let client = EmulatorHarness.client(
            for: emulator, transport: EmulatorHarness.stack(for: emulator, key: "wrong-key-123"))
        do {
            _ = try await client.fetchAccount(previous: nil, progress: nil)
            Issue.record("expected the key to be rejected")
        } catch let error as ProviderError {
            guard case .credentialsRejected(_, _, let variable, 401) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(variable == (provider == .freshstatus ? "FRESHSTATUS_API_KEY" : "STATUSHUB_API_KEY"))
            #expect(!error.description.contains("wrong-key-123"))
        }
    }

    @Test func anUnchangedHubCostsOnlyItsListPages() async throws {
        let emulator = try EmulatorHarness.start(.statushub, seed: Self.seed(.statushub))
        defer { emulator.stop() }
        let client = EmulatorHarness.client(for: emulator, transport: EmulatorHarness.stack(for: emulator))
        let startedAt = Instant(Date())
        let first = try await client.fetchAccount(previous: nil, progress: nil)
        let previous = Snapshot(
            provider: .statushub, account: "new", fetchedAt: Instant(Date()), startedAt: startedAt, calls: first.calls,
            data: first.data)
        try await EmulatorHarness.clearRequests(of: emulator)
        let second = try await client.fetchAccount(previous: previous, progress: nil)
        let logged = try await EmulatorHarness.requests(of: emulator)
        #expect(second.calls == 6)
        #expect(second.reusedDetails == 23)
        #expect(logged.count == 6)
        #expect(logged.allSatisfy { !$0.contains("/incidents/") })
        #expect(Snapshot.digest(of: second.data) == Snapshot.digest(of: first.data))
    }

    @Test func aChangedIncidentIsReadAgainInDetail() async throws {
        let emulator = try EmulatorHarness.start(.statushub, seed: Self.seed(.statushub))
        defer { emulator.stop() }
        let client = EmulatorHarness.client(for: emulator, transport: EmulatorHarness.stack(for: emulator))
        let startedAt = Instant(Date())
        let first = try await client.fetchAccount(previous: nil, progress: nil)
        let update = IncidentUpdate(
            id: "", time: Instant(iso8601: "2025-03-01T11:00:00Z") ?? Instant(secondsSince1970: 0),
            phase: "monitoring", message: "Watching", title: "Incident 5",
            serviceStatuses: [AffectedService(serviceID: "2", status: .degradedPerformance)])
        _ = try await client.perform(.createIncidentUpdate(incidentID: "5", update))
        try await EmulatorHarness.clearRequests(of: emulator)
        let previous = Snapshot(
            provider: .statushub, account: "new", fetchedAt: Instant(Date()), startedAt: startedAt, calls: first.calls,
            data: first.data)
        let second = try await client.fetchAccount(previous: previous, progress: nil)
        #expect(second.detailCalls == 1)
        let logged = try await EmulatorHarness.requests(of: emulator)
        #expect(
            logged.filter { $0.contains("/incidents/") } == [
                "GET /api/v3/hubs/acme-status/incidents/5?api_version=V3-R1"
            ])
        let state = try ProviderData.state(from: second.data, provider: .statushub)
        #expect(state.incidents.first { $0.id == "5" }?.updates.count == 3)
    }
}

/// A transport that sends every request but throws away every `everyNth` answer to a GET, as a lost connection would.
final class LosingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let everyNth: Int
    private let counters = Mutex((seen: 0, lost: 0))

    init(wrapping base: any HTTPTransport, everyNth: Int) {
        self.base = base
        self.everyNth = everyNth
    }

    var lost: Int { counters.withLock { $0.lost } }

    func send(_ request: StatusSyncCore.HTTPRequest) async throws -> StatusSyncCore.HTTPResponse {
        let response = try await base.send(request)
        let drop = counters.withLock { (counters: inout (seen: Int, lost: Int)) -> Bool in
            counters.seen += 1
            guard request.method == .get, counters.seen % everyNth == 0 else { return false }
            counters.lost += 1
            return true
        }
        if drop {
            throw TransportError.connectionLost(
                method: request.method, url: URLRedaction.redactedURL(request.url), reason: "dropped by the test")
        }
        return response
    }
}
