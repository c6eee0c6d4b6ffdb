import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

@Suite struct AuthenticatingTransportTests {
    private let apiKey = "fs-key-8d1c0e"

    private func request() throws -> HTTPRequest {
        HTTPRequest(method: .get, url: try #require(URL(string: "https://public-api.freshstatus.io/api/v1/services/")))
    }

    @Test func basicSendsKeyAsUserAndSubdomainAsPassword() async throws {
        let stub = StubTransport(responses: [HTTPResponse(statusCode: 200)])
        let transport = AuthenticatingTransport(
            wrapping: stub, credential: .basic(username: apiKey, password: "acme"))

        _ = try await transport.send(try request())

        let sent = try #require(stub.requests.first)
        let expected = "Basic " + Data("\(apiKey):acme".utf8).base64EncodedString()
        #expect(sent.header("Authorization") == expected)
    }

    @Test func headerCredentialSendsTheKeyInItsHeaderAndReplacesAnyOtherSpelling() async throws {
        let stub = StubTransport(responses: [HTTPResponse(statusCode: 200)])
        let transport = AuthenticatingTransport(wrapping: stub, credential: .header(name: "X-API-KEY", value: apiKey))
        var original = try request()
        original.headers = ["x-api-key": "stale", "Accept": "application/json"]

        _ = try await transport.send(original)

        let sent = try #require(stub.requests.first)
        #expect(sent.headers == ["X-API-KEY": apiKey, "Accept": "application/json"])
    }
}

@Suite struct CredentialTests {
    private static let key = "sh-key-41f9a2"
    private static let subdomain = "acme-private"

    private static let credentials: [Credential] = [
        .basic(username: key, password: subdomain),
        .header(name: "X-API-KEY", value: key),
    ]

    @Test(arguments: credentials)
    func noPrintedFormRevealsTheSecret(credential: Credential) {
        var dumped = ""
        dump(credential, to: &dumped)
        let basic = Data("\(Self.key):\(Self.subdomain)".utf8).base64EncodedString()
        let texts = [
            String(describing: credential), String(reflecting: credential), "\(credential)", dumped,
            String(describing: [credential]), String(describing: Optional(credential)),
        ]

        for text in texts {
            #expect(!text.contains(Self.key))
            #expect(!text.contains(basic))
            #expect(text.contains("<redacted>"))
        }
    }

    @Test func anAuthenticatedRequestDoesNotPrintItsCredential() throws {
        let credential = Credential.basic(username: Self.key, password: Self.subdomain)
        let url = try #require(URL(string: "https://public-api.freshstatus.io/api/v1/incidents/"))
        let request = credential.authenticate(HTTPRequest(method: .post, url: url))
        var dumped = ""
        dump(request, to: &dumped)

        #expect(request.header("authorization") == credential.headerValue)
        for text in [String(describing: request), dumped] {
            #expect(!text.contains(Self.key))
            #expect(!text.contains(credential.headerValue))
        }
    }
}
