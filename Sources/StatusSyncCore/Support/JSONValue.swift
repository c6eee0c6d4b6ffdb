/// Any JSON value, for files that are validated key by key before they are trusted.
///
/// Configuration and mapping files are read into a ``JSONValue`` first, so that validation can
/// name every unknown key, missing field and wrong type with its path, all at once, instead of
/// stopping at the first `DecodingError`.
package enum JSONValue: Sendable, Hashable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .number(let number):
            if number.rounded() == number, abs(number) < 9e15 {
                try container.encode(Int64(number))
            } else {
                try container.encode(number)
            }
        case .string(let string): try container.encode(string)
        case .array(let array): try container.encode(array)
        case .object(let object): try container.encode(object)
        }
    }

    /// A word for the value's JSON type, for error messages ("a string", "an object", ...).
    package var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The object's members, or `nil` when this is not an object.
    package var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { object } else { nil }
    }

    /// The string, or `nil` when this is not a string.
    package var stringValue: String? {
        if case .string(let string) = self { string } else { nil }
    }

    /// The number, or `nil` when this is not a number.
    package var numberValue: Double? {
        if case .number(let number) = self { number } else { nil }
    }

    /// The number as an integer, or `nil` when this is not a whole number.
    package var intValue: Int? {
        guard case .number(let number) = self, number.rounded() == number, abs(number) < 9e15 else { return nil }
        return Int(number)
    }

    /// The elements, or `nil` when this is not an array.
    package var arrayValue: [JSONValue]? {
        if case .array(let array) = self { array } else { nil }
    }

    /// The boolean, or `nil` when this is not a boolean.
    package var boolValue: Bool? {
        if case .bool(let bool) = self { bool } else { nil }
    }
}
