import Foundation
import StatusSyncCLI
import StatusSyncEmulator
import StatusSyncTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `statussync serve` on IPv6, with repeated `--pair`, and killed with SIGKILL in the middle of a burst.
@Suite(.serialized) struct ServeProcessTests {
    @Test func itListensOnIPv6Loopback() async throws {
        let workspace = try TargetedSyncTests.makeWorkspace()
        let serve = try await RunningServe(workspace, environment: ["HOOK_TOKEN": "x"], host: "[::1]")
        #expect(serve.output.text.contains("listening on http://[::1]:\(serve.port)"))
        let answer = try Self.getOverIPv6Loopback(port: serve.port, path: "/healthz")
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        #expect(answer.hasSuffix("\r\n\r\nok\n"), "\(answer)")
        #expect(try await serve.stop() == .success)
        let bad = await workspace.run(["serve", "--listen", "[::1:8080"], environment: ["HOOK_TOKEN": "x"])
        #expect(bad.status == .usage)
        #expect(bad.standardError.hasPrefix("error: invalid value '[::1:8080' for '--listen'"), "\(bad.standardError)")
    }

    /// Sends `GET path` to `[::1]:port` over a socket of its own (URLSession on Linux refuses IPv6 literals) and
    /// returns the whole answer.
    static func getOverIPv6Loopback(port: Int, path: String) throws -> String {
        let descriptor = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = UInt16(port).bigEndian
        _ = inet_pton(AF_INET6, "::1", &address.sin6_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
        try #require(connected == 0)
        let request = Array("GET \(path) HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n".utf8)
        try #require(request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) } == request.count)
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    @Test func repeatedPairFlagsServeEveryPairNamed() async throws {
        let workspace = try TargetedSyncTests.makeWorkspace()
        let configuration = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        let mapping = Workspace.repositoryRoot.appendingPathComponent("mappings/freshstatus-to-statushub.json").path
        try Data(
            configuration.replacingOccurrences(
                of: #""pairs": {"#,
                with:
                    #""pairs": {"second": {"source": "old", "target": "new", "mapping": "\#(mapping)"}, "third": {"source": "old", "target": "new", "mapping": "\#(mapping)"}, "#
            ).utf8
        ).write(to: URL(fileURLWithPath: workspace.configPath))
        let serve = try await RunningServe(
            workspace, arguments: ["--pair", "migrate", "--pair", "third", "--reconcile", "1h"],
            environment: ["HOOK_TOKEN": "x"])
        let metrics = try await serve.request("GET", "/metrics").body
        #expect(try await serve.stop() == .success)
        #expect(metrics.contains(#"statussync_cycles_total{pair="migrate"}"#))
        #expect(metrics.contains(#"statussync_cycles_total{pair="third"}"#))
        #expect(!metrics.contains(#"pair="second""#))
        let log = serve.output.text
        #expect(log.contains("pair=migrate serving:") && log.contains("pair=third serving:"), "\(log)")

        let unknown = await workspace.run(
            ["serve", "--pair", "migrate", "--pair", "nope"], environment: ["HOOK_TOKEN": "x"])
        #expect(unknown.status == .failure)
        #expect(unknown.standardError.contains("nope"))
    }

    @Test func killedMidBurstTheRestartedServeCompletesItWithNoDuplicate() async throws {
        let workspace = try LiveWorkspace(targetLatency: .milliseconds(20), writesPerSecond: 20)
        let configuration = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        try Data(
            configuration.replacingOccurrences(
                of: #""migrate": {"source""#, with: #""migrate": {"webhook": {"tokenEnv": "HOOK_TOKEN"}, "source""#
            ).utf8
        ).write(to: URL(fileURLWithPath: workspace.configPath))
        let (port, hook) = try TargetedSyncTests.hookAddress()
        let ready = try #require(URL(string: "http://127.0.0.1:\(port)/readyz"))
        let process = Process()
        process.executableURL = try KillResumeTests.binary()
        process.arguments = [
            "serve", "--listen", "127.0.0.1:\(port)", "--reconcile", "1h", "--config", workspace.configPath,
        ]
        process.environment = workspace.environment.merging(["HOOK_TOKEN": TargetedSyncTests.token]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let first = workspace.targetEntityCount()
        try await waitUntil("the first cycle has migrated the account") {
            let answer = try? await URLSession.shared.data(from: ready)
            return (answer?.1 as? HTTPURLResponse)?.statusCode == 200
        }
        #expect(workspace.targetEntityCount() > first)
        let migrated = workspace.targetEntityCount()

        // A burst: eight new incidents in the source, a webhook for each, and SIGKILL once some have arrived.
        let burst = 8
        for index in 0..<burst { try await workspace.addSourceIncident(title: "Burst \(index)") }
        let killed = await withThrowingTaskGroup(of: Void.self) { group -> Bool in
            for index in 0..<burst {
                group.addTask {
                    var request = URLRequest(url: hook)
                    request.httpMethod = "POST"
                    request.setValue(TargetedSyncTests.token, forHTTPHeaderField: "X-Statussync-Token")
                    request.httpBody = Data(
                        #"{"id": "\#(101 + index)", "event_data": {"event_type": "INCIDENT_OPEN"}}"#.utf8)
                    _ = try? await URLSession.shared.data(for: request)
                }
            }
            return await sendSignal(process, SIGKILL, when: { workspace.targetEntityCount() >= migrated + 2 })
        }
        await process.exited()
        #expect(killed, "the burst was synced before the kill")
        #expect(TargetedSyncTests.targetItems(workspace, "incidents").count < 1 + burst)

        // The restarted serve's first cycle (the reconcile) completes the burst.
        let serve = try await RunningServe(
            workspace, arguments: ["--reconcile", "1h"], environment: ["HOOK_TOKEN": TargetedSyncTests.token])
        try await waitUntil("the restarted serve's first cycle succeeds") {
            try await serve.request("GET", "/readyz").status == 200
        }
        #expect(try await serve.stop() == .success)
        let titles = TargetedSyncTests.targetItems(workspace, "incidents").compactMap { $0["title"] as? String }
        #expect(titles.count == 1 + burst, "\(titles.sorted())")
        #expect(Set(titles).count == titles.count, "duplicates: \(titles.sorted())")
        let again = await workspace.run(["plan", "migrate", "--detailed-exitcode"])
        #expect(again.status == .success, "\(again.standardOutput)")
    }
}
