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

    /// Runs the whole command once against fresh emulators seeded with `seed`.
    ///
    /// - Parameters:
    ///   - binary: the `statussync` executable to run.
    ///   - seed: the Freshstatus source account.
    /// - Returns: the wall time of the process, its exit status, the target's 429 answers and writes received.
    /// - Throws: when an emulator, a file or the process cannot be set up.
    static func runCommand(binary: URL, seed: Data) async throws -> EndToEnd {
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
        process.arguments = ["apply", "bench", "--yes", "--config", configPath.path]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["FS_KEY": sourceOptions.apiKey, "SH_KEY": targetOptions.apiKey, "NO_COLOR": "1"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let started = ContinuousClock.now
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
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

    /// The target emulator's request log, read over HTTP.
    private static func targetRequests(_ target: Emulator) throws -> [[String: Any]] {
        let url = target.inspectionURL.appendingPathComponent("requests")
        let data = try Data(contentsOf: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["requests"] as? [[String: Any]] ?? []
    }
}
