/// Walks a ``JSONValue`` read from a file and collects every problem with its JSON path.
///
/// Each accessor records a problem and returns `nil` when the value is missing or of the wrong
/// type, so validation continues and reports everything at once.
package final class JSONValidator {
    /// The problems found so far, each `path: what is wrong`.
    package private(set) var problems: [String] = []

    /// Creates a validator with no problems.
    package init() {}

    /// Records a problem at `path`.
    package func report(_ path: String, _ message: String) {
        problems.append(path.isEmpty ? message : "\(path): \(message)")
    }

    /// Joins a path and a key: `accounts` + `old` gives `accounts.old`.
    package static func path(_ base: String, _ key: String) -> String {
        base.isEmpty ? key : "\(base).\(key)"
    }

    /// Returns `value` as an object, or records that it is not one.
    package func object(_ value: JSONValue, at path: String) -> [String: JSONValue]? {
        guard let object = value.objectValue else {
            report(path, "expected an object, found \(value.typeDescription)")
            return nil
        }
        return object
    }

    /// Records every key of `object` that is not in `allowed`: "did you mean" the closest one, or the keys that are.
    package func rejectUnknownKeys(of object: [String: JSONValue], allowed: [String], at path: String) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            let unused = allowed.filter { object[$0] == nil }
            if let suggestion = Suggestion.closest(to: key, among: unused) {
                report(Self.path(path, key), "unknown key '\(key)'; did you mean '\(suggestion)'?")
            } else {
                report(Self.path(path, key), "unknown key '\(key)' (allowed here: \(allowed.joined(separator: ", ")))")
            }
        }
    }

    /// Returns the member `key`, recording its absence when `required`.
    package func member(_ key: String, of object: [String: JSONValue], at path: String, required: Bool) -> JSONValue? {
        guard let value = object[key], value != .null else {
            if required { report(Self.path(path, key), "missing (required)") }
            return nil
        }
        return value
    }

    /// Returns the string member `key`, recording a missing, empty or non-string value.
    package func string(_ key: String, of object: [String: JSONValue], at path: String, required: Bool) -> String? {
        guard let value = member(key, of: object, at: path, required: required) else { return nil }
        guard let string = value.stringValue else {
            report(Self.path(path, key), "expected a string, found \(value.typeDescription)")
            return nil
        }
        guard !string.isEmpty else {
            report(Self.path(path, key), "must not be empty")
            return nil
        }
        return string
    }

    /// Returns the whole-number member `key`, recording a missing or non-integer value.
    package func integer(_ key: String, of object: [String: JSONValue], at path: String, required: Bool) -> Int? {
        guard let value = member(key, of: object, at: path, required: required) else { return nil }
        guard let int = value.intValue else {
            report(Self.path(path, key), "expected a whole number, found \(value.typeDescription)")
            return nil
        }
        return int
    }

    /// Returns the positive number member `key`, recording a missing, non-numeric or non-positive value.
    package func positiveNumber(_ key: String, of object: [String: JSONValue], at path: String) -> Double? {
        guard let value = member(key, of: object, at: path, required: false) else { return nil }
        guard let number = value.numberValue else {
            report(Self.path(path, key), "expected a number, found \(value.typeDescription)")
            return nil
        }
        guard number > 0, number.isFinite else {
            report(Self.path(path, key), "must be greater than 0")
            return nil
        }
        return number
    }

    /// Returns the boolean member `key`, recording a non-boolean value.
    package func bool(_ key: String, of object: [String: JSONValue], at path: String, required: Bool) -> Bool? {
        guard let value = member(key, of: object, at: path, required: required) else { return nil }
        guard let bool = value.boolValue else {
            report(Self.path(path, key), "expected true or false, found \(value.typeDescription)")
            return nil
        }
        return bool
    }
}
