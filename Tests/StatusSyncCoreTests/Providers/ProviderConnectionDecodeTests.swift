import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

@Suite struct ProviderConnectionDecodeTests {
    private let connection = ProviderConnection(
        transport: StubTransport { _ in throw URLError(.notConnectedToInternet) }, provider: .freshstatus,
        account: "old", apiKeyEnv: "FS_KEY")
    private let url = URL(filePath: "/api/v1/incidents/")

    /// Bodies the reader reads, and bodies it leaves to `JSONDecoder` (a repeated key, a trailing comma, both of
    /// which Foundation accepts): the value is `JSONDecoder`'s either way.
    @Test(arguments: [
        #"{"count": 2, "next": null, "results": [{"id": 7, "title": "Caf\u00e9 \ud83d\ude00", "n": -2.5e-3}]}"#,
        #"{"a": 1, "a": 2}"#,
        #"{"trailing": [1, 2],}"#,
        #"  {"deep": [[[[{"x": [true, false, null]}]]]]}  "#,
    ])
    func decodesAsJSONDecoderDoes(body: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))
        #expect(try connection.decode(Data(body.utf8), method: .get, url: url) == expected)
    }

    /// A body `JSONDecoder` refuses (not JSON, or a number beyond `Double`) is refused, and the read fails as
    /// undecodable.
    @Test(arguments: ["{\"a\": 1", "[01]", "{\"a\" 1}", "", "<html>busy</html>", "[1e400]"])
    func refusesWhatJSONDecoderRefuses(body: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) }
        #expect(throws: ProviderError.self) { try connection.decode(Data(body.utf8), method: .get, url: url) }
    }
}
