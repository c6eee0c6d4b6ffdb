/// A provider id sent either as a JSON integer or as a string.
///
/// Freshstatus returns component ids in `affected_components` as strings and everything else as
/// integers; the model holds every id as a string so the two compare equal. Encoding writes an
/// integer when the id is all digits (the providers' documented request form), a string otherwise.
package struct LenientID: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The id as text.
    package var value: String

    /// Wraps an id.
    package init(_ value: String) { self.value = value }

    /// Wraps an integer id.
    package init(_ value: Int) { self.value = String(value) }

    package init(stringLiteral value: String) { self.value = value }

    package var description: String { value }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let int = try? container.decode(Int.self) {
            value = String(int)
        } else if let text = try? container.decode(String.self), !text.isEmpty {
            value = text
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an id (an integer or a non-empty string)")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let int = Int(value) { try container.encode(int) } else { try container.encode(value) }
    }
}
