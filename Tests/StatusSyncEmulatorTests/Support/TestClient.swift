import Foundation
import StatusSyncEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange as the tests see it.
struct TestResponse {
    var status: Int
    var headers: [String: String]
    var body: Data

    /// The body parsed as JSON (fails the test when it is not JSON).
    func json() throws -> JSONValue {
        try JSONValue.parse(data: body)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A URLSession client bound to one emulator, with short timeouts.
struct TestClient {
    let session: URLSession
    let root: String
    var defaultHeaders: [String: String]

    init(port: UInt16, headers: [String: String] = [:], timeout: TimeInterval = 5) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration)
        root = "http://127.0.0.1:\(port)"
        defaultHeaders = headers
    }

    /// Sends a request to `path` (absolute path with query) and returns whatever status came back.
    func send(
        _ method: String, _ path: String, json: JSONValue? = nil, raw: Data? = nil, headers: [String: String] = [:]
    ) async throws -> TestResponse {
        let url = try #require(URL(string: path.hasPrefix("http") ? path : root + path))
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in defaultHeaders.merging(headers, uniquingKeysWith: { $1 }) {
            request.setValue(value, forHTTPHeaderField: name)
        }
        if let json {
            request.httpBody = json.data
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let raw {
            request.httpBody = raw
        }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for case (let name as String, let value as String) in http.allHeaderFields { fields[name] = value }
        return TestResponse(status: http.statusCode, headers: fields, body: data)
    }

    func get(_ path: String) async throws -> TestResponse { try await send("GET", path) }
}

/// Starts emulators on port 0 for tests.
enum TestEmulators {
    /// 2026-11-15T12:00:00Z, after all seeded incident history.
    static let start = Date(timeIntervalSince1970: 1_794_744_000)

    static func start(
        _ provider: EmulatedProvider, clock: ManualEmulatorClock? = nil,
        configure: (inout EmulatorOptions) -> Void = { _ in }
    ) throws -> Emulator {
        var options = EmulatorOptions(provider: provider)
        options.clock = (clock ?? ManualEmulatorClock(start: start)).clock
        options.rateLimits = .unlimited
        configure(&options)
        let emulator = try Emulator(options: options)
        try emulator.start()
        return emulator
    }

    static func freshstatusClient(_ emulator: Emulator, timeout: TimeInterval = 5) -> TestClient {
        let credentials = Data("\(emulator.options.apiKey):\(emulator.options.subdomain)".utf8).base64EncodedString()
        return TestClient(port: emulator.port, headers: ["Authorization": "Basic \(credentials)"], timeout: timeout)
    }

    static func statusHubClient(_ emulator: Emulator, timeout: TimeInterval = 5) -> TestClient {
        TestClient(port: emulator.port, headers: ["X-API-KEY": emulator.options.apiKey], timeout: timeout)
    }
}

/// Connecting to the emulator failed.
struct ConnectionRefused: Error {}

/// A bare TCP client for what URLSession cannot send (garbage, pipelining, chunked bodies).
final class RawConnection {
    private let descriptor: Int32

    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw ConnectionRefused()
        }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `count` complete responses arrived (by Content-Length), the peer closed, or 2 s passed.
    func readResponses(_ count: Int) -> [String] {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while Self.split(buffer).count < count {
            let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard received > 0 else { break }
            buffer.append(contentsOf: chunk[0..<received])
        }
        return Self.split(buffer)
    }

    /// Whether the server closed the connection (a read returns end of stream).
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) == 0
    }

    private static func split(_ buffer: [UInt8]) -> [String] {
        var responses: [String] = []
        var text = Substring(String(decoding: buffer, as: UTF8.self))
        while let headEnd = text.range(of: "\r\n\r\n") {
            let head = text[..<headEnd.lowerBound]
            let length =
                head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            let bodyStart = headEnd.upperBound
            guard text.utf8.count - text[..<bodyStart].utf8.count >= length else { break }
            let bodyEnd = text.utf8.index(bodyStart, offsetBy: length)
            responses.append(String(text[..<bodyEnd]))
            text = text[bodyEnd...]
        }
        return responses
    }
}
