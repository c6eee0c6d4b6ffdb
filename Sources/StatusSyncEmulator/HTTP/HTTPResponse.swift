/// One HTTP response to write back; `Content-Length`, `Date`-less framing and `Connection` are added by the server.
package struct HTTPResponse: Sendable {
    /// The status code.
    package var status: Int
    /// Extra header fields (not `Content-Length` or `Connection`).
    package var headers: [(name: String, value: String)]
    /// The body bytes.
    package var body: [UInt8]

    /// Makes a response.
    package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response with `Content-Type: application/json`.
    package static func json(_ status: Int, _ value: JSONValue, headers: [(name: String, value: String)] = [])
        -> HTTPResponse
    {
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: value.serialized)
    }

    /// An empty response (such as `204 No Content`).
    package static func empty(_ status: Int) -> HTTPResponse {
        HTTPResponse(status: status)
    }

    /// An HTML response, as Django answers for unknown routes.
    package static func html(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(text.utf8))
    }

    /// The standard reason phrase for `status`.
    package static func reason(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}

/// What a handler wants the server to do with a request.
package enum HTTPServerReply: Sendable {
    /// Write this response.
    case respond(HTTPResponse)
    /// Close the connection without answering (the "lost response" fault).
    case dropConnection
}
