/// Reading the model's lenient wire values with the store's JSON reader.
extension JSONReader {
    /// Reads a ``LenientID``: an integer or a non-empty string.
    package mutating func lenientID() throws -> LenientID {
        if try peek() == UInt8(ascii: "\"") {
            let text = try string()
            guard !text.isEmpty else { throw failure("empty id") }
            return LenientID(text)
        }
        return LenientID(try int())
    }

    /// Reads a ``LenientBool``: a boolean, 0 or 1, or one of the strings it accepts.
    package mutating func lenientBool() throws -> LenientBool {
        switch try peek() {
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return LenientBool(try bool())
        case UInt8(ascii: "\""):
            switch try string().lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: throw failure("not a boolean")
            }
        default:
            let value = try int()
            guard value == 0 || value == 1 else { throw failure("not a boolean") }
            return LenientBool(value == 1)
        }
    }

    /// Reads an ``Instant`` written in ISO 8601.
    package mutating func instant() throws -> Instant {
        guard let instant = Instant(iso8601: try string()) else { throw failure("not an ISO 8601 date and time") }
        return instant
    }
}
