import Foundation
import Synchronization

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

    private let readSession: URLSession
    private let writeSession: URLSession
    private let delegate = SessionDelegate()
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
        self.readSession = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        self.writeSession = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        self.timeout = timeoutSeconds
    }

    deinit {
        readSession.finishTasksAndInvalidate()
        writeSession.finishTasksAndInvalidate()
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
        // A write goes out on a connection of its own, closed after the answer. When a reused
        // connection dies before its answer, libcurl (under URLSession on Linux) sends the request
        // again on a new one, and a write's body is not sent the second time: the server then either
        // waits for it until the timeout, or takes a write the journal never intended.
        let session = request.method.isRead ? readSession : writeSession
        if !request.method.isRead { urlRequest.setValue("close", forHTTPHeaderField: "Connection") }
        // Not `session.data(for:)`, for two Linux URLSession faults: its cancellation handler cancels the
        // task synchronously and can deadlock against the queue resuming it, and a 401 carrying
        // `WWW-Authenticate` never completes unless the session's delegate answers the challenge.
        let pending = PendingTask()
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let task = session.dataTask(with: urlRequest) { data, response, error in
                        if let response, error == nil {
                            continuation.resume(returning: (data ?? Data(), response))
                        } else {
                            continuation.resume(throwing: error ?? URLError(.badServerResponse))
                        }
                    }
                    pending.start(task)
                }
            } onCancel: {
                pending.cancel()
            }
        } catch {
            if let challenged = pending.taskIdentifier.flatMap(delegate.takeChallengedResponse) { return challenged }
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

/// The session's delegate: refuses every HTTP redirect, so that credentials are only ever sent to
/// the configured host, and turns an authentication challenge into the response that carried it.
private final class SessionDelegate: NSObject, URLSessionTaskDelegate, Sendable {
    private let challenged = Mutex<[Int: HTTPResponse]>([:])

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    /// A 401 with `WWW-Authenticate` stalls the task unless the challenge is answered: cancel it and
    /// keep the response (status and headers; URLSession drops the body) for ``URLSessionTransport/send(_:)``.
    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        if let failure = challenge.failureResponse as? HTTPURLResponse {
            var headers: [String: String] = [:]
            for case (let name as String, let value as String) in failure.allHeaderFields { headers[name] = value }
            let response = HTTPResponse(statusCode: failure.statusCode, headers: headers)
            challenged.withLock { $0[task.taskIdentifier] = response }
        }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    /// The response that carried the challenge of task `identifier`, if it had one; forgotten once taken.
    func takeChallengedResponse(_ identifier: Int) -> HTTPResponse? {
        challenged.withLock { $0.removeValue(forKey: identifier) }
    }
}

/// A data task that may be cancelled before or after it starts, without blocking the canceller.
private final class PendingTask: Sendable {
    private let state = Mutex<(task: URLSessionDataTask?, isCancelled: Bool)>((nil, false))

    /// The started task's identifier.
    var taskIdentifier: Int? { state.withLock { $0.task?.taskIdentifier } }

    /// Starts `task`, or cancels it at once when the caller was cancelled first.
    func start(_ task: URLSessionDataTask) {
        let isCancelled = state.withLock { state in
            state.task = task
            return state.isCancelled
        }
        task.resume()
        if isCancelled { Self.cancelLater(task) }
    }

    /// Cancels the task, off the caller's thread: the Swift runtime calls this holding a lock that
    /// URLSession's own cancellation may wait on.
    func cancel() {
        let task = state.withLock { state in
            state.isCancelled = true
            return state.task
        }
        if let task { Self.cancelLater(task) }
    }

    private static func cancelLater(_ task: URLSessionDataTask) {
        DispatchQueue.global().async { task.cancel() }
    }
}
