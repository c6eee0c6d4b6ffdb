/// A type that performs HTTP round trips.
///
/// Provider clients depend on this protocol, not on `URLSession`, so tests can pass a stub and
/// never touch the network. Authentication, logging, rate limiting and retries are transports
/// that wrap another one (see ``TransportStack``).
package protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status code.
    ///
    /// - Throws: ``TransportError`` when no response arrived, or `CancellationError`.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
