import Foundation

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

    /// A plain-text response with `Content-Type: text/plain; charset=utf-8`.
    package static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8")
        -> HTTPResponse
    {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// Returns `text` as a JSON string literal, quotes included.
    package static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
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
        case 202: "Accepted"
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
        case 503: "Service Unavailable"
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
