import Foundation
import StatusSyncCore
import Testing

@Suite struct URLRedactionTests {
    @Test(arguments: [
        ("https://h.invalid/api/v1/services/?page=2", "/api/v1/services/?page=2"),
        ("https://h.invalid/a?api_key=abc&page=1", "/a?api_key=<redacted>&page=1"),
        (
            "https://h.invalid/a?token=abc&Password=x&APIKEY=y",
            "/a?token=<redacted>&Password=<redacted>&APIKEY=<redacted>"
        ),
        ("https://h.invalid/a?access%5Ftoken=abc", "/a?access%5Ftoken=<redacted>"),
        ("https://h.invalid/a?api_version=V3-R1&per_page=100", "/a?api_version=V3-R1&per_page=100"),
        ("https://h.invalid", "/"),
        ("https://u:p@h.invalid/x", "/x"),
    ])
    func pathAndQueryKeepsOrdinaryParametersAndHidesSecrets(url: String, expected: String) throws {
        #expect(URLRedaction.redactedPathAndQuery(try #require(URL(string: url))) == expected)
    }

    @Test func fullURLDropsUserInformationAndKeepsThePort() throws {
        let url = try #require(URL(string: "http://apikey:acme@127.0.0.1:8081/api/v1/incidents/?secret=1"))
        #expect(URLRedaction.redactedURL(url) == "http://127.0.0.1:8081/api/v1/incidents/?secret=<redacted>")
    }
}
