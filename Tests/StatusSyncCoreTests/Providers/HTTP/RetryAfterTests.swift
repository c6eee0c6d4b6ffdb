import Foundation
import StatusSyncCore
import Testing

@Suite struct RetryAfterTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)  // Fri, 15 Jan 2027 08:00:00 GMT

    @Test(arguments: [
        ("3", Duration.seconds(3)), (" 120 ", .seconds(120)), ("0", .zero), ("1.5", .milliseconds(1500)),
        ("Fri, 15 Jan 2027 08:00:10 GMT", .seconds(10)),
        ("Friday, 15-Jan-27 08:01:00 GMT", .seconds(60)),
        ("Fri Jan 15 08:00:05 2027", .seconds(5)),
        ("Fri, 15 Jan 2027 07:00:00 GMT", .zero),
    ])
    func parsesSecondsAndHTTPDates(value: String, expected: Duration) {
        #expect(RetryAfter.parse(value, now: now) == expected)
    }

    @Test(arguments: ["", "soon", "-5", "inf", "nan"])
    func rejectsWhatIsNeitherForm(value: String) {
        #expect(RetryAfter.parse(value, now: now) == nil)
    }

    @Test func readsTheHeaderInAnyCase() {
        let response = HTTPResponse(statusCode: 429, headers: ["RETRY-AFTER": "4"])
        #expect(RetryAfter.delay(in: response, now: now) == .seconds(4))
        #expect(RetryAfter.delay(in: HTTPResponse(statusCode: 429), now: now) == nil)
    }
}
