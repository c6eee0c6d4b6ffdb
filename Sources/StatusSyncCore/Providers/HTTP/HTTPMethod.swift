/// An HTTP request method used by the provider APIs.
package enum HTTPMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Reads a resource.
    case get = "GET"
    /// Creates a resource or triggers an action.
    case post = "POST"
    /// Replaces (StatusHub: partially updates) a resource.
    case put = "PUT"
    /// Partially updates a resource.
    case patch = "PATCH"
    /// Deletes a resource.
    case delete = "DELETE"

    /// Whether HTTP semantics make sending the request twice equivalent to sending it once (GET, PUT, DELETE).
    ///
    /// statussync still never resends a PUT or DELETE blindly: only ``isRead`` requests are retried
    /// after a failure, because a provider may not honour the HTTP semantics.
    package var isIdempotent: Bool {
        switch self {
        case .get, .put, .delete: true
        case .post, .patch: false
        }
    }

    /// Whether the request only reads (GET), so it can be retried and is rate-limited as a read.
    package var isRead: Bool { self == .get }
}
