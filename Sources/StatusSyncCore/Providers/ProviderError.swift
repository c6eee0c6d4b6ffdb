import Foundation

/// A provider call that did not give the answer the client needs.
///
/// Every case names the method and the request path (never the host's credentials, a header or
/// the API key), so the message a user sees says which call failed. Which case a failure becomes:
/// - 401 and 403: ``credentialsRejected(account:provider:variable:status:)``.
/// - 404: ``notFound(method:path:)``.
/// - 400 and 422: ``validationFailed(method:path:messages:)`` with the provider's field messages.
/// - 429 after the transport's retries: ``rateLimited(method:path:retryAfter:)``.
/// - 5xx on a read after the transport's retries: ``serverError(method:path:status:)``.
/// - A write answered with 5xx, or whose response was lost: ``outcomeUnknown(method:path:reason:)``.
///   The write may have taken effect; settle it by reading the target (``isOutcomeUnknown``).
/// - A body that is not the JSON expected: ``undecodable(method:path:reason:)``.
package enum ProviderError: Error, Hashable {
    /// The provider refused the API key (401 or 403).
    case credentialsRejected(account: String, provider: ProviderID, variable: String, status: Int)
    /// The resource does not exist (404).
    case notFound(method: HTTPMethod, path: String)
    /// The provider rejected the request's content (400 or 422); `messages` are its field messages.
    case validationFailed(method: HTTPMethod, path: String, messages: [String])
    /// The provider kept answering 429 after every retry the transport allows.
    case rateLimited(method: HTTPMethod, path: String, retryAfter: String?)
    /// A read kept failing with a 5xx status after every retry.
    case serverError(method: HTTPMethod, path: String, status: Int)
    /// A write may or may not have taken effect: its answer was a 5xx, or no answer arrived.
    case outcomeUnknown(method: HTTPMethod, path: String, reason: String)
    /// A status code the client does not expect (such as a 3xx, or 405).
    case unexpectedStatus(method: HTTPMethod, path: String, status: Int)
    /// The body is not the JSON the client expects.
    case undecodable(method: HTTPMethod, path: String, reason: String)
    /// A read failed in the network (no connection, timeout) after every retry.
    case transport(TransportError)
    /// A list's next page pointed at a page already read, which would loop forever.
    case pagingLoop(path: String, url: String)
    /// A list's next-page link pointed at another host, which would carry the API key there.
    case foreignLink(path: String, url: String)
    /// A list went on for more pages than any account has; the paging is broken.
    case tooManyPages(path: String, pages: Int)
    /// The provider has no such operation (such as a StatusHub incident PUT).
    case unsupported(provider: ProviderID, operation: String)
    /// The operation lacks what the provider requires (such as a StatusHub update without a title).
    case invalidOperation(provider: ProviderID, operation: String, reason: String)

    /// Whether the failed request was a write that may have taken effect.
    ///
    /// The applier must then read the target (``StatusPageProvider/read(_:)`` or
    /// ``StatusPageProvider/incident(id:)``) and adopt what it finds before sending the write again.
    package var isOutcomeUnknown: Bool {
        if case .outcomeUnknown = self { true } else { false }
    }

    /// Whether the failure is a 404, which for a delete means "already gone".
    package var isNotFound: Bool {
        if case .notFound = self { true } else { false }
    }
}

extension ProviderError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .credentialsRejected(let account, let provider, let variable, let status):
            "credentials for account '\(account)' were rejected by \(provider.displayName) (HTTP \(status)); "
                + "check $\(variable)"
        case .notFound(let method, let path):
            "\(method.rawValue) \(path): not found (HTTP 404)"
        case .validationFailed(let method, let path, let messages):
            "\(method.rawValue) \(path): the provider rejected the request: "
                + (messages.isEmpty ? "no reason given" : messages.joined(separator: "; "))
        case .rateLimited(let method, let path, let retryAfter):
            "\(method.rawValue) \(path): still rate-limited (HTTP 429) after every retry"
                + (retryAfter.map { "; the provider asks to wait \($0) s" } ?? "")
        case .serverError(let method, let path, let status):
            "\(method.rawValue) \(path): the provider failed (HTTP \(status)) on every retry"
        case .outcomeUnknown(let method, let path, let reason):
            "\(method.rawValue) \(path): outcome unknown (\(reason)); the write may have taken effect, "
                + "read the target before sending it again"
        case .unexpectedStatus(let method, let path, let status):
            "\(method.rawValue) \(path): unexpected HTTP status \(status)"
        case .undecodable(let method, let path, let reason):
            "provider answered something that is not the expected JSON at \(method.rawValue) \(path): \(reason)"
        case .transport(let error):
            error.description
        case .pagingLoop(let path, let url):
            "\(path): the next page link points back at a page already read (\(url)); stopped instead of looping"
        case .foreignLink(let path, let url):
            "\(path): the next page link points at another host (\(url)); refused, it would carry the API key there"
        case .tooManyPages(let path, let pages):
            "\(path): more than \(pages) pages; the provider's paging looks broken"
        case .unsupported(let provider, let operation):
            "\(provider.displayName) has no API for \(operation)"
        case .invalidOperation(let provider, let operation, let reason):
            "cannot \(operation) on \(provider.displayName): \(reason)"
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension ProviderError: LocalizedError {
    package var errorDescription: String? { description }
}

extension ProviderError {
    /// Reads the messages of a validation error body, in either provider's dialect.
    ///
    /// StatusHub: `{"error": "Validation failed", "errors": {"field": ["message"]}}` (or `{"error": "..."}`);
    /// Freshstatus (Django REST): `{"field": ["message"], "non_field_errors": [...]}` or `{"detail": "..."}`.
    /// Each message is prefixed with its field (`title: can't be blank`), fields sorted.
    ///
    /// - Parameter body: The response body.
    /// - Returns: The messages; empty when the body holds none that can be read.
    package static func validationMessages(in body: Data) -> [String] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body), let object = value.objectValue else {
            return []
        }
        func messages(_ value: JSONValue) -> [String] {
            switch value {
            case .string(let text): [text]
            case .array(let items): items.flatMap(messages)
            case .object(let members): members.keys.sorted().flatMap { key in messages(members[key] ?? .null) }
            case .number(let number): ["\(number)"]
            case .bool, .null: []
            }
        }
        func fieldMessages(_ members: [String: JSONValue]) -> [String] {
            members.keys.sorted().flatMap { field -> [String] in
                let texts = messages(members[field] ?? .null)
                return field == "non_field_errors" || field == "base" ? texts : texts.map { "\(field): \($0)" }
            }
        }
        if let errors = object["errors"]?.objectValue { return fieldMessages(errors) }
        if let errors = object["errors"]?.arrayValue { return errors.flatMap(messages) }
        if let error = object["error"]?.stringValue { return [error] }
        if let detail = object["detail"]?.stringValue { return [detail] }
        return fieldMessages(object)
    }
}
