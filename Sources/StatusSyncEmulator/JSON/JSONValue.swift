/// A JSON document held as a tree, with integers kept apart from other numbers.
///
/// The emulator parses request bodies and seeds into this type and renders every response from it, so
/// that field-level validation can tell a JSON boolean from the string `"true"` and an integer from `1.5`.
package enum JSONValue: Sendable, Hashable {
    /// The literal `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int`.
    case int(Int)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; keys are rendered sorted.
    case object([String: JSONValue])

    /// The string payload, if this is a string.
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer payload, if this is an integer.
    package var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The boolean payload, if this is a boolean.
    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    package var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    package var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is the literal `null`.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key`, if this is an object that has it.
    package subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// Wraps an optional string, rendering `nil` as `null`.
    static func optional(_ value: String?) -> JSONValue {
        value.map { .string($0) } ?? .null
    }

    /// Wraps an optional integer, rendering `nil` as `null`.
    static func optional(_ value: Int?) -> JSONValue {
        value.map { .int($0) } ?? .null
    }
}
