import Foundation

/// A transport that writes one line per HTTP call, for `--verbose`.
///
/// A line holds the method, the path with its query, the status (or what went wrong) and the
/// round-trip time in milliseconds, such as `[old] GET /api/v1/services/?page=2 -> 200 (84 ms)`. It
/// never holds a header value, a body, user information from the URL, or the value of a query
/// parameter whose name looks secret (see ``URLRedaction``). Place it inside the rate limiter so the
/// time is the network's, and outside ``AuthenticatingTransport`` so it never sees the credential.
package struct LoggingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let prefix: String
    private let time: TimeSource
    private let log: @Sendable (String) -> Void

    /// Creates a logging transport.
    ///
    /// - Parameters:
    ///   - base: The transport that performs the round trip.
    ///   - label: A name shown in brackets at the start of each line, such as the account's name.
    ///   - time: The clock that times each call.
    ///   - log: Receives each line, without a trailing newline.
    package init(
        wrapping base: any HTTPTransport, label: String? = nil, time: TimeSource = .live,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.base = base
        self.prefix = label.map { "[\($0)] " } ?? ""
        self.time = time
        self.log = log
    }

    /// Sends `request` and logs the outcome, then returns the response or rethrows the error.
    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let start = time.now()
        let target = "\(request.method.rawValue) \(URLRedaction.redactedPathAndQuery(request.url))"
        do {
            let response = try await base.send(request)
            log("\(prefix)\(target) -> \(response.statusCode) (\(elapsedMilliseconds(since: start)) ms)")
            return response
        } catch {
            log("\(prefix)\(target) -> \(Self.summary(of: error)) (\(elapsedMilliseconds(since: start)) ms)")
            throw error
        }
    }

    private func elapsedMilliseconds(since start: Date) -> Int64 {
        max(time.now().duration(since: start).roundedMilliseconds, 0)
    }

    /// A short phrase for an error; the message of an error that is not ours is left out, as it may quote anything.
    private static func summary(of error: any Error) -> String {
        switch error {
        case let transportError as TransportError: transportError.summary
        case is CancellationError: "cancelled"
        default: "error (\(type(of: error)))"
        }
    }
}
