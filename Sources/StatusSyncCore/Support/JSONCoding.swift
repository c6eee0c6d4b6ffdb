import Foundation

/// Factories for the JSON encoders and decoders every file statussync writes or reads uses.
///
/// They are factories rather than shared instances because `JSONEncoder` and `JSONDecoder`
/// are mutable classes.
package enum JSONCoding {
    /// Returns an encoder that writes stable, reviewable JSON: pretty-printed, sorted keys,
    /// unescaped slashes and ISO 8601 dates in UTC to the second.
    package static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(UTCInstant.format(date))
        }
        return encoder
    }

    /// Returns a decoder that accepts every ISO 8601 form the providers send (see ``UTCInstant``).
    package static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = UTCInstant.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an ISO 8601 date and time")
            }
            return date
        }
        return decoder
    }
}
