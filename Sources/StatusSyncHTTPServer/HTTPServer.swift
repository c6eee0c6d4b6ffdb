import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small blocking HTTP/1.1 server over POSIX sockets: one accept thread and one thread per connection.
///
/// It speaks keep-alive and `Content-Length` bodies. A request with `Transfer-Encoding` (chunked bodies)
/// gets `411 Length Required` and the connection is closed. A malformed request gets `400` and the
/// connection is closed; the server keeps running. ``stop()`` shuts the listener and every open
/// connection down and waits for their threads to end.
package final class HTTPServer: Sendable {
    /// Handles one request; called on the connection's thread.
    package typealias Handler = @Sendable (HTTPRequest) -> HTTPServerReply

    private struct State {
        var listener: Int32 = -1
        var port: UInt16 = 0
        var connections: Set<Int32> = []
        var isStarted = false
        var isStopping = false
        var acceptedCount = 0
        var cutShortCount = 0
    }

    /// The largest header section accepted, in bytes.
    static let maximumHeaderBytes = 64 * 1024
    /// The largest body accepted, in bytes.
    static let maximumBodyBytes = 64 * 1024 * 1024

    private let host: String
    private let requestedPort: UInt16
    private let handler: Handler
    private let state = Mutex(State())
    private let threads = DispatchGroup()

    /// Prepares a server; nothing is bound until ``start()``.
    ///
    /// - Parameters:
    ///   - host: An IPv4 address, e.g. `127.0.0.1`, or an IPv6 one, e.g. `::1`.
    ///   - port: The port, or 0 to let the kernel choose.
    ///   - handler: Answers each request.
    package init(host: String, port: UInt16, handler: @escaping Handler) {
        self.host = host
        self.requestedPort = port
        self.handler = handler
    }

    /// The bound port (0 before ``start()``).
    package var port: UInt16 { state.withLock { $0.port } }

    /// The number of connections open right now.
    package var openConnectionCount: Int { state.withLock { $0.connections.count } }

    /// The number of connections accepted since start.
    package var acceptedConnectionCount: Int { state.withLock { $0.acceptedCount } }

    /// Requests whose connection ended after their head and before their whole body arrived.
    package var cutShortRequestCount: Int { state.withLock { $0.cutShortCount } }

    /// Binds, listens and starts accepting connections.
    ///
    /// - Returns: The bound port.
    /// - Throws: ``HTTPServerError`` when the address is invalid or the port is taken.
    @discardableResult
    package func start() throws(HTTPServerError) -> UInt16 {
        let alreadyStarted = state.withLock { state in
            defer { state.isStarted = true }
            return state.isStarted
        }
        guard !alreadyStarted else { throw .alreadyStarted }
        let family = host.contains(":") ? AF_INET6 : AF_INET
        guard let address = Self.socketAddress(host: host, port: requestedPort, family: family) else {
            throw .invalidHost(host)
        }
        let listener = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw .socketFailed(operation: "socket", code: errno) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withUnsafeBytes {
            bind(listener, $0.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
        }
        if bound != 0 {
            let code = errno
            close(listener)
            if code == EADDRINUSE { throw .portInUse(host: host, port: requestedPort) }
            throw .socketFailed(operation: "bind", code: code)
        }
        guard listen(listener, 512) == 0 else {
            let code = errno
            close(listener)
            throw .socketFailed(operation: "listen", code: code)
        }
        var actual = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        // `sin_port` and `sin6_port` sit at the same offset, after the family.
        let port = UInt16(bigEndian: actual.sin6_port)
        state.withLock {
            $0.listener = listener
            $0.port = port
        }
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop(listener: listener)
            threads.leave()
        }
        thread.name = "http-accept"
        thread.start()
        return port
    }

    /// The bytes of a `sockaddr_in` (IPv4) or `sockaddr_in6` (IPv6) for `host` and `port`, or `nil` when
    /// `host` is not an address of `family`.
    private static func socketAddress(host: String, port: UInt16, family: Int32) -> [UInt8]? {
        if family == AF_INET6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    /// Closes the listener and every open connection, then waits (up to 10 s) for all threads to end.
    ///
    /// Safe to call more than once and before ``start()``.
    package func stop() {
        let (listener, connections) = state.withLock { state -> (Int32, Set<Int32>) in
            state.isStopping = true
            state.isStarted = true
            return (state.listener, state.connections)
        }
        if listener >= 0 { shutdown(listener, Int32(SHUT_RDWR)) }
        for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
        _ = threads.wait(timeout: .now() + 10)
    }

    // MARK: - Accepting

    private func acceptLoop(listener: Int32) {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                let code = errno
                if state.withLock({ $0.isStopping }) { break }
                if code == EINTR || code == ECONNABORTED { continue }
                if code == EMFILE || code == ENFILE {
                    usleep(10_000)
                    continue
                }
                break
            }
            let accepted = state.withLock { state -> Bool in
                guard !state.isStopping else { return false }
                state.connections.insert(connection)
                state.acceptedCount += 1
                return true
            }
            guard accepted else {
                close(connection)
                break
            }
            var yes: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            threads.enter()
            let thread = Thread { [self] in
                serve(connection: connection)
                state.withLock { state in
                    state.connections.remove(connection)
                    close(connection)
                }
                threads.leave()
            }
            thread.name = "http-connection"
            thread.start()
        }
        state.withLock { state in
            close(listener)
            state.listener = -1
        }
    }

    // MARK: - Serving one connection

    private func serve(connection: Int32) {
        var reader = HTTPRequestReader()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            switch reader.nextRequest() {
            case .request(let request, let keepAlive):
                switch handler(request) {
                case .respond(let response):
                    guard send(response, keepAlive: keepAlive, on: connection), keepAlive else { return }
                case .dropConnection:
                    shutdown(connection, Int32(SHUT_RDWR))
                    return
                }
                continue
            case .failure(let status, let message):
                let body = "{\"error\":\(HTTPResponse.jsonString(message))}"
                let response = HTTPResponse(
                    status: status, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
                _ = send(response, keepAlive: false, on: connection)
                return
            case .needMoreData(let sendContinue):
                if sendContinue {
                    guard writeAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), to: connection) else { return }
                }
            }
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                reader.append(chunk[0..<count])
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                if reader.isWaitingForBody { state.withLock { $0.cutShortCount += 1 } }
                return
            }
        }
    }

    private func send(_ response: HTTPResponse, keepAlive: Bool, on connection: Int32) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reason(for: response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: response.body)
        return writeAll(bytes, to: connection)
    }

    private func writeAll(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        return bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = Glibc.send(
                    connection, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
