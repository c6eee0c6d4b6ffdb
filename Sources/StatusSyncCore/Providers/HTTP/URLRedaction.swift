import Foundation

/// Renders URLs for logs and error messages without credentials.
///
/// User information (`user:password@`) is always dropped, and the value of every query
/// parameter whose name looks secret (``isSecretName(_:)``) is replaced by `<redacted>`.
package enum URLRedaction {
    /// The text that replaces a secret value.
    package static let placeholder = "<redacted>"

    /// Fragments of query-parameter names whose values are treated as secrets.
    private static let secretFragments = [
        "key", "token", "password", "passwd", "pwd", "secret", "auth", "signature", "sig", "credential",
        "session",
    ]

    /// Whether a query parameter called `name` may carry a secret (compared case-insensitively).
    package static func isSecretName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return secretFragments.contains { lowered.contains($0) }
    }

    /// Returns the path and query of `url`, such as `/api/v1/services/?page=2`, with secret values redacted.
    package static func redactedPathAndQuery(_ url: URL) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return "/" }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return path + redactedQuerySuffix(components)
    }

    /// Returns `scheme://host[:port]/path?query` of `url`, without user information and with secret values redacted.
    package static func redactedURL(_ url: URL) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return "<invalid URL>" }
        var origin = ""
        if let scheme = components.scheme { origin += "\(scheme)://" }
        if let host = components.percentEncodedHost { origin += host }
        if let port = components.port { origin += ":\(port)" }
        return origin + components.percentEncodedPath + redactedQuerySuffix(components)
    }

    private static func redactedQuerySuffix(_ components: URLComponents) -> String {
        guard let query = components.percentEncodedQuery else { return "" }
        let items = query.split(separator: "&", omittingEmptySubsequences: false).map { item -> String in
            guard let equals = item.firstIndex(of: "=") else { return String(item) }
            let name = String(item[..<equals])
            let decodedName = name.removingPercentEncoding ?? name
            return isSecretName(decodedName) ? "\(name)=\(placeholder)" : String(item)
        }
        return "?" + items.joined(separator: "&")
    }
}
