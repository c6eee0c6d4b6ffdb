import Foundation

/// An HTTP response, independent of any networking library.
package struct HTTPResponse: Sendable, Hashable {
    /// The status code, such as 200 or 429.
    package var statusCode: Int
    /// Header fields, names lower-cased.
    package private(set) var headers: [String: String]
    /// The response body, possibly empty.
    package var body: Data

    /// Creates a response; header names are lower-cased.
    ///
    /// - Parameters:
    ///   - statusCode: The status code.
    ///   - headers: Header fields in any case; a later spelling of the same name wins.
    ///   - body: The body.
    package init(statusCode: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.statusCode = statusCode
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    /// Returns the value of the header `name`, compared case-insensitively.
    package func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// Whether the status is 2xx.
    package var isSuccess: Bool { (200..<300).contains(statusCode) }

    /// Whether the status is 429 Too Many Requests.
    package var isThrottled: Bool { statusCode == 429 }

    /// Whether the status is 5xx.
    package var isServerError: Bool { (500..<600).contains(statusCode) }
}
