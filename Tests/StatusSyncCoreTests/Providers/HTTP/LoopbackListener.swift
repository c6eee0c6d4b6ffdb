import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP socket listening on 127.0.0.1 at a port the kernel picks; it never accepts.
final class LoopbackListener {
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

    /// Returns a loopback port that nothing listens on: one the kernel just handed out and was closed again.
    static func closedPort() -> Int? {
        LoopbackListener().map { listener in
            let port = listener.port
            listener.close()
            return port
        }
    }

    /// Accepts one connection on a background thread, reads the request head, answers with `response` and closes.
    func answerOnce(with response: String) {
        answerOnce(head: response, chunks: 0, of: 0, every: 0)
    }

    /// Answers one request with `head`, then `chunks` chunks of `size` bytes, `interval` seconds
    /// apart, then closes; stops early when the client goes away.
    func answerOnce(head response: String, chunks: Int, of size: Int, every interval: TimeInterval) {
        let fd = descriptor
        let thread = Thread {
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 8192)
            var received: [UInt8] = []
            while !received.ends(with: Array("\r\n\r\n".utf8)) {
                let count = recv(connection, &buffer, buffer.count, 0)
                if count <= 0 { break }
                received += buffer[0..<count]
            }
            let bytes = Array(response.utf8)
            _ = send(connection, bytes, bytes.count, Int32(MSG_NOSIGNAL))
            let chunk = [UInt8](repeating: 0x20, count: size)
            for _ in 0..<chunks {
                if interval > 0 { Thread.sleep(forTimeInterval: interval) }
                guard send(connection, chunk, chunk.count, Int32(MSG_NOSIGNAL)) == chunk.count else { break }
            }
            Self.closeSocket(connection)
        }
        thread.start()
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

extension [UInt8] {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
