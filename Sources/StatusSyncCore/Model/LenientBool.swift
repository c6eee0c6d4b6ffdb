/// A boolean that providers send either as a JSON boolean or as the string `"true"` / `"false"`.
///
/// Freshstatus documents `display_options` and `notification_options` flags as strings; public
/// clients send real booleans. Decoding accepts both (and `"True"`, `"1"`, `"0"`, `1`, `0`),
/// encoding writes a JSON boolean.
package struct LenientBool: Sendable, Hashable, Codable, ExpressibleByBooleanLiteral {
    /// The boolean value.
    package var value: Bool

    /// Wraps a boolean.
    package init(_ value: Bool) { self.value = value }

    package init(booleanLiteral value: Bool) { self.value = value }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) {
            value = bool
        } else if let int = try? container.decode(Int.self), int == 0 || int == 1 {
            value = int == 1
        } else if let text = try? container.decode(String.self) {
            switch text.lowercased() {
            case "true", "1": value = true
            case "false", "0": value = false
            default:
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not a boolean (expected true or false)")
            }
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a boolean or the string \"true\" or \"false\"")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
