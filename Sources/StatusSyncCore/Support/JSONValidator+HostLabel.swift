import Foundation

extension JSONValidator {
    /// Returns the required string member `key` when it is a DNS label (letters, digits and `-`), or
    /// records why it is not.
    package func hostLabel(_ key: String, of object: [String: JSONValue], at path: String) -> String? {
        guard let label = string(key, of: object, at: path, required: true) else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard label.lowercased().allSatisfy(allowed.contains), !label.hasPrefix("-"), label.count <= 63 else {
            report(Self.path(path, key), "'\(label)' is not a subdomain (letters, digits and '-')")
            return nil
        }
        return label
    }

    /// A one-line reason from a JSON decoding error, without Swift type names: what is wrong and where.
    package static func reason(for error: any Error) -> String {
        func place(_ path: [any CodingKey]) -> String {
            let text = path.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
            return text.isEmpty ? "at the top level" : "at \(text)"
        }
        switch error {
        case DecodingError.dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? "\(context.debugDescription) (\(place(context.codingPath)))"
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' \(place(context.codingPath))"
        case DecodingError.valueNotFound(_, let context):
            return "missing value \(place(context.codingPath))"
        case DecodingError.typeMismatch(_, let context):
            return "a value of the wrong type \(place(context.codingPath))"
        default:
            return "\(error)"
        }
    }
}
