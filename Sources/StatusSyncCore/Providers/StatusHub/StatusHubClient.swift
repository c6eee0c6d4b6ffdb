import Foundation
import Synchronization

/// A StatusHub Management API v3 hub, read and written through a transport.
///
/// Every request goes to `{base}/hubs/{hub}/...` without a trailing slash and carries
/// `api_version=V3-R1`. Lists are read with `per_page=100` and followed as
/// ``ProviderPaging/statusHubNext(afterPage:itemCount:linkHeader:totalPages:)`` decides; incidents
/// are then read one by one in their detail form, several at a time (the transport's rate
/// limiter paces them). The request bodies are in `StatusHubClient+Requests.swift`.
package struct StatusHubClient: StatusPageProvider {
    package var provider: ProviderID { .statushub }

    /// The API root, such as `https://acme.app.statushub.io/api/v3`.
    package let baseURL: URL
    /// The hub's subdomain, the `{hub}` in every path.
    package let hub: String
    /// How many incident details are read at once.
    package let detailConcurrency: Int
    let connection: ProviderConnection

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - baseURL: The API root.
    ///   - hub: The hub's subdomain.
    ///   - transport: The transport (the account's ``TransportStack``, which authenticates and paces).
    ///   - account: The account's name in the configuration, for error messages.
    ///   - apiKeyEnv: The variable that holds the key, named when the key is rejected.
    ///   - detailConcurrency: How many incident details are read at once.
    package init(
        baseURL: URL, hub: String, transport: any HTTPTransport, account: String = "statushub",
        apiKeyEnv: String = "STATUSHUB_API_KEY", detailConcurrency: Int = 12
    ) {
        self.baseURL = baseURL
        self.hub = hub
        self.detailConcurrency = max(detailConcurrency, 1)
        self.connection = ProviderConnection(
            transport: transport, provider: .statushub, account: account, apiKeyEnv: apiKeyEnv)
    }

    // MARK: - Reads

    package func fetchAccount(since previous: PreviousFetch?, progress: FetchProgressHandler?) async throws
        -> FetchResult
    {
        let kinds = EntityKind.listedKinds(of: .statushub)
        let tracker = FetchTracker(kinds: kinds.map(\.snapshotKey), handler: progress)
        let reusable = Self.reusableDetails(in: previous)
        let lists = try await ProviderPaging.concurrentlyForEach(kinds) { kind in
            guard kind == .incident else { return try await list(kind, tracker: tracker) }
            // Details are read as soon as a list page names them, while later pages are still on their way.
            let prefetch = DetailPrefetch()
            defer { prefetch.cancelAll() }
            let items = try await list(
                path: [Self.resource(kind)], key: kind.snapshotKey, tracker: tracker,
                onPage: { page in
                    for summary in page where Self.reusable(summary, in: reusable) == nil {
                        guard let id = ProviderJSON.id(ProviderJSON.member(summary, "id")) else { continue }
                        prefetch.start(id) { try await detail(id: id, tracker: tracker) }
                    }
                })
            return try await details(of: items, reusing: reusable, prefetched: prefetch, tracker: tracker)
        }
        return FetchResult(
            kinds: kinds, lists: lists, tracker: tracker,
            reusedDetails: tracker.reusedDetails)
    }

    package func read(_ kind: EntityKind) async throws -> ProviderListing {
        try await connection.listing(kind) { kind in try await list(kind, tracker: nil) }
    }

    package func incident(id: String) async throws -> IncidentRead? {
        guard let raw = try await detail(id: id, tracker: nil) else { return nil }
        let url = try self.url(["incidents", id])
        guard let incident = try model(raw, key: "incidents", url: url).incidents.first else {
            throw connection.undecodable(method: .get, url: url, reason: "no incident in the answer")
        }
        return IncidentRead(raw: raw, incident: incident)
    }

    /// Reads a whole list, page by page.
    func list(_ kind: EntityKind, query: [URLQueryItem] = [], tracker: FetchTracker?) async throws -> [JSONValue] {
        try await list(path: [Self.resource(kind)], query: query, key: kind.snapshotKey, tracker: tracker)
    }

    /// Reads a whole list under `path`, following StatusHub's paging in whichever form the server uses.
    ///
    /// Each page is reported to `tracker` as a list page of `key`, or, with `asDetail`, as a detail read.
    func list(
        path: [String], query: [URLQueryItem] = [], key: String, tracker: FetchTracker?, asDetail: Bool = false,
        onPage: (@Sendable ([JSONValue]) -> Void)? = nil
    ) async throws -> [JSONValue] {
        @Sendable func record(_ count: Int, remaining: Int?) {
            if asDetail {
                tracker?.detailRead()
            } else {
                tracker?.pageRead(key, items: count, pagesRemaining: remaining)
            }
        }
        let shownPath = URLRedaction.redactedPathAndQuery(try url(path))
        @Sendable func pageURL(_ number: Int) throws(InternalError) -> URL {
            try url(
                path,
                query: query + [
                    URLQueryItem(name: "page", value: String(number)),
                    URLQueryItem(name: "per_page", value: String(ProviderPaging.statusHubPerPage)),
                ])
        }
        var items: [JSONValue] = []
        var seen = ProviderPaging.VisitedPages(path: shownPath)
        var current = try pageURL(1)
        var number = 1
        while true {
            try seen.visit(current)
            let page = try await readPage(current)
            onPage?(page.items)
            items += page.items
            let next = ProviderPaging.statusHubNext(
                afterPage: number, itemCount: page.items.count, linkHeader: page.link, totalPages: page.totalPages)
            switch next {
            case .stop:
                record(page.items.count, remaining: 0)
                return ProviderPaging.uniqueByID(items)
            case .link(let link):
                record(page.items.count, remaining: nil)
                current = withAPIVersion(
                    try ProviderPaging.resolve(link, current: current, base: baseURL, path: shownPath))
                number += 1
            case .page(let following):
                record(page.items.count, remaining: nil)
                current = try pageURL(following)
                number = following
            case .pages(let remaining):
                record(page.items.count, remaining: remaining.count)
                guard remaining.count < ProviderPaging.maximumPages else {
                    throw ProviderError.tooManyPages(path: shownPath, pages: ProviderPaging.maximumPages)
                }
                let pages = try await ProviderPaging.concurrentMap(Array(remaining), limit: detailConcurrency) {
                    number in
                    let page = try await readPage(try pageURL(number))
                    onPage?(page.items)
                    record(page.items.count, remaining: 0)
                    return page.items
                }
                return ProviderPaging.uniqueByID(items + pages.flatMap { $0 })
            }
        }
    }

    /// One list page: its items, its `Link` header and its `meta.total_pages`.
    private func readPage(_ url: URL) async throws -> (items: [JSONValue], link: String?, totalPages: Int?) {
        let response = try await connection.send(.get, url)
        let body = try connection.decode(response.body, method: .get, url: url)
        guard let items = ProviderJSON.member(body, "data")?.arrayValue else {
            throw connection.undecodable(method: .get, url: url, reason: "no \"data\" array in the list")
        }
        let totalPages = ProviderJSON.member(ProviderJSON.member(body, "meta"), "total_pages")?.intValue
        return (items, response.header("Link"), totalPages)
    }

    /// Replaces each summary with its detail form, reusing the previous snapshot's where `updated_at` is unchanged.
    ///
    /// An incident deleted between the list and its detail read (404) is left out.
    private func details(
        of summaries: [JSONValue], reusing reusable: [String: JSONValue], prefetched: DetailPrefetch,
        tracker: FetchTracker
    ) async throws -> [JSONValue] {
        var work: [(id: String, reuse: JSONValue?)] = []
        for summary in summaries {
            guard let id = ProviderJSON.id(ProviderJSON.member(summary, "id")) else {
                throw connection.undecodable(
                    method: .get, url: try url(["incidents"]), reason: "an incident in the list has no id")
            }
            work.append((id, Self.reusable(summary, in: reusable)))
        }
        let toFetch = work.filter { $0.reuse == nil }.count
        tracker.detailsPlanned(toFetch, reused: work.count - toFetch)
        let results = try await ProviderPaging.concurrentMap(work, limit: detailConcurrency) { item -> JSONValue? in
            if let reuse = item.reuse { return reuse }
            if let started = prefetched.take(item.id) { return try await started.value }
            return try await detail(id: item.id, tracker: tracker)
        }
        return results.compactMap { $0 }
    }

    /// The previous snapshot's detail of `summary`'s incident when its `updated_at` is unchanged.
    static func reusable(_ summary: JSONValue, in reusable: [String: JSONValue]) -> JSONValue? {
        guard let id = ProviderJSON.id(ProviderJSON.member(summary, "id")), let previous = reusable[id] else {
            return nil
        }
        let unchanged = ProviderJSON.sameInstant(
            ProviderJSON.member(summary, "updated_at"), ProviderJSON.member(previous, "updated_at"))
        return unchanged ? previous : nil
    }

    /// Reads one incident's detail form, or `nil` on a 404.
    ///
    /// A detail without `incident_updates` gets them from `incidents/{id}/incident_updates`.
    private func detail(id: String, tracker: FetchTracker?) async throws -> JSONValue? {
        let url = try self.url(["incidents", id])
        let value: JSONValue
        do {
            value = try await connection.json(.get, url)
            tracker?.detailRead()
        } catch let error as ProviderError where error.isNotFound {
            tracker?.detailRead()
            return nil
        }
        guard var object = value.objectValue, ProviderJSON.id(object["id"]) != nil else {
            throw connection.undecodable(method: .get, url: url, reason: "the incident is not an object with an id")
        }
        if object["incident_updates"]?.arrayValue == nil {
            let updates = try await list(
                path: ["incidents", id, "incident_updates"], key: "incidents", tracker: tracker, asDetail: true)
            object["incident_updates"] = .array(updates)
        }
        return .object(object)
    }

    /// The previous snapshot's incidents in detail form, by id, that can be trusted when `updated_at` is unchanged.
    ///
    /// `updated_at` has one-second precision, so a change made in the same second the previous
    /// snapshot read an incident leaves it unchanged. Only incidents last changed strictly before
    /// the second the previous fetch started are reusable; a snapshot that does not record its
    /// start offers none.
    static func reusableDetails(in previous: PreviousFetch?) -> [String: JSONValue] {
        guard let previous, previous.provider == .statushub, let startedAt = previous.startedAt,
            let incidents = ProviderJSON.member(previous.data, "incidents")?.arrayValue
        else { return [:] }
        var byID: [String: JSONValue] = [:]
        for incident in incidents where ProviderJSON.member(incident, "incident_updates")?.arrayValue != nil {
            guard let text = ProviderJSON.member(incident, "updated_at")?.stringValue,
                let updatedAt = Instant(iso8601: text), updatedAt < startedAt
            else { continue }
            if let id = ProviderJSON.id(ProviderJSON.member(incident, "id")) { byID[id] = incident }
        }
        return byID
    }

    /// Reads one incident (in its detail form, with its updates) or maintenance as the API sends it, or
    /// `nil` on a 404.
    ///
    /// - Parameters:
    ///   - kind: ``EntityKind/incident`` or ``EntityKind/maintenance``.
    ///   - id: The provider's id.
    /// - Returns: The item in its snapshot shape, or `nil` when it does not exist.
    /// - Throws: ``ProviderError``, or `CancellationError`.
    package func item(_ kind: EntityKind, id: String) async throws -> JSONValue? {
        if kind == .incident { return try await detail(id: id, tracker: nil) }
        do {
            return try await connection.json(.get, try url([kind.snapshotKey, id]))
        } catch let error as ProviderError where error.isNotFound {
            return nil
        }
    }

    // MARK: - URLs

    /// The URL of `path` under the hub, with `query` and `api_version=V3-R1`.
    func url(_ path: [String], query: [URLQueryItem] = []) throws(InternalError) -> URL {
        var root = baseURL.absoluteString
        while root.hasSuffix("/") { root.removeLast() }
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        let segments = (["hubs", hub] + path).map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }
        var components = URLComponents(string: root + "/" + segments.joined(separator: "/"))
        components?.queryItems = query + [Self.apiVersion]
        guard let url = components?.url else {
            throw InternalError("the API root \(baseURL) and \(path) make no URL")
        }
        return url
    }

    /// `url` with `api_version=V3-R1` added when a link left it out.
    private func withAPIVersion(_ url: URL) -> URL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url }
        var items = components.queryItems ?? []
        guard !items.contains(where: { $0.name == Self.apiVersion.name }) else { return url }
        items.append(Self.apiVersion)
        components.queryItems = items
        return components.url ?? url
    }

    /// Reads one item the provider answered with into the model, through the snapshot conversion.
    func model(_ raw: JSONValue, key: String, url: URL) throws -> AccountState {
        do {
            return try ProviderData.state(from: .object([key: .array([raw])]), provider: .statushub)
        } catch {
            throw connection.undecodable(method: .get, url: url, reason: ProviderConnection.decodingReason(error))
        }
    }
}

/// Incident detail reads started while the list is still being paged, each at most once.
final class DetailPrefetch: Sendable {
    private let tasks = Mutex<[String: Task<JSONValue?, any Error>]>([:])

    /// Starts reading `id`'s detail unless a read of it has already started.
    func start(_ id: String, _ read: @escaping @Sendable () async throws -> JSONValue?) {
        tasks.withLock { tasks in
            if tasks[id] == nil { tasks[id] = Task { try await read() } }
        }
    }

    /// The read started for `id`, handed over to the caller (who awaits it), if any.
    func take(_ id: String) -> Task<JSONValue?, any Error>? {
        tasks.withLock { $0.removeValue(forKey: id) }
    }

    /// Cancels the reads nobody took (the list failed, or an incident left it).
    func cancelAll() {
        for task in tasks.withLock({ tasks in
            defer { tasks.removeAll() }
            return Array(tasks.values)
        }) { task.cancel() }
    }
}

extension StatusHubClient: SingleItemReading {}
