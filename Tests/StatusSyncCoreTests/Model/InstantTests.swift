import Foundation
import StatusSyncCore
import Testing

@Suite struct InstantTests {
    @Test(arguments: [
        ("2021-01-30T05:40:00Z", "2021-01-30T05:40:00Z"),
        ("2020-10-09T06:45:53.727004Z", "2020-10-09T06:45:53Z"),
        ("2021-01-30T07:40:00+02:00", "2021-01-30T05:40:00Z"),
        ("2021-01-30T00:10:00-0130", "2021-01-30T01:40:00Z"),
        ("2021-01-01T00:30:00.999+01:00", "2020-12-31T23:30:00Z"),
        ("2024-02-29T23:59:59z", "2024-02-29T23:59:59Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2021-01-30 05:40:00Z", "2021-01-30T05:40:00Z"),
    ])
    func parsesEveryAcceptedFormToTheSecondInUTC(input: String, expected: String) throws {
        let instant = try #require(Instant(iso8601: input))
        #expect(instant.iso8601 == expected)
    }

    @Test(arguments: [
        "", "2021-01-30", "2021-01-30T05:40:00", "2021-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "2021-01-30T24:00:00Z", "2021-01-30T05:40:00.Z", "2021-01-30T05:40:00+2", "2021-01-30T05:40:00Zjunk",
    ])
    func rejectsWhatIsNotAnISO8601Time(input: String) {
        #expect(Instant(iso8601: input) == nil)
    }

    @Test func roundTripsThroughJSON() throws {
        let instant = try #require(Instant(iso8601: "2021-01-30T05:40:00.5+00:00"))
        let data = try JSONEncoder().encode([instant])
        #expect(String(decoding: data, as: UTF8.self) == #"["2021-01-30T05:40:00Z"]"#)
        #expect(try JSONDecoder().decode([Instant].self, from: data) == [instant])
    }

    @Test func ordersAndComparesBySecond() throws {
        let a = try #require(Instant(iso8601: "2021-01-30T05:40:00.1Z"))
        let b = try #require(Instant(iso8601: "2021-01-30T05:40:00.9Z"))
        #expect(a == b)
        #expect(a < a.adding(seconds: 1))
        #expect(Instant(Date(timeIntervalSince1970: 1.7)).secondsSince1970 == 1)
    }

    /// Times are written in place as twenty bytes; they read as Foundation's ISO 8601 formatter writes them.
    @Test func formattingAgreesWithFoundationAcrossCenturiesAndLeapDays() {
        let formatter = ISO8601DateFormatter()
        // From 1600 to 2400 in steps of a little over 37 days, so every month, hour, minute and second comes up.
        for seconds in stride(from: Int64(-11_676_096_000), to: 13_569_465_600, by: 3_214_567) {
            #expect(
                UTCInstant.format(seconds: seconds)
                    == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
        #expect(UTCInstant.format(seconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(UTCInstant.format(seconds: 253_402_300_799) == "9999-12-31T23:59:59Z")
        #expect(UTCInstant.format(seconds: 253_402_300_800) == "10000-01-01T00:00:00Z")
    }
}
