import Foundation
import StatusSyncCore
import StatusSyncEmulator

/// `statussync apply PAIR --yes` as a user runs it: the release binary beside this benchmark, both
/// emulators answering after 150 ms, the source at Freshstatus's documented limits and the target at
/// 20 writes per second, timed from the process's start to its exit.
extension ApplyBenchmark {
    struct EndToEnd {
        var seconds: Double
        var exitStatus: Int32
        var throttled: Int
        var writesReceived: Int
        var lastLine: String
    }

    /// The release `statussync` built beside this benchmark, if it was built (`swift build -c release`).
    static var releaseBinary: URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let binary = directory.appendingPathComponent("statussync")
        return FileManager.default.isExecutableFile(atPath: binary.path) ? binary : nil
    }

    /// Only the whole command (`apply --end-to-end`), against the floor of the writes the target took.
    ///
    /// - Parameters:
    ///   - seedPath: the Freshstatus source account's seed.
    ///   - verbose: run the command with `--verbose` and print its lines, each with the seconds since its start.
    /// - Throws: when the seed cannot be read, or an emulator, a file or the process cannot be set up.
    static func runEndToEnd(seedPath: String, verbose: Bool) async throws {
        guard let seed = FileManager.default.contents(atPath: seedPath) else {
            throw StoreError.io(path: seedPath, reason: "cannot read the seed; run from the project's root")
        }
        guard let binary = releaseBinary else {
            print("end to end: skipped; build the command first with `swift build -c release`")
            return
        }
        let command = try await runCommand(binary: binary, seed: seed, verbose: verbose)
        // The writes the target took: a write answered 429 is sent again.
        let floor = Double(command.writesReceived - command.throttled) / Double(writesPerSecond)
        print(
            String(
                format:
                    "end to end (`statussync apply --yes`, %@ latency): %.2f s, exit %d; 429 received: %d; writes received: %d; floor %.2f s; %.3f× the floor",
                "\(latency)" as NSString, command.seconds, command.exitStatus, command.throttled,
                command.writesReceived, floor, command.seconds / floor))
        print("  its last line: \(command.lastLine)")
    }

    /// Runs the whole command once against fresh emulators seeded with `seed`.
    ///
    /// - Parameters:
    ///   - binary: the `statussync` executable to run.
    ///   - seed: the Freshstatus source account.
    ///   - verbose: run it with `--verbose` and print each of its lines as it comes, with the seconds since its start.
    /// - Returns: the wall time of the process, its exit status, the target's 429 answers and writes received.
    /// - Throws: when an emulator, a file or the process cannot be set up.
    static func runCommand(binary: URL, seed: Data, verbose: Bool = false) async throws -> EndToEnd {
        var sourceOptions = EmulatorOptions(provider: .freshstatus)
        sourceOptions.seed = seed
        sourceOptions.latency = latency
        var targetOptions = EmulatorOptions(provider: .statushub)
        targetOptions.latency = latency
        targetOptions.rateLimits = EmulatorRateLimits(readsPerSecond: 30, writesPerSecond: writesPerSecond)
        let source = try Emulator(options: sourceOptions)
        let target = try Emulator(options: targetOptions)
        try source.start()
        try target.start()
        defer {
            source.stop()
            target.stop()
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let mapping = directory.appendingPathComponent("mapping.json")
        try Data(PlanBenchmark.mapping.utf8).write(to: mapping)
        let configuration = """
            {"version": 1, "store": "\(directory.path)/store",
             "accounts": {
               "old": {"provider": "freshstatus", "subdomain": "\(sourceOptions.subdomain)", "apiKeyEnv": "FS_KEY",
                       "baseURL": "\(source.baseURL.absoluteString)"},
               "new": {"provider": "statushub", "account": "acme", "hub": "\(targetOptions.hub)",
                       "apiKeyEnv": "SH_KEY", "baseURL": "\(target.baseURL.absoluteString)",
                       "rateLimit": {"writesPerSecond": \(writesPerSecond)}}},
             "pairs": {"bench": {"source": "old", "target": "new", "mapping": "\(mapping.path)"}}}
            """
        let configPath = directory.appendingPathComponent("statussync.json")
        try Data(configuration.utf8).write(to: configPath)

        let process = Process()
        process.executableURL = binary
        process.arguments = ["apply", "bench", "--yes", "--config", configPath.path] + (verbose ? ["--verbose"] : [])
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["FS_KEY": sourceOptions.apiKey, "SH_KEY": targetOptions.apiKey, "NO_COLOR": "1"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let started = ContinuousClock.now
        try process.run()
        let text =
            verbose
            ? printLines(of: output, since: started)
            : String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - started
        let requests = try targetRequests(target)
        return EndToEnd(
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            exitStatus: process.terminationStatus,
            throttled: requests.count { $0["status"] as? Int == 429 },
            writesReceived: requests.count { $0["isWrite"] as? Bool == true },
            lastLine: text.split(separator: "\n").last.map(String.init) ?? "")
    }

    /// Reads `pipe` to its end, printing each line as it comes with the seconds since `start`; returns all of it.
    private static func printLines(of pipe: Pipe, since start: ContinuousClock.Instant) -> String {
        var text = Data()
        var pending = Data()
        while case let chunk = pipe.fileHandleForReading.availableData, !chunk.isEmpty {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            text.append(chunk)
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                print(String(format: "%7.3f %@", seconds, line as NSString))
                pending = Data(pending[(newline + 1)...])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The target emulator's request log, read over HTTP.
    private static func targetRequests(_ target: Emulator) throws -> [[String: Any]] {
        let url = target.inspectionURL.appendingPathComponent("requests")
        let data = try Data(contentsOf: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["requests"] as? [[String: Any]] ?? []
    }
}
