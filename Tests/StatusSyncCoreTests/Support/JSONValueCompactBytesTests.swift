import Foundation
import Testing

@testable import StatusSyncCore

struct JSONValueCompactBytesTests {
    /// A value with every kind of JSON, the characters a string must escape, and numbers of every form.
    static let rich: JSONValue = .object([
        "null": .null, "yes": .bool(true), "no": .bool(false),
        "numbers": .array([
            .number(0), .number(-1), .number(1.5), .number(-0.25), .number(1e-7), .number(6.02e23),
            .number(8_999_999_999_999_999), .number(12_345_678_901),
        ]),
        "strings": .array([
            .string(""), .string("quote \" and backslash \\"), .string("line\nbreak\ttab\r\u{01}\u{1F}"),
            .string("slash / stays"), .string("Störung 支付 🐧 Ω"), .string("\u{7F} and \u{2028}"),
        ]),
        "nested": .object(["a": .array([.object(["b": .array([])]), .object([:])]), "key \"quoted\"": .null]),
    ])

    @Test func readsBackAsTheSameValue() throws {
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Self.rich.compactBytes)
        #expect(decoded == Self.rich)
    }

    @Test func decodesIntoTheModelAsTheEncoderOutputDoes() throws {
        let fromEncoder = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(Self.rich))
        let fromCompact = try JSONDecoder().decode(JSONValue.self, from: Self.rich.compactBytes)
        #expect(fromCompact == fromEncoder)
    }

    @Test func writesCompactTextWithTheRequiredEscapes() {
        let value: JSONValue = .array([.string("a\"b\\c\n\u{01}"), .number(3), .number(2.5), .bool(true), .null])
        #expect(String(decoding: value.compactBytes, as: UTF8.self) == #"["a\"b\\c\n\u0001",3,2.5,true,null]"#)
    }
}
