import Foundation
import StatusSyncEmulator
import StatusSyncHTTPServer
import Synchronization
import Testing

@Suite struct HTTPServerTests {
    private func startEcho() throws -> HTTPServer {
        let server = HTTPServer(host: "127.0.0.1", port: 0) { request in
            let body = JSONValue.object([
                "method": .string(request.method), "target": .string(request.target),
                "body": .string(String(decoding: request.body, as: UTF8.self)),
            ])
            return .respond(.json(200, body))
        }
        try server.start()
        return server
    }

    @Test func portZeroLetsTheKernelChooseAndReportsIt() throws {
        let server = try startEcho()
        defer { server.stop() }
        #expect(server.port > 0)
    }

    @Test func aTakenPortIsAClearError() throws {
        let server = try startEcho()
        defer { server.stop() }
        let second = HTTPServer(host: "127.0.0.1", port: server.port) { _ in .respond(.empty(204)) }
        #expect(throws: HTTPServerError.portInUse(host: "127.0.0.1", port: server.port)) { try second.start() }
        #expect(
            HTTPServerError.portInUse(host: "127.0.0.1", port: 8081).description
                == "port 8081 on 127.0.0.1 is already in use")
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnectionIncludingPipelined() throws {
        let server = try startEcho()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.write("GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connection.readResponses(1).first?.contains("\"target\":\"/one\"") == true)
        connection.write(
            "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /three HTTP/1.1\r\nHost: x\r\n\r\n")
        let responses = connection.readResponses(2)
        #expect(responses.count == 2)
        #expect(responses.first?.contains("\"body\":\"hello\"") == true)
        #expect(responses.last?.contains("\"target\":\"/three\"") == true)
        #expect(server.acceptedConnectionCount == 1)
    }

    @Test(arguments: [
        "garbage\r\n\r\n", "GET no-slash HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nbad header line\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", "GET / SPDY/9\r\n\r\n",
    ])
    func malformedRequestsGet400AndTheServerStaysUp(raw: String) throws {
        let server = try startEcho()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.write(raw)
        let response = try #require(connection.readResponses(1).first)
        #expect(response.hasPrefix("HTTP/1.1 400 "))
        #expect(response.contains("Connection: close"))
        let next = try RawConnection(port: server.port)
        next.write("GET /alive HTTP/1.1\r\n\r\n")
        #expect(next.readResponses(1).first?.hasPrefix("HTTP/1.1 200 ") == true)
    }

    @Test func chunkedRequestBodiesAreRefusedWith411() throws {
        let server = try startEcho()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.write("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        #expect(connection.readResponses(1).first?.hasPrefix("HTTP/1.1 411 ") == true)
        #expect(connection.isClosedByPeer())
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try startEcho()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.write("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
        #expect(connection.readResponses(1).first?.contains("Connection: close") == true)
        #expect(connection.isClosedByPeer())
    }

    @Test func servesConcurrentConnections() async throws {
        let server = try startEcho()
        defer { server.stop() }
        let client = TestClient(port: server.port)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<24 {
                group.addTask { try await client.get("/c/\(index)").status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.count == 24)
        #expect(statuses.allSatisfy { $0 == 200 })
    }

    @Test func stopClosesOpenConnectionsAndTheListener() throws {
        let server = try startEcho()
        let port = server.port
        let idle = try RawConnection(port: port)
        idle.write("GET / HTTP/1.1\r\n\r\n")
        #expect(idle.readResponses(1).count == 1)
        #expect(server.openConnectionCount == 1)
        server.stop()
        #expect(server.openConnectionCount == 0)
        #expect(idle.isClosedByPeer())
        #expect(throws: (any Error).self) { try RawConnection(port: port) }
    }

    @Test func expectContinueIsAnswered() throws {
        let server = try startEcho()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.write("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        let interim = connection.readResponses(1)
        #expect(interim.first?.hasPrefix("HTTP/1.1 100 Continue") == true)
        connection.write("hi")
        #expect(connection.readResponses(1).first?.contains("\"body\":\"hi\"") == true)
    }
}
