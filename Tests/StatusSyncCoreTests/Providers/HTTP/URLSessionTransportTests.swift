import Foundation
import StatusSyncCore
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Talks to loopback sockets only: a closed port, and a port that accepts connections but never answers.
@Suite struct URLSessionTransportTests {
    @Test(arguments: [HTTPMethod.get, .post])
    func aClosedPortIsAConnectionFailureNotAnUnknownOutcome(method: HTTPMethod) async throws {
        let port = try #require(
            LoopbackListener().map { listener in
                let port = listener.port
                listener.close()
                return port
            })
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/incidents/"))
        let transport = URLSessionTransport(timeout: .seconds(5))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(
                HTTPRequest(method: method, url: url, body: method == .post ? Data("{}".utf8) : nil))
        }
        guard case .connectionFailed(method, "http://127.0.0.1:\(port)/api/v1/incidents/", _) = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(error?.isOutcomeUnknown == false)
    }

    @Test func aPostWhoseResponseNeverComesHasAnUnknownOutcomeAfterTheTimeout() async throws {
        let listener = try #require(LoopbackListener())
        defer { listener.close() }
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)/api/v1/incidents/"))
        let transport = URLSessionTransport(timeout: .milliseconds(300))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: .post, url: url, body: Data("{}".utf8)))
        }
        #expect(error == .outcomeUnknown(method: .post, url: url.absoluteString, cause: .timedOut))
    }
}

/// A TCP socket listening on 127.0.0.1 at a port the kernel picks; it never accepts.
private final class LoopbackListener {
    let port: Int
    private var descriptor: Int32

    init?() {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && listen(fd, 8) == 0
                    && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else {
            Self.closeSocket(fd)
            return nil
        }
        self.descriptor = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        guard descriptor >= 0 else { return }
        Self.closeSocket(descriptor)
        descriptor = -1
    }

    private static func closeSocket(_ fd: Int32) {
        #if canImport(Glibc)
            _ = Glibc.close(fd)
        #else
            _ = Darwin.close(fd)
        #endif
    }

    deinit { close() }
}
