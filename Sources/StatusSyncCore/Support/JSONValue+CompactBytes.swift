import Foundation

extension JSONValue {
    /// The value as compact JSON text, object members in no particular order.
    ///
    /// For handing a value already in memory to a `JSONDecoder` (an account's data decoded into the
    /// model), where `JSONEncoder` would take most of the time. Numbers are written as
    /// ``encode(to:)`` writes them (whole numbers below 9e15 without a fraction), strings with the
    /// escapes JSON requires. Not for digests: those need `JSONEncoder`'s exact canonical form.
    package var compactBytes: Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        Self.write(self, to: &bytes)
        return Data(bytes)
    }

    private static func write(_ value: JSONValue, to bytes: inout [UInt8]) {
        switch value {
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .bool(let bool):
            bytes.append(contentsOf: (bool ? "true" : "false").utf8)
        case .number(let number):
            if number.rounded() == number, abs(number) < 9e15 {
                bytes.append(contentsOf: String(Int64(number)).utf8)
            } else {
                bytes.append(contentsOf: "\(number)".utf8)
            }
        case .string(let string):
            writeString(string, to: &bytes)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, element) in object {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                write(element, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ string: String, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
