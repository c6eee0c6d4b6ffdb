import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension TransportError {
    /// How far a failed request got, judged from the error URL loading reported.
    enum FailureStage {
        /// The request was rejected before any connection attempt.
        case invalid(reason: String)
        /// No connection was made.
        case notSent(reason: String)
        /// The request timed out, possibly after it was sent.
        case timedOut
        /// The connection broke, possibly after the request was sent.
        case lost(reason: String)
        /// The task was cancelled.
        case cancelled
        /// Anything else; the request may have been sent.
        case other(code: Int, reason: String)
    }

    /// Converts an error thrown by URL loading into the error a caller of ``HTTPTransport/send(_:)`` sees.
    ///
    /// The result is a ``TransportError``, or `CancellationError` for a cancelled read. A write that
    /// failed after it may have been sent (timeout, lost connection, cancellation, anything unrecognised)
    /// becomes ``outcomeUnknown(method:url:cause:)``; a failure to connect never does.
    ///
    /// - Parameters:
    ///   - error: The error from URL loading (`URLError`, or an `NSError` in `NSURLErrorDomain`).
    ///   - request: The request that failed.
    /// - Returns: The error to throw.
    package static func classify(_ error: any Error, for request: HTTPRequest) -> any Error {
        if error is TransportError { return error }
        let method = request.method
        let url = URLRedaction.redactedURL(request.url)
        switch stage(of: error) {
        case .invalid(let reason):
            return TransportError.invalidRequest(method: method, url: url, reason: reason)
        case .notSent(let reason):
            return TransportError.connectionFailed(method: method, url: url, reason: reason)
        case .timedOut:
            return method.isRead
                ? TransportError.timedOut(method: method, url: url)
                : TransportError.outcomeUnknown(method: method, url: url, cause: .timedOut)
        case .lost(let reason):
            return method.isRead
                ? TransportError.connectionLost(method: method, url: url, reason: reason)
                : TransportError.outcomeUnknown(method: method, url: url, cause: .connectionLost(reason: reason))
        case .cancelled:
            return method.isRead
                ? CancellationError()
                : TransportError.outcomeUnknown(method: method, url: url, cause: .cancelled)
        case .other(let code, let reason):
            return method.isRead
                ? TransportError.failed(method: method, url: url, code: code, reason: reason)
                : TransportError.outcomeUnknown(method: method, url: url, cause: .other(code: code, reason: reason))
        }
    }

    /// Judges how far a request got from the error URL loading reported.
    static func stage(of error: any Error) -> FailureStage {
        if error is CancellationError { return .cancelled }
        let code: Int
        if let urlError = error as? URLError {
            code = urlError.errorCode
        } else {
            let nsError = error as NSError
            guard nsError.domain == NSURLErrorDomain else {
                return .other(code: 0, reason: "\(nsError.domain) error \(nsError.code)")
            }
            code = nsError.code
        }
        return stage(ofURLErrorCode: code)
    }

    /// Judges how far a request got from a `URLError` code.
    static func stage(ofURLErrorCode code: Int) -> FailureStage {
        switch URLError.Code(rawValue: code) {
        case .badURL, .unsupportedURL, .appTransportSecurityRequiresSecureConnection, .fileDoesNotExist,
            .fileIsDirectory, .noPermissionsToReadFile:
            return .invalid(reason: reason(code))
        case .cannotFindHost, .cannotConnectToHost, .dnsLookupFailed, .notConnectedToInternet,
            .internationalRoamingOff, .callIsActive, .dataNotAllowed, .secureConnectionFailed,
            .serverCertificateHasBadDate, .serverCertificateUntrusted, .serverCertificateHasUnknownRoot,
            .serverCertificateNotYetValid, .clientCertificateRejected, .clientCertificateRequired:
            return .notSent(reason: reason(code))
        case .timedOut:
            return .timedOut
        case .networkConnectionLost, .zeroByteResource, .badServerResponse, .cannotParseResponse,
            .cannotDecodeRawData, .cannotDecodeContentData:
            return .lost(reason: reason(code))
        case .cancelled:
            return .cancelled
        default:
            return .other(code: code, reason: reason(code))
        }
    }

    /// A short English phrase for a `URLError` code; URL loading's own messages may include the URL.
    private static func reason(_ code: Int) -> String {
        switch URLError.Code(rawValue: code) {
        case .badURL: "malformed URL"
        case .unsupportedURL: "unsupported URL"
        case .appTransportSecurityRequiresSecureConnection: "a secure connection is required"
        case .fileDoesNotExist, .fileIsDirectory, .noPermissionsToReadFile: "not a network URL"
        case .cannotFindHost: "host not found"
        case .cannotConnectToHost: "connection refused"
        case .dnsLookupFailed: "DNS lookup failed"
        case .notConnectedToInternet, .internationalRoamingOff, .callIsActive, .dataNotAllowed: "no network"
        case .secureConnectionFailed: "TLS handshake failed"
        case .serverCertificateHasBadDate, .serverCertificateUntrusted, .serverCertificateHasUnknownRoot,
            .serverCertificateNotYetValid:
            "server certificate rejected"
        case .clientCertificateRejected, .clientCertificateRequired: "client certificate problem"
        case .networkConnectionLost: "connection closed by peer"
        case .zeroByteResource: "empty response"
        case .badServerResponse, .cannotParseResponse: "malformed response"
        case .cannotDecodeRawData, .cannotDecodeContentData: "undecodable response body"
        default: "URL error"
        }
    }
}
