/// A transport that adds an account's credential to every request.
///
/// Wrap it directly around the live transport, inside ``LoggingTransport``, so that the
/// requests other layers see (and may log) carry no secret.
package struct AuthenticatingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let credential: Credential

    /// Creates a transport that authenticates with `credential` and sends through `base`.
    ///
    /// - Parameters:
    ///   - base: The transport that performs the round trip.
    ///   - credential: The account's credential.
    package init(wrapping base: any HTTPTransport, credential: Credential) {
        self.base = base
        self.credential = credential
    }

    /// Sends `request` with the credential added.
    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await base.send(credential.authenticate(request))
    }
}
