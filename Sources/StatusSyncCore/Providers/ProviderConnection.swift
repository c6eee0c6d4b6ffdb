import Foundation

/// Sends one provider's requests through a transport and turns every answer into JSON or a ``ProviderError``.
///
/// Both clients use it, so that status codes, bodies and transport failures are read the same
/// way everywhere: the mapping is described on ``ProviderError``.
package struct ProviderConnection: Sendable {
    /// The transport requests go through (the account's ``TransportStack`` in production).
    package let transport: any HTTPTransport
    /// The provider, for error messages.
    package let provider: ProviderID
    /// The account's name in the configuration, for error messages.
    package let account: String
    /// The environment variable holding the account's API key, named when the key is rejected.
    package let apiKeyEnv: String

    /// Creates a connection.
    package init(transport: any HTTPTransport, provider: ProviderID, account: String, apiKeyEnv: String) {
        self.transport = transport
        self.provider = provider
        self.account = account
        self.apiKeyEnv = apiKeyEnv
    }

    /// Sends a request and returns its successful (2xx) response.
    ///
    /// - Parameters:
    ///   - method: The method.
    ///   - url: The absolute URL.
    ///   - body: A JSON body, sent with `Content-Type: application/json`.
    /// - Returns: The response.
    /// - Throws: ``ProviderError`` for every failure, or `CancellationError`.
    package func send(_ method: HTTPMethod, _ url: URL, body: JSONValue? = nil) async throws -> HTTPResponse {
        var request = HTTPRequest(method: method, url: url, headers: ["Accept": "application/json"])
        if let body {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            request.body = try encoder.encode(body)
            request.setHeader("Content-Type", to: "application/json")
        }
        let path = URLRedaction.redactedPathAndQuery(url)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError {
            if method.isRead || error.wasNotSent { throw ProviderError.transport(error) }
            let reason =
                if case .outcomeUnknown(_, _, let cause) = error { cause.description } else { error.description }
            throw ProviderError.outcomeUnknown(method: method, path: path, reason: reason)
        }
        try check(response, method: method, path: path)
        return response
    }

    /// Sends a request and decodes its body as JSON.
    ///
    /// A write whose 2xx answer cannot be read may still have taken effect, so it fails as
    /// ``ProviderError/outcomeUnknown(method:path:reason:)``; a read fails as ``ProviderError/undecodable(method:path:reason:)``.
    package func json(_ method: HTTPMethod, _ url: URL, body: JSONValue? = nil) async throws -> JSONValue {
        let response = try await send(method, url, body: body)
        return try decode(response.body, method: method, url: url)
    }

    /// Decodes a body as JSON, failing as ``json(_:_:body:)`` describes.
    ///
    /// Read by ``JSONReader``; a body it refuses goes to `JSONDecoder`, which gives the same value or the error.
    package func decode(_ body: Data, method: HTTPMethod, url: URL) throws(ProviderError) -> JSONValue {
        if let value = try? JSONReader.value(of: body) { return value }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: body)
        } catch {
            throw undecodable(method: method, url: url, reason: Self.bodyProblem(body))
        }
    }

    /// The error for a successful answer whose JSON is not what was expected.
    package func undecodable(method: HTTPMethod, url: URL, reason: String) -> ProviderError {
        let path = URLRedaction.redactedPathAndQuery(url)
        if method.isRead { return .undecodable(method: method, path: path, reason: reason) }
        return .outcomeUnknown(
            method: method, path: path, reason: "the provider answered, but not with the expected JSON: \(reason)")
    }

    private func check(_ response: HTTPResponse, method: HTTPMethod, path: String) throws(ProviderError) {
        switch response.statusCode {
        case 200..<300:
            return
        case 401, 403:
            throw .credentialsRejected(
                account: account, provider: provider, variable: apiKeyEnv, status: response.statusCode)
        case 404:
            throw .notFound(method: method, path: path)
        case 400, 422:
            throw .validationFailed(
                method: method, path: path, messages: ProviderError.validationMessages(in: response.body))
        case 429:
            throw .rateLimited(method: method, path: path, retryAfter: response.header("Retry-After"))
        case 500..<600:
            if method.isRead { throw .serverError(method: method, path: path, status: response.statusCode) }
            throw .outcomeUnknown(method: method, path: path, reason: "HTTP \(response.statusCode)")
        default:
            throw .unexpectedStatus(method: method, path: path, status: response.statusCode)
        }
    }

    /// A short description of a body that is not JSON, without quoting more than its start.
    private static func bodyProblem(_ body: Data) -> String {
        if body.isEmpty { return "the body is empty" }
        let start = String(decoding: body.prefix(60), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
        return "the body is not JSON (it starts with \"\(start)\")"
    }

    /// Sends a create, update or action and reads the entity it answers with.
    ///
    /// The write has happened once a 2xx arrives, so a body the model cannot hold still returns the
    /// id (with no entity); only a body without an id is an ``ProviderError/outcomeUnknown(method:path:reason:)``.
    /// - Parameters:
    ///   - method: the write's method.
    ///   - url: where to send it.
    ///   - body: the request's JSON.
    ///   - key: the snapshot key of the kind written (`incidents`, ...), to read the answer as the model.
    /// - Returns: the written entity's id, the model value where the answer holds one, and the raw answer.
    /// - Throws: ``ProviderError``.
    package func write(_ method: HTTPMethod, _ url: URL, body: JSONValue, key: String) async throws -> WriteResult {
        let raw = try await json(method, url, body: body)
        guard let id = ProviderJSON.id(ProviderJSON.member(raw, "id")) else {
            throw undecodable(method: method, url: url, reason: "the answer has no id")
        }
        let state = try? ProviderData.state(from: .object([key: .array([raw])]), provider: provider)
        return WriteResult(id: id, entity: state.flatMap(WrittenEntity.init(only:)), raw: raw)
    }
}

extension ProviderConnection {
    /// A one-line reason for a decoding failure, naming the field.
    package static func decodingReason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing \"\(key.stringValue)\"" + pathSuffix(context.codingPath)
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            context.debugDescription + pathSuffix(context.codingPath)
        case let conversion as ConversionError:
            conversion.description
        default:
            "\(error)"
        }
    }

    private static func pathSuffix(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

extension ProviderConnection {
    /// One kind's list in full, as ``StatusPageProvider/read(_:)`` answers: refused when the provider
    /// does not list the kind, else the items as sent and in model terms.
    ///
    /// - Parameters:
    ///   - kind: The kind to list.
    ///   - list: Reads the kind's list, every page.
    /// - Returns: The listing.
    /// - Throws: ``ProviderError/unsupported(provider:operation:)``, or what `list` or decoding throws.
    package func listing(
        _ kind: EntityKind, list: (EntityKind) async throws -> [JSONValue]
    ) async throws -> ProviderListing {
        guard EntityKind.listedKinds(of: provider).contains(kind) else {
            throw ProviderError.unsupported(provider: provider, operation: "listing \(kind.snapshotKey)")
        }
        let items = try await list(kind)
        let state = try ProviderData.state(from: .object([kind.snapshotKey: .array(items)]), provider: provider)
        return ProviderListing(kind: kind, items: items, state: state)
    }
}
