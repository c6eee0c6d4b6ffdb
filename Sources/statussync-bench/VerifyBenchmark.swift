import Foundation
import StatusSyncCore

/// `verify --offline` time and peak memory on a migrated pair of growing size.
///
/// For each size, a child process writes a migrated pair into a store: the plan benchmark's
/// Freshstatus account (N incidents of four updates, 50 services), the StatusHub hub it maps to
/// (written in StatusHub's own JSON, every entity linked), and the pair's links. A second child,
/// whose peak memory (`VmHWM`) is then the verification's alone, times what
/// `statussync verify --offline` does: read and decode both snapshots and the links, map, compare
/// every entity and timeline, compute uptime per service, group and page, and render the text.
enum VerifyBenchmark {
    /// Runs each size in a child process and prints one row per size.
    static func run(sizes: [Int]) throws {
        print("verify --offline, Freshstatus → StatusHub, every incident migrated (4 updates each)")
        print("incidents   read+decode   verify   render    total   peak RSS   differences")
        for size in sizes {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "verify-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            _ = try PlanBenchmark.child(["verify-generate", String(size), directory.path])
            print(try PlanBenchmark.child(["verify-one", String(size), directory.path]), terminator: "")
        }
    }

    static let now = Instant(secondsSince1970: 1_800_000_000)

    /// Writes the source, the migrated target and the links of one size into a store at `directory`.
    static func generate(incidents: Int, directory: String) throws {
        let store = FileStore(root: directory)
        let sourceData = try PlanBenchmark.account(incidents: incidents)
        _ = try store.save(
            Snapshot(
                provider: .freshstatus, account: "old", fetchedAt: now, calls: 1, data: sourceData))
        let mapping = try MappingLoader.parse(Data(PlanBenchmark.mapping.utf8), path: "freshstatus-to-statushub.json")
        let source = try ProviderData.state(from: sourceData, provider: .freshstatus)
        var migrated = try Mapper(mapping: mapping, mappingPath: "m", now: now).map(source).desired
        // The target keeps the keys as its ids, derives each service's status, and links every entity.
        let derived = DerivedStatus.statuses(of: migrated, at: now)
        for index in migrated.services.indices {
            migrated.services[index].status = derived[migrated.services[index].id] ?? .operational
        }
        var state = PairState(pair: "bench")
        func link(_ key: String, _ kind: EntityKind, parent: String? = nil) {
            state.links[key] = Link(kind: kind, targetID: key, origin: .created, parentKey: parent, updatedAt: now)
        }
        for group in migrated.groups { link(group.id, .group) }
        for service in migrated.services { link(service.id, .service) }
        for incident in migrated.incidents {
            link(incident.id, .incident)
            for update in incident.updates { link(update.id, .incidentUpdate, parent: incident.id) }
        }
        for maintenance in migrated.maintenances { link(maintenance.id, .maintenance) }
        let encoded = try JSONEncoder().encode(StatusHub.AccountData(migrated))
        _ = try store.save(
            Snapshot(
                provider: .statushub, account: "new", fetchedAt: now, calls: 1,
                data: try JSONDecoder().decode(JSONValue.self, from: encoded)))
        try store.save(state)
    }

    /// Measures one size in this process, from the store at `directory`, and prints its row.
    static func runOne(incidents: Int, directory: String) async throws {
        let mapping = try MappingLoader.parse(Data(PlanBenchmark.mapping.utf8), path: "freshstatus-to-statushub.json")
        let clock = ContinuousClock()
        let start = clock.now
        let stored = try await StoredPair.read(
            from: FileStore(root: directory), pair: "bench", source: ("old", .freshstatus), target: ("new", .statushub))
        let decoded = clock.now
        let result = try await Verifier(mapper: Mapper(mapping: mapping, mappingPath: "m", now: now))
            .verifyConcurrently(
                pair: "bench", source: stored.source,
                sourceSide: Verification.Side(account: "old", provider: .freshstatus), target: stored.target,
                targetSide: Verification.Side(account: "new", provider: .statushub), state: stored.state)
        let verified = clock.now
        let text = VerificationRenderer.text(result.verification)
        let rendered = clock.now
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        print(
            String(
                format: "%9d %11.3fs %8.3fs %8.3fs %8.3f s %7.0f MB %13d", incidents, seconds(decoded - start),
                seconds(verified - decoded), seconds(rendered - verified), seconds(rendered - start),
                PlanBenchmark.peakMegabytes(), result.verification.differences.count))
        if !result.verification.isFaithful { print(text.split(separator: "\n").prefix(8).joined(separator: "\n")) }
    }
}
