// The emulator benchmark and the example seeds (dispatched from main.swift).
//
// server: starts each emulator with its example seed and the rate limiter disabled, then drives
//         keep-alive GETs from 4 raw-socket client threads for 5 s per run (three runs: one small
//         Freshstatus object, one StatusHub incident with its updates, one 100-row StatusHub list
//         page) and prints GETs per second and the process RSS before and after the seed was loaded.
// seeds:  regenerates examples/freshstatus-seed.json and examples/statushub-seed.json.
import Foundation
import StatusSyncEmulator
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

func residentSetKilobytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
    return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? -1
}

/// One raw keep-alive connection that sends a GET and reads the whole response, Content-Length framed.
final class BenchConnection {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65_536)

    init?(port: UInt16) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        var yes: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    /// Sends `request` and returns the status code, or nil on a broken connection.
    func roundTrip(_ request: [UInt8]) -> Int? {
        let sent = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { return nil }
        while true {
            if let (status, length) = parseHead() {
                buffer.removeFirst(length)
                return status
            }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// The status and total length of the first complete response in the buffer.
    private func parseHead() -> (Int, Int)? {
        guard buffer.count >= 16 else { return nil }
        var end = -1
        for index in 0..<(buffer.count - 3)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            end = index + 4
            break
        }
        guard end > 0 else { return nil }
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        let status = Int(head.dropFirst(9).prefix(3)) ?? 0
        let length =
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
        guard buffer.count >= end + length else { return nil }
        return (status, end + length)
    }
}

func runServerBenchmark(provider: EmulatedProvider, seedPath: String, path: String, seconds: Double, clients: Int) {
    let before = residentSetKilobytes()
    var options = EmulatorOptions(provider: provider)
    options.rateLimits = .unlimited
    options.seed = FileManager.default.contents(atPath: seedPath)
    let emulator: Emulator
    do {
        emulator = try Emulator(options: options)
        try emulator.start()
    } catch {
        print("error: \(error)")
        return
    }
    let after = residentSetKilobytes()
    var head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(emulator.port)\r\n"
    switch provider {
    case .freshstatus:
        let credentials = Data("\(options.apiKey):\(options.subdomain)".utf8).base64EncodedString()
        head += "Authorization: Basic \(credentials)\r\n"
    case .statushub:
        head += "X-API-KEY: \(options.apiKey)\r\n"
    }
    let request = Array((head + "\r\n").utf8)
    let totals = Mutex((ok: 0, other: 0))
    let deadline = Date().addingTimeInterval(seconds)
    let group = DispatchGroup()
    let started = Date()
    for _ in 0..<clients {
        group.enter()
        Thread {
            var ok = 0
            var other = 0
            if let connection = BenchConnection(port: emulator.port) {
                while Date() < deadline {
                    guard let status = connection.roundTrip(request) else { break }
                    if status == 200 { ok += 1 } else { other += 1 }
                }
            }
            totals.withLock {
                $0.ok += ok
                $0.other += other
            }
            group.leave()
        }.start()
    }
    group.wait()
    let elapsed = Date().timeIntervalSince(started)
    let connections = emulator.acceptedConnectionCount
    emulator.stop()
    let (ok, other) = totals.withLock { ($0.ok, $0.other) }
    print(
        "\(provider.rawValue): GET \(path), \(clients) keep-alive connections (\(connections) accepted), "
            + String(format: "%.1f s: %d OK, %d other, %.0f GETs/s", elapsed, ok, other, Double(ok) / elapsed))
    print("  RSS before seed load: \(before / 1024) MiB, after: \(after / 1024) MiB (\(seedPath))")
}

func writeSeeds() {
    let files: [(String, Data)] = [
        ("examples/freshstatus-seed.json", SeedGenerator.exampleFreshstatus),
        ("examples/statushub-seed.json", SeedGenerator.exampleStatusHub),
    ]
    for (path, data) in files {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            print("wrote \(path) (\(data.count) bytes)")
        } catch {
            print("error: cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// The `server` benchmark: the three runs recorded in docs/BENCHMARKS.md.
func runServerBenchmarks() {
    runServerBenchmark(
        provider: .freshstatus, seedPath: "examples/freshstatus-seed.json", path: "/api/v1/services/1/", seconds: 5,
        clients: 4)
    runServerBenchmark(
        provider: .statushub, seedPath: "examples/statushub-seed.json", path: "/api/v3/hubs/acme-status/incidents/1",
        seconds: 5, clients: 4)
    runServerBenchmark(
        provider: .statushub, seedPath: "examples/statushub-seed.json",
        path: "/api/v3/hubs/acme-status/incidents?page=2&per_page=100", seconds: 5, clients: 4)
}
