import StatusSyncHTTPServer

extension HTTPResponse {
    /// A JSON response with `Content-Type: application/json`.
    package static func json(_ status: Int, _ value: JSONValue, headers: [(name: String, value: String)] = [])
        -> HTTPResponse
    {
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: value.serialized)
    }
}
