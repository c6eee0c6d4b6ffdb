import Foundation

/// The canonical text of a ``JSONValue`` that snapshot digests are taken over, written without `JSONEncoder`.
///
/// The text is byte for byte what `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes` for the
/// value's `Encodable` conformance: members ordered by the bytes of their UTF-8 names, no whitespace, whole numbers
/// below 9e15 as integers and other numbers as Swift prints them without a trailing `.0`, and in strings `\"`, `\\`,
/// the five short escapes (`\b \t \n \f \r`) and `\u00XX` for the other control characters. Digests of stored
/// snapshots stay valid: the tests compare the two writers on every kind of value and on real accounts.
///
/// `JSONEncoder` first builds a tree of boxed dictionaries as large as the account; this writer streams into the
/// hash in fixed chunks, so a long-running `serve` digests each cycle's snapshots without that peak.
package enum CanonicalJSON {
    /// `sha256:` and the digest of `value`'s canonical text, or `nil` when `value` holds a number JSON cannot
    /// represent (infinite or not a number).
    package static func digest(of value: JSONValue) -> String? {
        var writer = Writer(hashing: true, isCanonical: true)
        guard writer.write(value) else { return nil }
        writer.flush()
        return "sha256:" + writer.hasher.finalizeHex()
    }

    /// The canonical text of `value`, or `nil` as for ``digest(of:)``.
    package static func bytes(of value: JSONValue) -> [UInt8]? {
        var writer = Writer(hashing: false, isCanonical: true)
        guard writer.write(value) else { return nil }
        return writer.buffer
    }

    /// The same text with object members in no particular order, and a number JSON cannot hold written as Swift
    /// prints it (which no reader accepts): ``JSONValue/compactBytes``.
    static func unorderedBytes(of value: JSONValue) -> [UInt8] {
        var writer = Writer(hashing: false, isCanonical: false)
        _ = writer.write(value)
        return writer.buffer
    }

    /// Writes canonical text (or, not `isCanonical`, the unordered form) into a buffer that, when hashing, is handed
    /// to the hasher whenever it fills.
    private struct Writer {
        var buffer: [UInt8] = []
        var hasher = SHA256()
        let hashing: Bool
        let isCanonical: Bool
        static let chunk = 1 << 16
        static let hex = Array("0123456789abcdef".utf8)

        init(hashing: Bool, isCanonical: Bool) {
            self.hashing = hashing
            self.isCanonical = isCanonical
            buffer.reserveCapacity(hashing ? Self.chunk + 256 : 4096)
        }

        mutating func flush() {
            hasher.update(buffer)
            buffer.removeAll(keepingCapacity: true)
        }

        mutating func write(_ value: JSONValue) -> Bool {
            if hashing, buffer.count >= Self.chunk { flush() }
            switch value {
            case .null:
                buffer.append(contentsOf: "null".utf8)
            case .bool(let bool):
                buffer.append(contentsOf: (bool ? "true" : "false").utf8)
            case .number(let number):
                // As `JSONValue.encode(to:)` hands it to the encoder: an `Int64` when whole and small enough.
                if number.rounded() == number, abs(number) < 9e15 {
                    buffer.append(contentsOf: String(Int64(number)).utf8)
                } else {
                    guard number.isFinite || !isCanonical else { return false }
                    let text = number.description
                    buffer.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
                }
            case .string(let string):
                write(string)
            case .array(let array):
                buffer.append(UInt8(ascii: "["))
                for (index, element) in array.enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    guard write(element) else { return false }
                }
                buffer.append(UInt8(ascii: "]"))
            case .object(let object):
                buffer.append(UInt8(ascii: "{"))
                var first = true
                func member(_ key: String, _ value: JSONValue) -> Bool {
                    if !first { buffer.append(UInt8(ascii: ",")) }
                    first = false
                    write(key)
                    buffer.append(UInt8(ascii: ":"))
                    return write(value)
                }
                if isCanonical {
                    for (key, value) in object.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                        guard member(key, value) else { return false }
                    }
                } else {
                    for (key, value) in object { _ = member(key, value) }
                }
                buffer.append(UInt8(ascii: "}"))
            }
            return true
        }

        mutating func write(_ string: String) {
            buffer.append(UInt8(ascii: "\""))
            var string = string
            string.withUTF8 { utf8 in
                var plainFrom = 0
                for (offset, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainFrom..<offset]))
                    plainFrom = offset + 1
                    buffer.append(UInt8(ascii: "\\"))
                    switch byte {
                    case 0x22, 0x5C: buffer.append(byte)
                    case 0x08: buffer.append(UInt8(ascii: "b"))
                    case 0x09: buffer.append(UInt8(ascii: "t"))
                    case 0x0A: buffer.append(UInt8(ascii: "n"))
                    case 0x0C: buffer.append(UInt8(ascii: "f"))
                    case 0x0D: buffer.append(UInt8(ascii: "r"))
                    default:
                        buffer.append(contentsOf: "u00".utf8)
                        buffer.append(Self.hex[Int(byte >> 4)])
                        buffer.append(Self.hex[Int(byte & 0x0F)])
                    }
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainFrom...]))
            }
            buffer.append(UInt8(ascii: "\""))
        }
    }
}
