import Foundation
import StatusSyncCore
import Synchronization

/// A transport that answers from a handler or a queue of canned results and records every request.
package final class StubTransport: HTTPTransport {
    /// Computes the answer to one request.
    package typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse

    /// The error a queue-driven stub throws once its queue is empty.
    package struct ExhaustedError: Error, CustomStringConvertible {
        /// The request that found the queue empty.
        package var request: HTTPRequest
        /// A one-line explanation.
        package var description: String { "StubTransport has no canned result left for \(request)" }
    }

    private let handler: Handler
    private let recorded = Mutex<[HTTPRequest]>([])

    /// Creates a stub that answers every request with `handler`.
    package init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    /// Creates a stub that answers requests with `results` in order, then throws ``ExhaustedError``.
    package convenience init(results: [Result<HTTPResponse, any Error>]) {
        let queue = Mutex(results[...])
        self.init { request in
            guard let next = queue.withLock({ $0.popFirst() }) else { throw ExhaustedError(request: request) }
            return try next.get()
        }
    }

    /// Creates a stub that answers requests with `responses` in order, then throws ``ExhaustedError``.
    package convenience init(responses: [HTTPResponse]) {
        self.init(results: responses.map { .success($0) })
    }

    /// Every request received so far, in order.
    package var requests: [HTTPRequest] { recorded.withLock { $0 } }

    /// Records `request` and answers it.
    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        recorded.withLock { $0.append(request) }
        return try await handler(request)
    }
}
