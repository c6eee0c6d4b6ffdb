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
}
