import Foundation
import Synchronization

/// Removes secrets from text that leaves the process: every known API key, the Basic-auth forms
/// it travels in, and the user information of any URL.
///
/// One redactor sits under every line a command prints, so a provider or proxy that echoes a
/// request header into an error body, or a URL written with a password, cannot put a secret in the
/// output. Keys become known as the configuration names them (`register(_:environment:)`, beside the
/// configuration).
package final class SecretRedactor: Sendable {
    /// What a secret is replaced with.
    package static let replacement = "<redacted>"

    private let secrets = Mutex<Set<String>>([])

    /// Creates a redactor that knows no key yet.
    package init() {}

    /// Learns secrets; ones shorter than four characters are ignored (they would redact ordinary words).
    package func register(_ values: [String]) {
        secrets.withLock { secrets in
            for value in values where value.count >= 4 { secrets.insert(value) }
        }
    }

    /// `text` with every known secret and every URL's user information replaced.
    package func redact(_ text: String) -> String {
        var redacted = Self.withoutUserInfo(text)
        let known = secrets.withLock { $0 }.sorted { $0.count > $1.count }
        for secret in known where redacted.contains(secret) {
            redacted = redacted.replacingOccurrences(of: secret, with: Self.replacement)
        }
        return redacted
    }

    /// `text` with the user information of every `scheme://user:password@` replaced.
    static func withoutUserInfo(_ text: String) -> String {
        guard text.contains("://"), text.contains("@") else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return userInfo.stringByReplacingMatches(
            in: text, range: range, withTemplate: "$1\(replacement)@")
    }

    private static let userInfo: NSRegularExpression = {
        // The scheme, then everything up to the last '@' before the host's first '/', space or quote.
        // swift-format-ignore: NeverUseForceTry
        try! NSRegularExpression(pattern: #"([A-Za-z][A-Za-z0-9+.-]*://)[^/\s"'<>]*@"#)
    }()
}
