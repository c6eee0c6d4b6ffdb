import Foundation

/// A strict, byte-level JSON reader for the store's large files, without `Codable`.
///
/// It reads values one at a time from UTF-8 bytes: the caller walks objects and arrays with
/// ``object(_:)`` and ``array(_:)`` and takes scalars with ``string()``, ``int()``, ``double()``
/// and ``bool()``. It accepts only valid JSON (RFC 8259) and is stricter than `JSONDecoder` on
/// purpose: anything it does not read the obvious way (an integer written with a fraction or an
/// exponent, a key with escapes, a key repeated) is a ``Failure``, and the callers then read the
/// file with `JSONDecoder`, so what is accepted and every error message stay `JSONDecoder`'s.
package struct JSONReader {
    /// Why the reader stopped, and where.
    package struct Failure: Error, Sendable, Equatable {
        /// What was wrong.
        package var reason: String
        /// The byte offset.
        package var offset: Int
    }

    /// An object member's name, as the bytes between its quotes (never escaped).
    package struct Key {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>

        /// Whether the name is `name`.
        package static func ~= (name: StaticString, key: Key) -> Bool {
            name.utf8CodeUnitCount == key.bytes.count
                && UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount).elementsEqual(key.bytes)
        }

        /// The name as a string.
        package var string: String { String(decoding: bytes, as: UTF8.self) }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// How deep the reader is in arrays and objects (bounded, so that no input exhausts the stack).
    private var depth = 0
    private static let maximumDepth = 512

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Reads `data` as one JSON document with `body`, checking that nothing but whitespace follows it.
    ///
    /// - Parameters:
    ///   - data: the document's bytes, UTF-8.
    ///   - body: reads the top-level value.
    /// - Returns: what `body` returns.
    /// - Throws: ``Failure`` for malformed JSON, or what `body` throws.
    package static func read<Result>(_ data: Data, _ body: (inout JSONReader) throws -> Result) throws -> Result {
        try data.withUnsafeBytes { raw in
            var reader = JSONReader(raw.bindMemory(to: UInt8.self))
            let result = try body(&reader)
            reader.skipWhitespace()
            guard reader.index == reader.bytes.count else { throw reader.failure("unexpected data after the value") }
            return result
        }
    }

    /// Parses `data` as any JSON value.
    ///
    /// - Throws: ``Failure`` for malformed JSON.
    package static func value(of data: Data) throws -> JSONValue {
        try read(data) { try $0.value() }
    }

    // MARK: - Values

    /// Whether the next value is `null`; if so it is read.
    package mutating func readNull() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Reads the next value if it is not `null`, else returns `nil`: `decodeIfPresent`'s reading of a present key.
    package mutating func optional<Value>(_ read: (inout JSONReader) throws -> Value) throws -> Value? {
        try readNull() ? nil : read(&self)
    }

    /// The first byte of the next value, after whitespace.
    package mutating func peek() throws -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of data") }
        return bytes[index]
    }

    /// Reads `true` or `false`.
    package mutating func bool() throws -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default: throw failure("expected a boolean")
        }
    }

    /// Reads an integer written without a fraction or an exponent, within `Int`'s range.
    package mutating func int() throws -> Int {
        let (start, end, isInteger) = try number()
        guard isInteger else { throw failure("expected an integer") }
        var value = 0
        var position = start
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        while position < end {
            let digit = Int(bytes[position] &- UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw failure("integer out of range") }
            value = next
            position += 1
        }
        return value
    }

    /// Reads any number as a `Double`; a number out of its range is a failure.
    package mutating func double() throws -> Double {
        let (start, end, _) = try number()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw failure("number out of range") }
        return value
    }

    /// Reads a string, decoding its escapes (surrogate pairs included).
    package mutating func string() throws -> String {
        guard try peek() == UInt8(ascii: "\"") else { throw failure("expected a string") }
        index += 1
        let start = index
        var bits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                // ASCII needs no validation (the common case, and validating is much slower).
                if bits < 0x80 { return String(decoding: run, as: UTF8.self) }
                guard let text = String(validating: run, as: UTF8.self) else { throw failure("invalid UTF-8") }
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw failure("unescaped control character in a string") }
            bits |= byte
            index += 1
        }
        throw failure("unterminated string")
    }

    /// Reads an array, calling `element` once per element, positioned at it.
    package mutating func array(_ element: (inout JSONReader) throws -> Void) throws {
        guard try peek() == UInt8(ascii: "[") else { throw failure("expected an array") }
        try enter()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return
        }
        while true {
            try element(&self)
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return
            default: throw failure("expected ',' or ']'")
            }
        }
    }

    /// Reads an object, calling `member` once per member with its name, positioned at its value;
    /// `member` must read or ``skipValue()`` the value.
    package mutating func object(_ member: (inout JSONReader, Key) throws -> Void) throws {
        guard try peek() == UInt8(ascii: "{") else { throw failure("expected an object") }
        try enter()
        if try peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return
        }
        while true {
            let key = try key()
            guard try peek() == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            try member(&self, key)
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return
            default: throw failure("expected ',' or '}'")
            }
        }
    }

    /// Reads an object whose members all have values of one type, as a dictionary; a repeated name is a failure.
    package mutating func dictionary<Value>(_ read: (inout JSONReader) throws -> Value) throws -> [String: Value] {
        // The members are gathered first so that the dictionary is allocated once, at its final size, rather than
        // grown through every smaller size: an account's data holds thousands of small objects.
        var members: [(String, Value)] = []
        try object { reader, key in members.append((key.string, try read(&reader))) }
        var result = [String: Value](minimumCapacity: members.count)
        for (name, value) in members where result.updateValue(value, forKey: name) != nil {
            throw failure("repeated key '\(name)'")
        }
        return result
    }

    /// Reads and discards the next value, checking that it is well formed.
    package mutating func skipValue() throws {
        switch try peek() {
        case UInt8(ascii: "{"): try object { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "["): try array { try $0.skipValue() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
    }

    /// Reads any value as a ``JSONValue``, numbers as `Double` (as `JSONValue`'s `Decodable` reads them).
    package mutating func value() throws -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "{"):
            return .object(try dictionary { try $0.value() })
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try array { elements.append(try $0.value()) }
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try bool())
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: return .number(try double())
        }
    }

    /// A failure at the current position.
    package func failure(_ reason: String) -> Failure { Failure(reason: reason, offset: index) }

    // MARK: - Tokens

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("too deeply nested") }
        index += 1
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        guard index + count <= bytes.count, expected.elementsEqual(bytes[index..<index + count]) else {
            throw failure("invalid literal")
        }
        index += count
    }

    /// Checks a number's grammar; returns its bounds and whether it has neither fraction nor exponent.
    private mutating func number() throws -> (start: Int, end: Int, isInteger: Bool) {
        skipWhitespace()
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            return index - first
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure("expected a value") }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            throw failure("number with a leading zero")
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            isInteger = false
            guard digits() > 0 else { throw failure("expected digits after '.'") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            isInteger = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw failure("expected digits in the exponent") }
        }
        return (start, index, isInteger)
    }

    private mutating func key() throws -> Key {
        guard try peek() == UInt8(ascii: "\"") else { throw failure("expected a key") }
        index += 1
        let start = index
        var bits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                guard bits < 0x80 || String(validating: run, as: UTF8.self) != nil else {
                    throw failure("invalid UTF-8")
                }
                return Key(bytes: run)
            }
            guard byte != UInt8(ascii: "\\") else { throw failure("escaped key") }
            guard byte >= 0x20 else { throw failure("unescaped control character in a key") }
            bits |= byte
            index += 1
        }
        throw failure("unterminated key")
    }

    /// The rest of a string that has an escape at `index`, from its first byte at `start`.
    private mutating func escapedString(from start: Int) throws -> String {
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw failure("invalid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw failure("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): try unicodeEscape(into: &utf8)
                default: throw failure("invalid escape")
                }
            default:
                guard byte >= 0x20 else { throw failure("unescaped control character in a string") }
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    /// Reads the hex digits of a `\u` escape (and the low half of a surrogate pair) as UTF-8.
    private mutating func unicodeEscape(into utf8: inout [UInt8]) throws {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw failure("unpaired surrogate") }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw failure("unpaired surrogate")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid escape") }
        UTF8.encode(unicode) { utf8.append($0) }
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("invalid escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}

/// A type read straight from JSON by a ``JSONReader``, without `Codable`.
///
/// Reading must give exactly what the type's `Decodable` conformance gives, or fail: callers fall
/// back to `JSONDecoder` on any failure.
package protocol JSONReadable {
    /// Reads one value at the reader's position.
    init(reading reader: inout JSONReader) throws
}

/// The names an object reader has seen, so that a repeated one is a failure (`JSONDecoder` would keep one of them).
package struct SeenKeys {
    private var bits: UInt64 = 0

    /// Creates an empty set.
    package init() {}

    /// Records member number `number` (below 64); throws when it was already seen.
    package mutating func insert(_ number: Int, _ reader: JSONReader) throws {
        let bit: UInt64 = 1 << UInt64(number)
        guard bits & bit == 0 else { throw reader.failure("repeated key") }
        bits |= bit
    }
}

extension JSONReader {
    /// Reads an array of `Element`s.
    package mutating func list<Element>(_ read: (inout JSONReader) throws -> Element) throws -> [Element] {
        var elements: [Element] = []
        try array { elements.append(try read(&$0)) }
        return elements
    }

    /// Reads an array of readable elements.
    package mutating func list<Element: JSONReadable>(of type: Element.Type) throws -> [Element] {
        try list { try Element(reading: &$0) }
    }
}

extension JSONValue: JSONReadable {
    /// Reads any value.
    package init(reading reader: inout JSONReader) throws { self = try reader.value() }
}
