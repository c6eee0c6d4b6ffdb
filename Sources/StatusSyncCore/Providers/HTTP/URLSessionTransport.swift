import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The live transport: HTTP over `URLSession`, with a session of its own.
///
/// Redirects are never followed: a redirect to another host would carry the API key there.
/// A 3xx comes back as a response like any other status.
///
/// The session is ephemeral and keeps no state between calls: no cookies, no cache, no stored
/// URL credentials (authentication is ``AuthenticatingTransport``'s job). Its request timeout is
/// explicit and short, because on Linux a write whose response is lost waits out the whole
/// timeout before failing (see providers/CONTRACT.md, "Both"). Failures are thrown as
/// ``TransportError`` (see ``TransportError/classify(_:for:)``).
package final class URLSessionTransport: HTTPTransport {
    /// The request timeout used when none is given: 30 seconds.
    package static let defaultTimeout: Duration = .seconds(30)

    private let session: URLSession
    private let timeout: TimeInterval

    /// Creates a transport with its own ephemeral session.
    ///
    /// - Parameters:
    ///   - timeout: How long a request may wait for data before it fails with
    ///     ``TransportError/timedOut(method:url:)`` (reads) or
    ///     ``TransportError/outcomeUnknown(method:url:cause:)`` (writes).
    ///   - resourceTimeout: How long one whole round trip may take; defaults to ten times `timeout`.
    package init(timeout: Duration = URLSessionTransport.defaultTimeout, resourceTimeout: Duration? = nil) {
        let timeoutSeconds = max(timeout.timeInterval, 0.001)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.urlCredentialStorage = nil
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource =
            resourceTimeout.map { max($0.timeInterval, timeoutSeconds) }
            ?? timeoutSeconds * 10
        self.session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
        self.timeout = timeoutSeconds
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Sends `request` and returns the response, whatever its status code.
    ///
    /// - Throws: ``TransportError``, or `CancellationError` for a cancelled read.
    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.httpBody = request.body
        urlRequest.httpShouldHandleCookies = false
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch {
            throw TransportError.classify(error, for: request)
        }
        guard let http = response as? HTTPURLResponse else {
            throw TransportError.notHTTPResponse(method: request.method, url: URLRedaction.redactedURL(request.url))
        }
        var headers: [String: String] = [:]
        for case (let name as String, let value as String) in http.allHeaderFields {
            headers[name] = value
        }
        return HTTPResponse(statusCode: http.statusCode, headers: headers, body: data)
    }
}

/// Refuses every HTTP redirect, so that credentials are only ever sent to the configured host.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
