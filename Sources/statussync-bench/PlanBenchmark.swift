import Foundation
import StatusSyncCore

/// Offline plan time and peak memory for accounts of growing size.
///
/// For each size, a child process writes two snapshot files (a Freshstatus account with N
/// incidents of four updates, and an empty StatusHub hub); a second child, whose peak memory
/// (`VmHWM`) is then the plan's alone, times what `statussync plan --offline` does: read and
/// decode both snapshots, map, and plan every create.
enum PlanBenchmark {
    /// Runs each size in a child process and prints one row per size plus the growth ratios.
    static func run(sizes: [Int]) throws {
        print("Offline plan, Freshstatus → StatusHub, every incident to create (4 updates each)")
        print("incidents   read+decode      map     plan    total   peak RSS   changes")
        var rows: [(Int, Double)] = []
        for size in sizes {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "plan-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            _ = try child(["plan-generate", String(size), directory.path])
            let output = try child(["plan-one", String(size), directory.path])
            print(output, terminator: "")
            if let total = output.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).first.flatMap({
                Double($0)
            }) {
                rows.append((size, total))
            }
        }
        for (previous, next) in zip(rows, rows.dropFirst()) {
            let n = Double(next.0) / Double(previous.0)
            print(
                String(
                    format: "%dk → %dk incidents (×%.0f): time ×%.1f; n log n would be ×%.1f",
                    previous.0 / 1000, next.0 / 1000, n, next.1 / previous.1,
                    n * log(Double(next.0)) / log(Double(previous.0))))
        }
    }

    /// Runs this executable with `arguments` and returns what it printed.
    static func child(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output
    }

    /// Writes the two snapshots of one size into a store at `directory`.
    static func generate(incidents: Int, directory: String) throws {
        let store = FileStore(root: directory)
        _ = try store.save(
            Snapshot(
                provider: .freshstatus, account: "old", fetchedAt: Instant(secondsSince1970: 1_790_000_000), calls: 1,
                data: try account(incidents: incidents)))
        _ = try store.save(
            Snapshot(
                provider: .statushub, account: "new", fetchedAt: Instant(secondsSince1970: 1_790_000_000), calls: 1,
                data: .object(["groups": .array([]), "services": .array([]), "incidents": .array([])])))
    }

    /// Measures one size in this process, from the store at `directory`, and prints its row.
    static func runOne(incidents: Int, directory: String) throws {
        let store = FileStore(root: directory)
        guard let sourcePath = store.latestSnapshotPath(account: "old"),
            let targetPath = store.latestSnapshotPath(account: "new")
        else { throw StoreError.noSnapshot(account: "old", directory: directory) }
        let mapping = try MappingLoader.parse(Data(Self.mapping.utf8), path: "freshstatus-to-statushub.json")
        let now = Instant(secondsSince1970: 1_800_000_000)

        let clock = ContinuousClock()
        let start = clock.now
        let (sourceHeader, source) = try AccountState.fromSnapshot(
            try store.read(sourcePath), path: sourcePath, provider: .freshstatus)
        let (targetHeader, target) = try AccountState.fromSnapshot(
            try store.read(targetPath), path: targetPath, provider: .statushub)
        let decoded = clock.now
        let mapped = try Mapper(mapping: mapping, mappingPath: "m", now: now).map(source)
        let mappedAt = clock.now
        let (changes, _) = try Planner(options: PlanOptions(now: now)).changes(
            desired: mapped.desired, current: target, state: PairState(pair: "bench"))
        let planned = clock.now
        _ = (sourceHeader, targetHeader)
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        print(
            String(
                format: "%9d %11.3fs %8.3fs %8.3fs %8.3f s %7.0f MB %9d", incidents, seconds(decoded - start),
                seconds(mappedAt - decoded), seconds(planned - mappedAt), seconds(planned - start), peakMegabytes(),
                changes.count))
    }

    /// The process's peak resident memory (`VmHWM`), in megabytes.
    static func peakMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    /// A Freshstatus account's snapshot data with 50 services and `incidents` incidents of four updates.
    static func account(incidents: Int) throws -> JSONValue {
        let phases = ["Investigating", "Identified", "Monitoring", "Resolved"]
        let codes = ["PD", "PO", "MO"]
        var items: [JSONValue] = []
        items.reserveCapacity(incidents)
        for index in 0..<incidents {
            let start = 1_500_000_000 + index * 600
            let updates: [JSONValue] = (0..<4).map { step in
                .object([
                    "id": .number(Double(index * 4 + step + 1)),
                    "message": .string("Update \(step) of incident \(index)"),
                    "time": .string(UTCInstant.format(seconds: Int64(start + step * 600))),
                    "incident_status": .string(phases[step]), "is_private": .bool(false),
                ])
            }
            items.append(
                .object([
                    "id": .number(Double(index + 1)), "title": .string("Incident \(index)"),
                    "description": .string("Something happened"),
                    "start_time": .string(UTCInstant.format(seconds: Int64(start))),
                    "end_time": .string(UTCInstant.format(seconds: Int64(start + 1800))), "is_private": .bool(false),
                    "affected_components": .array([
                        .object(["component": .string(String(index % 50 + 1)), "new_status": .string(codes[index % 3])])
                    ]),
                    "incident_updates": .array(updates),
                ]))
        }
        let services: [JSONValue] = (1...50).map {
            .object(["id": .number(Double($0)), "name": .string("Service \($0)"), "order": .number(Double($0))])
        }
        let statuses: [JSONValue] = phases.enumerated().map {
            .object([
                "id": .number(Double($0.offset + 1)), "value": .string($0.element),
                "order": .number(Double($0.offset + 1)),
            ])
        }
        return .object([
            "groups": .array([]), "services": .array(services), "incident_statuses": .array(statuses),
            "incidents": .array(items), "maintenances": .array([]),
        ])
    }

    static let mapping = """
        {"version": 1, "source": "freshstatus", "target": "statushub",
         "componentStatus": {"OP": "up", "PD": "degraded-performance", "PO": "degraded-performance", "MO": "down", "UM": "down"},
         "incidentPhases": {"map": {"Investigating": "investigating", "Identified": "identified",
                                    "Monitoring": "monitoring", "Resolved": "resolved"},
                            "default": "investigating", "resolved": "resolved"}}
        """
}
