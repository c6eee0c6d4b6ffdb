import Foundation
import StatusSyncCore
import Testing

@Suite struct LenientDecodingTests {
    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    @Test(arguments: [
        ("true", true), ("false", false), (#""true""#, true), (#""false""#, false), (#""True""#, true),
        (#""FALSE""#, false), (#""1""#, true), (#""0""#, false), ("1", true), ("0", false),
    ])
    func readsBooleansInEveryProviderForm(json: String, expected: Bool) throws {
        #expect(try decode([LenientBool].self, "[\(json)]") == [LenientBool(expected)])
    }

    @Test(arguments: [#""yes""#, "2", "null", "{}", #""""#])
    func rejectsWhatIsNotABoolean(json: String) {
        #expect(throws: DecodingError.self) { try decode([LenientBool].self, "[\(json)]") }
    }

    @Test func writesBooleansAsJSONBooleans() throws {
        let data = try JSONEncoder().encode([LenientBool(true), LenientBool(false)])
        #expect(String(decoding: data, as: UTF8.self) == "[true,false]")
    }

    @Test(arguments: [("1", "1"), (#""1""#, "1"), ("42", "42"), (#""abc-9""#, "abc-9")])
    func readsIdsAsIntegersOrStrings(json: String, expected: String) throws {
        #expect(try decode([LenientID].self, "[\(json)]") == [LenientID(expected)])
    }

    @Test func integerAndStringFormsOfAnIdAreEqual() throws {
        #expect(try decode(LenientID.self, "7") == decode(LenientID.self, #""7""#))
    }

    @Test(arguments: [#""""#, "1.5", "true", "null", "[]"])
    func rejectsWhatIsNotAnId(json: String) {
        #expect(throws: DecodingError.self) { try decode([LenientID].self, "[\(json)]") }
    }

    @Test func writesNumericIdsAsIntegers() throws {
        let data = try JSONEncoder().encode([LenientID("12"), LenientID("x1")])
        #expect(String(decoding: data, as: UTF8.self) == #"[12,"x1"]"#)
    }

    @Test func readsTimesWithZOffsetsAndFractionsThroughTheSharedDecoder() throws {
        struct Event: Decodable { var at: Date }
        let decoder = JSONCoding.makeDecoder()
        let times = ["2020-10-09T06:45:53.727004Z", "2020-10-09T08:45:53+02:00", "2020-10-09T06:45:53Z"]
        let decoded = try times.map { try decoder.decode(Event.self, from: Data(#"{"at":"\#($0)"}"#.utf8)).at }
        #expect(Set(decoded).count == 1)
        #expect(UTCInstant.format(decoded[0]) == "2020-10-09T06:45:53Z")
        #expect(throws: DecodingError.self) { try decoder.decode(Event.self, from: Data(#"{"at":"yesterday"}"#.utf8)) }
    }

    @Test func writesFilesWithSortedKeysAndSecondPreciseUTC() throws {
        struct Record: Encodable {
            var b = 1
            var a = Date(timeIntervalSince1970: 1.9)
        }
        let text = String(decoding: try JSONCoding.makeEncoder().encode(Record()), as: UTF8.self)
        #expect(text == "{\n  \"a\" : \"1970-01-01T00:00:01Z\",\n  \"b\" : 1\n}")
    }
}
