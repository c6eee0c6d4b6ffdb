import Foundation

/// The secret a provider account authenticates with, and how it travels in a request.
///
/// Nothing about a credential prints its secret: ``description``, ``debugDescription``, `dump`
/// and string interpolation all show `<redacted>` in its place.
package struct Credential: Sendable {
    private enum Scheme: Sendable {
        case basic(username: String, password: String)
        case header(name: String, value: String)
    }

    private let scheme: Scheme

    private init(_ scheme: Scheme) {
        self.scheme = scheme
    }

    /// HTTP Basic authentication.
    ///
    /// Freshstatus uses the API key as the username and the account's subdomain as the password.
    ///
    /// - Parameters:
    ///   - username: The user name (Freshstatus: the API key).
    ///   - password: The password (Freshstatus: the subdomain).
    /// - Returns: A credential sent in the `Authorization` header.
    package static func basic(username: String, password: String) -> Credential {
        Credential(.basic(username: username, password: password))
    }

    /// A secret sent as the value of a header of its own, such as StatusHub's `X-API-KEY`.
    ///
    /// - Parameters:
    ///   - name: The header name.
    ///   - value: The secret.
    /// - Returns: A credential sent in the header `name`.
    package static func header(name: String, value: String) -> Credential {
        Credential(.header(name: name, value: value))
    }

    /// The credential of a Freshstatus v1 account: Basic, with the API key as user name and the subdomain as password.
    ///
    /// - Parameters:
    ///   - apiKey: The account's API key.
    ///   - subdomain: The account's subdomain.
    /// - Returns: The credential.
    package static func freshstatus(apiKey: String, subdomain: String) -> Credential {
        .basic(username: apiKey, password: subdomain)
    }

    /// The credential of a StatusHub v3 key: the `X-API-KEY` header.
    ///
    /// - Parameter apiKey: The API key.
    /// - Returns: The credential.
    package static func statusHub(apiKey: String) -> Credential {
        .header(name: "X-API-KEY", value: apiKey)
    }

    /// The name of the header this credential is sent in.
    package var headerName: String {
        switch scheme {
        case .basic: "Authorization"
        case .header(let name, _): name
        }
    }

    /// The value of that header; a secret, never to be printed or logged.
    package var headerValue: String {
        switch scheme {
        case .basic(let username, let password): "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .header(_, let value): value
        }
    }

    /// Returns `request` carrying this credential, replacing any header of the same name.
    package func authenticate(_ request: HTTPRequest) -> HTTPRequest {
        var authenticated = request
        authenticated.setHeader(headerName, to: headerValue)
        return authenticated
    }
}

/// Keeps the secret out of every printed form of a credential.
extension Credential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The scheme and header name with the secret replaced by `<redacted>`.
    package var description: String {
        switch scheme {
        case .basic: "Credential(basic: \(URLRedaction.placeholder))"
        case .header(let name, _): "Credential(header \(name): \(URLRedaction.placeholder))"
        }
    }

    /// The same as ``description``.
    package var debugDescription: String { description }

    /// A mirror with the redacted ``description`` as its only child.
    package var customMirror: Mirror {
        Mirror(self, children: ["credential": description], displayStyle: .struct)
    }
}
