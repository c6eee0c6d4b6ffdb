import Foundation

/// An HTTP request, independent of any networking library.
package struct HTTPRequest: Sendable, Hashable {
    /// The request method.
    package var method: HTTPMethod
    /// The absolute URL, query included.
    package var url: URL
    /// Header fields by name; set each name in one spelling only.
    package var headers: [String: String]
    /// The request body, if any.
    package var body: Data?

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - method: The request method.
    ///   - url: The absolute URL, query included.
    ///   - headers: Header fields by name.
    ///   - body: The body, if any.
    package init(method: HTTPMethod, url: URL, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Returns the value of the header `name`, compared case-insensitively.
    package func header(_ name: String) -> String? {
        if let exact = headers[name] { return exact }
        let lowered = name.lowercased()
        return headers.first { $0.key.lowercased() == lowered }?.value
    }

    /// Sets the header `name`, replacing any value under another spelling of the same name.
    package mutating func setHeader(_ name: String, to value: String) {
        let lowered = name.lowercased()
        for key in headers.keys where key.lowercased() == lowered { headers[key] = nil }
        headers[name] = value
    }
}
