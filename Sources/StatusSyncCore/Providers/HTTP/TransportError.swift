import Foundation

/// An HTTP round trip that produced no response.
///
/// Every case names the method and the URL (without user information and with secret query
/// values redacted), never a header or a body. Which case a failure becomes depends on
/// whether the request can have reached the server:
/// - ``connectionFailed(method:url:reason:)``: no connection was made, so nothing was sent.
///   True for every method.
/// - ``outcomeUnknown(method:url:cause:)``: a write (POST, PUT, PATCH, DELETE) failed after it may
///   have been sent; it may or may not have taken effect. Settle it by reading the target, never
///   by sending it again blindly.
/// - ``timedOut(method:url:)`` and ``connectionLost(method:url:reason:)``: the same failures for a
///   read, which is safe to retry.
package enum TransportError: Error, Hashable {
    /// The connection could not be established (refused, unknown host, TLS failure), so the request was not sent.
    case connectionFailed(method: HTTPMethod, url: String, reason: String)
    /// A read got no response within the request timeout.
    case timedOut(method: HTTPMethod, url: String)
    /// A read's connection broke before the response was complete.
    case connectionLost(method: HTTPMethod, url: String, reason: String)
    /// A write failed after it may have reached the server, so whether it took effect is unknown.
    case outcomeUnknown(method: HTTPMethod, url: String, cause: OutcomeUnknownCause)
    /// The server answered with something that is not an HTTP response.
    case notHTTPResponse(method: HTTPMethod, url: String)
    /// The request could not be built or its URL is not supported, so it was not sent.
    case invalidRequest(method: HTTPMethod, url: String, reason: String)
    /// A read failed for another reason; `code` is the `URLError` code, or 0 when there is none.
    case failed(method: HTTPMethod, url: String, code: Int, reason: String)
    /// A read's answer was larger than the account's `maxResponseBytes`.
    case responseTooLarge(method: HTTPMethod, url: String, limit: Int)
    /// A read's answer took longer in total than the account's `timeouts.total`, however steadily it came.
    case tooSlow(method: HTTPMethod, url: String, limit: Duration)

    /// Why a write's outcome is unknown.
    package enum OutcomeUnknownCause: Hashable, Sendable {
        /// No response arrived within the request timeout.
        case timedOut
        /// The connection broke after the request may have been sent.
        case connectionLost(reason: String)
        /// The task was cancelled while the request was in flight.
        case cancelled
        /// Another failure after the request may have been sent; `code` is the `URLError` code, or 0.
        case other(code: Int, reason: String)
        /// The answer was larger than the account's `maxResponseBytes`.
        case responseTooLarge(limit: Int)
        /// The answer took longer in total than the account's `timeouts.total`.
        case tooSlow(limit: Duration)
    }

    /// Whether this is ``outcomeUnknown(method:url:cause:)``: a write that may or may not have taken effect.
    package var isOutcomeUnknown: Bool {
        if case .outcomeUnknown = self { true } else { false }
    }

    /// Whether the request certainly did not reach the server, so sending it again cannot duplicate it.
    package var wasNotSent: Bool {
        switch self {
        case .connectionFailed, .invalidRequest: true
        case .timedOut, .connectionLost, .outcomeUnknown, .notHTTPResponse, .failed, .responseTooLarge, .tooSlow:
            false
        }
    }

    /// Whether a read that failed this way may succeed when sent again.
    package var isTransient: Bool {
        switch self {
        case .connectionFailed, .timedOut, .connectionLost, .failed: true
        case .outcomeUnknown, .notHTTPResponse, .invalidRequest, .responseTooLarge, .tooSlow: false
        }
    }
}

extension TransportError: CustomStringConvertible {
    /// A one-line explanation naming the method and the redacted URL.
    package var description: String {
        switch self {
        case .connectionFailed(let method, let url, let reason):
            "\(method.rawValue) \(url): could not connect (\(reason)); the request was not sent"
        case .timedOut(let method, let url):
            "\(method.rawValue) \(url): no response within the request timeout"
        case .connectionLost(let method, let url, let reason):
            "\(method.rawValue) \(url): the connection was lost before the response arrived (\(reason))"
        case .outcomeUnknown(let method, let url, let cause):
            "\(method.rawValue) \(url): outcome unknown, the request may have taken effect (\(cause)); "
                + "read the target before sending it again"
        case .notHTTPResponse(let method, let url):
            "\(method.rawValue) \(url): the server's answer was not an HTTP response"
        case .invalidRequest(let method, let url, let reason):
            "\(method.rawValue) \(url): the request could not be sent (\(reason))"
        case .failed(let method, let url, let code, let reason):
            "\(method.rawValue) \(url): failed (\(reason), code \(code))"
        case .responseTooLarge(let method, let url, let limit):
            "\(method.rawValue) \(url): the answer is larger than \(Self.bytes(limit)); "
                + "raise the account's maxResponseBytes if the provider really sends that much"
        case .tooSlow(let method, let url, let limit):
            "\(method.rawValue) \(url): the answer took longer than \(Self.seconds(limit)) in total "
                + "(the server is sending it too slowly); try again later or raise the account's timeouts.total"
        }
    }
}

extension TransportError {
    /// What went wrong, without the method and URL, for a log line that already shows them.
    var summary: String {
        switch self {
        case .connectionFailed(_, _, let reason): "could not connect (\(reason))"
        case .timedOut: "timed out"
        case .connectionLost(_, _, let reason): "connection lost (\(reason))"
        case .outcomeUnknown(_, _, let cause): "outcome unknown (\(cause))"
        case .notHTTPResponse: "not an HTTP response"
        case .invalidRequest(_, _, let reason): "invalid request (\(reason))"
        case .failed(_, _, let code, let reason): "failed (\(reason), code \(code))"
        case .responseTooLarge(_, _, let limit): "answer larger than \(Self.bytes(limit))"
        case .tooSlow(_, _, let limit): "answer took longer than \(Self.seconds(limit)) in total"
        }
    }
}

extension TransportError.OutcomeUnknownCause: CustomStringConvertible {
    /// A short phrase for the cause.
    package var description: String {
        switch self {
        case .timedOut: "no response within the request timeout"
        case .connectionLost(let reason): "connection lost: \(reason)"
        case .cancelled: "cancelled while in flight"
        case .other(let code, let reason): "\(reason), code \(code)"
        case .responseTooLarge(let limit): "the answer was larger than \(TransportError.bytes(limit))"
        case .tooSlow(let limit): "the answer took longer than \(TransportError.seconds(limit)) in total"
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension TransportError: LocalizedError {
    package var errorDescription: String? { description }
}

extension TransportError {
    /// `32 MiB`, `512 KiB` or `900 bytes`.
    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20, count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
        if count >= 1 << 10, count % (1 << 10) == 0 { return "\(count >> 10) KiB" }
        return "\(count) bytes"
    }

    /// `120 s` or `0.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let seconds = duration.timeInterval
        return seconds.rounded() == seconds ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
