import Foundation
import StatusSyncCore
import Testing

@Suite struct HTTPMessageTests {
    @Test func responseHeaderNamesAreLowerCasedAndLookedUpInAnyCase() {
        let response = HTTPResponse(statusCode: 429, headers: ["Retry-After": "3", "Content-Type": "application/json"])

        #expect(response.headers == ["retry-after": "3", "content-type": "application/json"])
        #expect(response.header("RETRY-AFTER") == "3")
        #expect(response.header("retry-after") == "3")
        #expect(response.header("Link") == nil)
    }

    @Test(arguments: [
        (200, true, false, false), (204, true, false, false), (404, false, false, false),
        (429, false, true, false), (500, false, false, true), (503, false, false, true),
    ])
    func responseStatusClasses(status: Int, isSuccess: Bool, isThrottled: Bool, isServerError: Bool) {
        let response = HTTPResponse(statusCode: status)
        #expect(response.isSuccess == isSuccess)
        #expect(response.isThrottled == isThrottled)
        #expect(response.isServerError == isServerError)
    }

    @Test func onlyGetIsARead() {
        #expect(HTTPMethod.allCases.filter(\.isRead) == [.get])
        #expect(HTTPMethod.allCases.filter(\.isIdempotent) == [.get, .put, .delete])
    }

    @Test func settingAHeaderReplacesOtherSpellingsOfTheName() throws {
        var request = HTTPRequest(
            method: .get, url: try #require(URL(string: "https://example.invalid/")), headers: ["x-api-key": "old"])
        request.setHeader("X-API-KEY", to: "new")

        #expect(request.headers == ["X-API-KEY": "new"])
        #expect(request.header("x-api-key") == "new")
    }

    @Test func requestDescriptionAndDumpShowHeaderNamesButNeverValues() throws {
        let url = try #require(
            URL(string: "https://user:pw@example.invalid/api/v3/hubs/h/services?api_key=s3cr3t&page=2"))
        let request = HTTPRequest(
            method: .post, url: url, headers: ["X-API-KEY": "s3cr3t", "Content-Type": "application/json"],
            body: Data("{}".utf8))
        var dumped = ""
        dump(request, to: &dumped)

        for text in [String(describing: request), String(reflecting: request), dumped] {
            #expect(!text.contains("s3cr3t"))
            #expect(!text.contains("pw"))
            #expect(text.contains("X-API-KEY"))
            #expect(text.contains("POST https://example.invalid/api/v3/hubs/h/services?api_key=<redacted>&page=2"))
        }
    }
}
