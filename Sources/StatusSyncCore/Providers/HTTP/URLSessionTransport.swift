import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The live transport: HTTP over `URLSession`, with sessions of its own.
///
/// Redirects are never followed: a redirect to another host would carry the API key there.
/// A 3xx comes back as a response like any other status.
///
/// The sessions are ephemeral and keep no state between calls: no cookies, no cache, no stored
/// URL credentials (authentication is ``AuthenticatingTransport``'s job). Every call is bounded
/// (``HTTPLimits``): a short timeout for writes, because on Linux a write whose response is lost
/// waits out the whole timeout before failing (see providers/CONTRACT.md, "Both"); a total time
/// per attempt, however steadily a server trickles its answer; and a largest answer, counted as
/// the bytes arrive. Failures are thrown as ``TransportError`` (see ``TransportError/classify(_:for:)``).
package final class URLSessionTransport: HTTPTransport {
    /// The request timeout used when none is given: 30 seconds.
    package static let defaultTimeout: Duration = .seconds(30)

    private let readSession: URLSession
    private let writeSession: URLSession
    private let delegate: SessionDelegate
    private let limits: HTTPLimits

    /// The transports ``shared(limits:)`` hands out, one per distinct limits.
    private static let sharedTransports = Mutex<[HTTPLimits: URLSessionTransport]>([:])

    /// The process's transport for `limits`, made on first use and kept for the life of the process.
    ///
    /// Provider clients are made afresh for every cycle of a long run (`sync --watch`, `serve`); sharing
    /// the transport keeps their sessions, and the connections those keep open, from piling up with
    /// the cycles. The sessions keep nothing of an account's (no cookies, cache or credentials), so
    /// accounts with the same limits can share them.
    ///
    /// - Parameter limits: timeouts and the largest answer accepted.
    /// - Returns: The same transport for equal limits.
    package static func shared(limits: HTTPLimits) -> URLSessionTransport {
        sharedTransports.withLock { transports in
            if let transport = transports[limits] { return transport }
            let transport = URLSessionTransport(limits: limits)
            transports[limits] = transport
            return transport
        }
    }

    /// The most connections a session opens to one host at once: room for a Freshstatus list's 16 pages in
    /// flight (``FreshstatusClient/concurrency``) beside the other lists read at the same time.
    package static let maximumConnectionsPerHost = 24

    /// Creates a transport with its own ephemeral sessions.
    ///
    /// - Parameter limits: timeouts and the largest answer accepted.
    package init(limits: HTTPLimits) {
        func configuration(timeout: Duration) -> URLSessionConfiguration {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpCookieStorage = nil
            configuration.httpShouldSetCookies = false
            configuration.httpCookieAcceptPolicy = .never
            configuration.urlCache = nil
            configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
            configuration.urlCredentialStorage = nil
            configuration.timeoutIntervalForRequest = max(timeout.timeInterval, 0.001)
            configuration.timeoutIntervalForResource = max(limits.totalTimeout.timeInterval, 0.001)
            // URLSession on Linux opens at most 6 connections to a host by default, which held a
            // client's 8 concurrent list-page reads to 6; the clients and the rate limiters bound
            // the calls in flight themselves.
            configuration.httpMaximumConnectionsPerHost = Self.maximumConnectionsPerHost
            return configuration
        }
        let delegate = SessionDelegate(maxResponseBytes: limits.maxResponseBytes)
        self.delegate = delegate
        self.limits = limits
        self.readSession = URLSession(
            configuration: configuration(timeout: limits.readTimeout), delegate: delegate, delegateQueue: nil)
        self.writeSession = URLSession(
            configuration: configuration(timeout: limits.writeTimeout), delegate: delegate, delegateQueue: nil)
    }

    /// The sessions reads and writes go out on, for a test that checks they are let go.
    package var sessions: (read: URLSession, write: URLSession) { (readSession, writeSession) }

    /// Creates a transport whose reads and writes share one timeout.
    ///
    /// - Parameters:
    ///   - timeout: How long a request may wait for data before it fails with
    ///     ``TransportError/timedOut(method:url:)`` (reads) or
    ///     ``TransportError/outcomeUnknown(method:url:cause:)`` (writes).
    ///   - resourceTimeout: How long one whole round trip may take; defaults to ``HTTPLimits/standard``'s.
    package convenience init(timeout: Duration = URLSessionTransport.defaultTimeout, resourceTimeout: Duration? = nil) {
        var limits = HTTPLimits.standard.withTimeout(timeout)
        if let resourceTimeout { limits.totalTimeout = resourceTimeout }
        self.init(limits: limits)
    }

    deinit {
        readSession.finishTasksAndInvalidate()
        writeSession.finishTasksAndInvalidate()
    }

    /// Sends `request` and returns the response, whatever its status code.
    ///
    /// - Throws: ``TransportError``, or `CancellationError` for a cancelled read.
    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let isRead = request.method.isRead
        let timeout = isRead ? limits.readTimeout : limits.writeTimeout
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData,
            timeoutInterval: max(timeout.timeInterval, 0.001))
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
        let session = isRead ? readSession : writeSession
        if !isRead { urlRequest.setValue("close", forHTTPHeaderField: "Connection") }
        // Not `session.data(for:)`, for two Linux URLSession faults: its cancellation handler cancels the
        // task synchronously and can deadlock against the queue resuming it, and a 401 carrying
        // `WWW-Authenticate` never completes unless the session's delegate answers the challenge. The
        // answer is gathered by the delegate, which counts its bytes, and a timer of our own bounds the
        // whole attempt (URLSession's resource timeout is not always kept on Linux).
        let pending = PendingTask()
        // The task (and through it its session and the delegate) is let go when the call ends, not
        // when its total timeout would have.
        defer { pending.finish() }
        let outcome: TaskOutcome
        do {
            outcome = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let task = session.dataTask(with: urlRequest)
                    delegate.register(task, continuation: continuation)
                    pending.start(task, deadline: limits.totalTimeout) { [delegate] in delegate.expire(task) }
                }
            } onCancel: {
                pending.cancel()
            }
        } catch let failure as TaskFailure {
            throw failure.error(for: request, limits: limits)
        } catch {
            throw TransportError.classify(error, for: request)
        }
        if case .challenged(let response) = outcome { return response }
        guard case .answered(let data, let response) = outcome, let http = response as? HTTPURLResponse else {
            throw TransportError.notHTTPResponse(method: request.method, url: URLRedaction.redactedURL(request.url))
        }
        var headers: [String: String] = [:]
        for case (let name as String, let value as String) in http.allHeaderFields {
            headers[name] = value
        }
        return HTTPResponse(statusCode: http.statusCode, headers: headers, body: data)
    }
}

/// What a data task ended with.
private enum TaskOutcome: Sendable {
    /// The server answered.
    case answered(Data, URLResponse)
    /// A 401 with an authentication challenge: its status and headers (URLSession drops the body).
    case challenged(HTTPResponse)
}

/// A task the transport ended itself.
private enum TaskFailure: Error {
    /// The answer grew past the largest accepted.
    case tooLarge
    /// The attempt outlasted the total timeout.
    case tooSlow

    func error(for request: HTTPRequest, limits: HTTPLimits) -> TransportError {
        let url = URLRedaction.redactedURL(request.url)
        switch (self, request.method.isRead) {
        case (.tooLarge, true):
            return .responseTooLarge(method: request.method, url: url, limit: limits.maxResponseBytes)
        case (.tooSlow, true):
            return .tooSlow(method: request.method, url: url, limit: limits.totalTimeout)
        case (.tooLarge, false):
            return .outcomeUnknown(
                method: request.method, url: url, cause: .responseTooLarge(limit: limits.maxResponseBytes))
        case (.tooSlow, false):
            return .outcomeUnknown(method: request.method, url: url, cause: .tooSlow(limit: limits.totalTimeout))
        }
    }
}

/// The sessions' delegate: gathers each task's answer, ends one that grows too large, refuses every
/// HTTP redirect (so credentials are only ever sent to the configured host), and turns an
/// authentication challenge into the response that carried it.
private final class SessionDelegate: NSObject, URLSessionDataDelegate, Sendable {
    private struct Gathering {
        var continuation: CheckedContinuation<TaskOutcome, any Error>
        var data = Data()
        var response: URLResponse?
        var challenged: HTTPResponse?
        var failure: TaskFailure?
    }

    private let maxResponseBytes: Int
    private let tasks = Mutex<[ObjectIdentifier: Gathering]>([:])

    init(maxResponseBytes: Int) {
        self.maxResponseBytes = maxResponseBytes
    }

    /// Starts gathering `task`'s answer for `continuation`, which is resumed exactly once.
    func register(_ task: URLSessionTask, continuation: CheckedContinuation<TaskOutcome, any Error>) {
        tasks.withLock { $0[ObjectIdentifier(task)] = Gathering(continuation: continuation) }
    }

    /// Ends `task` because it outlasted the total timeout.
    func expire(_ task: URLSessionTask) {
        fail(task, .tooSlow)
    }

    private func fail(_ task: URLSessionTask, _ failure: TaskFailure) {
        let found = tasks.withLock { tasks in
            guard var gathering = tasks[ObjectIdentifier(task)] else { return false }
            gathering.failure = gathering.failure ?? failure
            tasks[ObjectIdentifier(task)] = gathering
            return true
        }
        if found { DispatchQueue.global().async { task.cancel() } }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        tasks.withLock { $0[ObjectIdentifier(dataTask)]?.response = response }
        if response.expectedContentLength > Int64(maxResponseBytes) {
            fail(dataTask, .tooLarge)
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLarge = tasks.withLock { tasks in
            guard var gathering = tasks[ObjectIdentifier(dataTask)], gathering.failure == nil else { return false }
            guard gathering.data.count + data.count <= maxResponseBytes else { return true }
            gathering.data.append(data)
            tasks[ObjectIdentifier(dataTask)] = gathering
            return false
        }
        if tooLarge { fail(dataTask, .tooLarge) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let gathering = tasks.withLock({ $0.removeValue(forKey: ObjectIdentifier(task)) }) else { return }
        if let failure = gathering.failure {
            gathering.continuation.resume(throwing: failure)
        } else if let challenged = gathering.challenged {
            gathering.continuation.resume(returning: .challenged(challenged))
        } else if let error {
            gathering.continuation.resume(throwing: error)
        } else if let response = gathering.response ?? task.response {
            gathering.continuation.resume(returning: .answered(gathering.data, response))
        } else {
            gathering.continuation.resume(throwing: URLError(.badServerResponse))
        }
    }

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
            tasks.withLock { $0[ObjectIdentifier(task)]?.challenged = response }
        }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}

/// A data task that may be cancelled before or after it starts, without blocking the canceller.
///
/// Its expiry timer is cancelled by ``finish()``: a cancelled timer lets go of its handler, and with it
/// the task, at once. (A `DispatchQueue.asyncAfter` would keep every finished task, its session and
/// the sessions' delegate alive for the whole total timeout, two minutes by default.)
private final class PendingTask: Sendable {
    private let state = Mutex<(task: URLSessionDataTask?, timer: (any DispatchSourceTimer)?, isCancelled: Bool)>(
        (nil, nil, false))

    /// Starts `task`, or cancels it at once when the caller was cancelled first; calls `expire` if it
    /// is still running after `deadline`, unless ``finish()`` was called first.
    func start(_ task: URLSessionDataTask, deadline: Duration, expire: @escaping @Sendable () -> Void) {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + deadline.timeInterval)
        timer.setEventHandler { expire() }
        timer.activate()
        let isCancelled = state.withLock { state in
            state.task = task
            state.timer = timer
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

    /// Ends the expiry timer and lets go of the task, once the call has its outcome.
    func finish() {
        state.withLock { state in
            state.timer?.cancel()  // does not wait for the handler
            (state.task, state.timer) = (nil, nil)
        }
    }

    private static func cancelLater(_ task: URLSessionDataTask) {
        DispatchQueue.global().async { task.cancel() }
    }
}
