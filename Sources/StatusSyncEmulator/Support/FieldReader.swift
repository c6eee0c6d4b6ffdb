import Foundation

/// Reads and checks the members of a JSON request body, collecting one list of messages per field.
///
/// Each reader returns `nil` both for an explicit `null` (when allowed) and after recording an error;
/// callers apply nothing when ``errors`` is not empty. Messages follow the provider's dialect:
/// Django REST Framework for Freshstatus, Rails for StatusHub.
struct FieldReader {
    /// Which framework's wording the messages use.
    enum Dialect {
        case djangoREST
        case rails
    }

    let body: [String: JSONValue]
    let dialect: Dialect
    private(set) var errors: [String: [String]] = [:]

    init(body: [String: JSONValue], dialect: Dialect) {
        self.body = body
        self.dialect = dialect
    }

    var hasErrors: Bool { !errors.isEmpty }

    /// The errors as a JSON object `{"field": ["message"]}`.
    var errorsJSON: JSONValue {
        .object(errors.mapValues { .array($0.map { .string($0) }) })
    }

    func has(_ field: String) -> Bool { body[field] != nil }

    mutating func fail(_ field: String, _ message: String) {
        errors[field, default: []].append(message)
    }

    // MARK: - Messages

    var requiredMessage: String { dialect == .djangoREST ? "This field is required." : "can't be blank" }
    private var nullMessage: String { dialect == .djangoREST ? "This field may not be null." : "can't be blank" }
    private var blankMessage: String { dialect == .djangoREST ? "This field may not be blank." : "can't be blank" }
    private var stringMessage: String { dialect == .djangoREST ? "Not a valid string." : "must be a string" }
    private var integerMessage: String {
        dialect == .djangoREST ? "A valid integer is required." : "must be an integer"
    }
    private var booleanMessage: String { dialect == .djangoREST ? "Must be a valid boolean." : "must be a boolean" }
    private var dateTimeMessage: String {
        dialect == .djangoREST
            ? "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
            : "must be an ISO 8601 date-time in UTC"
    }

    func choiceMessage(_ value: String) -> String {
        dialect == .djangoREST ? "\"\(value)\" is not a valid choice." : "is not included in the list"
    }

    // MARK: - Readers

    /// Reads a string; `required` fields must be present and non-null.
    mutating func string(_ field: String, required: Bool = false, nullable: Bool = false, allowBlank: Bool = true)
        -> String?
    {
        guard let value = body[field] else {
            if required { fail(field, requiredMessage) }
            return nil
        }
        switch value {
        case .null:
            if !nullable { fail(field, nullMessage) }
            return nil
        case .string(let text):
            if !allowBlank, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                fail(field, blankMessage)
                return nil
            }
            return text
        default:
            fail(field, stringMessage)
            return nil
        }
    }

    /// Reads an integer (Django REST also accepts a string of digits).
    mutating func integer(_ field: String, required: Bool = false, nullable: Bool = false) -> Int? {
        guard let value = body[field] else {
            if required { fail(field, requiredMessage) }
            return nil
        }
        return integer(value, field: field, nullable: nullable)
    }

    /// Interprets one JSON value as an integer, recording an error under `field` otherwise.
    mutating func integer(_ value: JSONValue, field: String, nullable: Bool = false) -> Int? {
        switch value {
        case .null:
            if !nullable { fail(field, nullMessage) }
            return nil
        case .int(let number): return number
        case .string(let text) where dialect == .djangoREST:
            if let number = Int(text.trimmingCharacters(in: .whitespaces)) { return number }
            fail(field, integerMessage)
            return nil
        default:
            fail(field, integerMessage)
            return nil
        }
    }

    /// Reads a boolean; with `acceptsStrings`, `"true"`/`"false"` (any case) are accepted too.
    mutating func boolean(_ field: String, required: Bool = false, nullable: Bool = false, acceptsStrings: Bool)
        -> Bool?
    {
        guard let value = body[field] else {
            if required { fail(field, requiredMessage) }
            return nil
        }
        switch value {
        case .null:
            if !nullable { fail(field, nullMessage) }
            return nil
        case .bool(let flag): return flag
        case .string(let text) where acceptsStrings:
            if let flag = Self.parseBooleanString(text) { return flag }
            fail(field, booleanMessage)
            return nil
        default:
            fail(field, booleanMessage)
            return nil
        }
    }

    /// Parses a date-time, normalizing it to UTC seconds (`keepsMicroseconds` keeps a fraction).
    mutating func timestamp(
        _ field: String, required: Bool = false, nullable: Bool = false, keepsMicroseconds: Bool = false
    )
        -> Timestamp?
    {
        guard let value = body[field] else {
            if required { fail(field, requiredMessage) }
            return nil
        }
        switch value {
        case .null:
            if !nullable { fail(field, nullMessage) }
            return nil
        case .string(let text):
            if let stamp = Timestamp.parseNormalized(text, keepsMicroseconds: keepsMicroseconds) { return stamp }
            fail(field, dateTimeMessage)
            return nil
        default:
            fail(field, dateTimeMessage)
            return nil
        }
    }

    /// Reads a string that must be one of `choices`.
    mutating func choice(_ field: String, _ choices: [String], required: Bool = false, nullable: Bool = false)
        -> String?
    {
        guard let text = string(field, required: required, nullable: nullable) else { return nil }
        guard choices.contains(text) else {
            fail(field, choiceMessage(text))
            return nil
        }
        return text
    }

    /// Reads an array (or records an error).
    mutating func array(_ field: String, required: Bool = false) -> [JSONValue]? {
        guard let value = body[field] else {
            if required { fail(field, requiredMessage) }
            return nil
        }
        guard let elements = value.arrayValue else {
            fail(field, dialect == .djangoREST ? "Expected a list of items." : "must be an array")
            return nil
        }
        return elements
    }

    /// Reads an object (or records an error).
    mutating func object(_ field: String) -> [String: JSONValue]? {
        guard let value = body[field] else { return nil }
        guard let members = value.objectValue else {
            fail(field, dialect == .djangoREST ? "Expected a dictionary of items." : "must be an object")
            return nil
        }
        return members
    }

    /// `"true"`/`"false"` in any case, else `nil`.
    static func parseBooleanString(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
