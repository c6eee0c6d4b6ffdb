import Foundation

extension JSONValue {
    /// An integer, or a string of digits, as seeds and snapshots may carry either.
    var looseInt: Int? {
        switch self {
        case .int(let value): value
        case .string(let text): Int(text)
        case .double(let value) where value.rounded() == value && abs(value) < 1e15: Int(value)
        default: nil
        }
    }

    /// A boolean, or the strings `"true"`/`"false"`.
    var looseBool: Bool? {
        switch self {
        case .bool(let value): value
        case .string(let text): FieldReader.parseBooleanString(text)
        default: nil
        }
    }

    /// The boolean rendered the Freshstatus way: the string `"true"` or `"false"`; other values unchanged.
    var asBooleanString: JSONValue {
        if let flag = looseBool { return .string(flag ? "true" : "false") }
        return self
    }

    /// Unwraps a statussync snapshot envelope: if the top level holds an object under `data`, that object.
    var unwrappingSnapshotEnvelope: JSONValue {
        if let inner = self["data"], inner.objectValue != nil { return inner }
        return self
    }
}

/// Reads one seed entity tolerantly, reporting the first missing required member.
struct SeedObject {
    let members: [String: JSONValue]
    let kind: String

    init(_ value: JSONValue, kind: String) throws(EmulatorError) {
        guard let members = value.objectValue else { throw .invalidSeed(reason: "a \(kind) is not a JSON object") }
        self.members = members
        self.kind = kind
    }

    func id(_ key: String = "id") throws(EmulatorError) -> Int {
        guard let id = members[key]?.looseInt else { throw .invalidSeed(reason: "a \(kind) has no integer '\(key)'") }
        return id
    }

    func string(_ key: String, default fallback: String = "") -> String { members[key]?.stringValue ?? fallback }

    func optionalString(_ key: String) -> String? { members[key]?.stringValue }

    func int(_ key: String) -> Int? { members[key]?.looseInt }

    func bool(_ key: String, default fallback: Bool = false) -> Bool { members[key]?.looseBool ?? fallback }

    func time(_ key: String) throws(EmulatorError) -> Timestamp? {
        guard let value = members[key], !value.isNull else { return nil }
        guard let text = value.stringValue, let stamp = Timestamp.parseVerbatim(text) else {
            throw .invalidSeed(reason: "\(kind) \(members["id"]?.looseInt ?? 0): '\(key)' is not an ISO 8601 date-time")
        }
        return stamp
    }

    func requiredTime(_ key: String) throws(EmulatorError) -> Timestamp {
        guard let stamp = try time(key) else {
            throw .invalidSeed(reason: "\(kind) \(members["id"]?.looseInt ?? 0) has no '\(key)'")
        }
        return stamp
    }

    func array(_ key: String) -> [JSONValue] { members[key]?.arrayValue ?? [] }

    func object(_ key: String) -> [String: JSONValue] { members[key]?.objectValue ?? [:] }
}

/// Parses seed bytes into the provider's seed object, unwrapping a snapshot envelope.
func parseSeedDocument(_ data: Data) throws(EmulatorError) -> [String: JSONValue] {
    let document: JSONValue
    do {
        document = try JSONValue.parse(data: data)
    } catch {
        throw .invalidSeed(reason: error.description)
    }
    guard let object = document.unwrappingSnapshotEnvelope.objectValue else {
        throw .invalidSeed(reason: "the top level is not a JSON object")
    }
    return object
}
