import Foundation

/// A Freshstatus API v1 account, read and written through a transport.
///
/// Every path ends in `/`. Lists are read by following `next` until it is `null` (the server
/// fixes the page size); a `next` that points at a page already read is an error, not a loop.
/// Incidents and maintenances embed their updates; an item that does not gets them from
/// `incident-updates/?incident=ID` (or `maintenance-updates/?maintenance=ID`). The request bodies
/// are in `FreshstatusClient+Requests.swift`, the recent-only incident read in `FreshstatusClient+RecentIncidents.swift`.
package struct FreshstatusClient: StatusPageProvider {
    package var provider: ProviderID { .freshstatus }

    /// The API root, such as `https://public-api.freshstatus.io/api/v1/`.
    package let baseURL: URL
    /// How many pages of a list (or updates lists) are read at once.
    ///
    /// 16 by default: the account's 29 incident pages of the example seed are read in two round trips after
    /// the first page instead of four. Freshstatus limits calls per hour, not calls in flight.
    package let concurrency: Int
    let connection: ProviderConnection

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - baseURL: The API root.
    ///   - transport: The transport (the account's ``TransportStack``, which authenticates and paces).
    ///   - account: The account's name in the configuration, for error messages.
    ///   - apiKeyEnv: The variable that holds the key, named when the key is rejected.
    ///   - concurrency: How many pages of a list, or updates lists, are read at once.
    package init(
        baseURL: URL, transport: any HTTPTransport, account: String = "freshstatus",
        apiKeyEnv: String = "FRESHSTATUS_API_KEY", concurrency: Int = 16
    ) {
        self.baseURL = baseURL
        self.concurrency = max(concurrency, 1)
        self.connection = ProviderConnection(
            transport: transport, provider: .freshstatus, account: account, apiKeyEnv: apiKeyEnv)
    }

    // MARK: - Reads

    /// Reads every list; with a previous fetch that allows it (``PreviousFetch/recentOnly``), the incident list
    /// only as far as its recent incidents, the older ones carried over (see ``RecentIncidentListing``).
    package func fetchAccount(since previous: PreviousFetch?, progress: FetchProgressHandler?) async throws
        -> FetchResult
    {
        let kinds = EntityKind.listedKinds(of: .freshstatus)
        let tracker = FetchTracker(kinds: kinds.map(\.snapshotKey), handler: progress)
        let now = Instant(Date())
        let recent = previous.flatMap { previous -> RecentIncidentListing? in
            guard previous.recentOnly, previous.provider == .freshstatus,
                let items = ProviderJSON.member(previous.data, EntityKind.incident.snapshotKey)?.arrayValue
            else { return nil }
            return RecentIncidentListing(previous: items, now: now)
        }
        let reads = try await ProviderPaging.concurrentlyForEach(kinds) { kind -> ListRead in
            if kind == .incident, let recent { return try await listRecentIncidents(recent, tracker: tracker) }
            let items = try await list(kind, tracker: tracker)
            let pages = tracker.pagesRead(kind.snapshotKey)
            return ListRead(
                items: items, calls: pages, pageSize: (items.count + max(pages, 1) - 1) / max(pages, 1))
        }
        var result = FetchResult(
            kinds: kinds, lists: reads.mapValues(\.items), tracker: tracker, reusedDetails: 0)
        if let incidents = reads[.incident] {
            let others = result.calls - incidents.calls
            let size = max(incidents.pageSize, 1)
            let listing = recent ?? RecentIncidentListing(previous: incidents.items, now: now)
            result.scopeCalls = FetchScopeCalls(
                full: others + max(1, (incidents.items.count + size - 1) / size),
                recent: others + listing.recentCalls(of: incidents.items, pageSize: size))
            result.carriedOver = incidents.carriedOver
        }
        return result
    }

    package func read(_ kind: EntityKind) async throws -> ProviderListing {
        try await connection.listing(kind) { kind in try await list(kind, tracker: nil) }
    }

    package func incident(id: String) async throws -> IncidentRead? {
        let url = try self.url(["incidents", id])
        var raw: JSONValue
        do {
            raw = try await connection.json(.get, url)
        } catch let error as ProviderError where error.isNotFound {
            return nil
        }
        raw = try await embeddingUpdates(raw, kind: .incident, tracker: nil)
        let state: AccountState
        do {
            state = try ProviderData.state(from: .object(["incidents": .array([raw])]), provider: .freshstatus)
        } catch {
            throw connection.undecodable(method: .get, url: url, reason: ProviderConnection.decodingReason(error))
        }
        guard let incident = state.incidents.first else {
            throw connection.undecodable(method: .get, url: url, reason: "no incident in the answer")
        }
        return IncidentRead(raw: raw, incident: incident)
    }

    /// Reads a whole list of `kind`, with updates embedded in incidents and maintenances.
    func list(_ kind: EntityKind, tracker: FetchTracker?) async throws -> [JSONValue] {
        let items = try await list(path: [Self.resource(kind)], key: kind.snapshotKey, tracker: tracker)
        return try await embeddingMissingUpdates(items, kind: kind, tracker: tracker)
    }

    /// `items` of `kind`, those of incidents and maintenances that lack their updates given them from the updates list.
    func embeddingMissingUpdates(_ items: [JSONValue], kind: EntityKind, tracker: FetchTracker?) async throws
        -> [JSONValue]
    {
        guard kind == .incident || kind == .maintenance else { return items }
        let missing = items.filter { ProviderJSON.member($0, Self.updatesKey(kind))?.arrayValue == nil }.count
        guard missing > 0 else { return items }
        tracker?.detailsPlanned(missing)
        return try await ProviderPaging.concurrentMap(items, limit: concurrency) { item in
            try await embeddingUpdates(item, kind: kind, tracker: tracker)
        }
    }

    /// Reads every page of the list at `path` by following `next`.
    ///
    /// Each page is reported to `tracker` as a list page of `key`, or, with `asDetail`, as a detail read.
    func list(
        path: [String], query: [URLQueryItem] = [], key: String, tracker: FetchTracker?, asDetail: Bool = false
    ) async throws -> [JSONValue] {
        @Sendable func record(_ count: Int, remaining: Int?) {
            if asDetail {
                tracker?.detailRead()
            } else {
                tracker?.pageRead(key, items: count, pagesRemaining: remaining)
            }
        }
        var current = try url(path, query: query)
        let shownPath = URLRedaction.redactedPathAndQuery(current)
        var seen = ProviderPaging.VisitedPages(path: shownPath)
        var items: [JSONValue] = []
        while true {
            try seen.visit(current)
            let body = try await connection.json(.get, current)
            guard let results = ProviderJSON.member(body, "results")?.arrayValue else {
                throw connection.undecodable(method: .get, url: current, reason: "no \"results\" array in the list")
            }
            items += results
            let next = ProviderJSON.member(body, "next")
            guard let link = next?.stringValue, !link.isEmpty else {
                if let next, next != .null {
                    throw connection.undecodable(
                        method: .get, url: current, reason: "\"next\" is \(next.typeDescription), not a URL or null")
                }
                record(results.count, remaining: 0)
                return ProviderPaging.uniqueByID(items)
            }
            var remaining: Int?
            if let count = ProviderJSON.member(body, "count")?.intValue, !results.isEmpty {
                remaining = max(1, (count - items.count + results.count - 1) / results.count)
            }
            record(results.count, remaining: remaining)
            current = try ProviderPaging.resolve(link, current: current, base: baseURL, path: shownPath)
            // Once the first page has shown that `next` numbers the pages and the count says how many
            // follow, read them at once (the account's limiter still paces them); then keep following
            // `next` from the last one, in case the list grew meanwhile.
            if seen.count == 1, !seen.contains(current), let remaining, remaining > 1,
                let pages = Self.numberedPages(from: current, count: remaining)
            {
                var last: (page: URL, next: JSONValue?) = (current, nil)
                // The first batch is checked before the rest is asked for: a page whose `next` points
                // back at itself or at a page before it is a loop, found after at most 1 + concurrency calls.
                for batch in [pages.prefix(concurrency), pages.dropFirst(concurrency)] where !batch.isEmpty {
                    let bodies = try await ProviderPaging.concurrentMap(Array(batch), limit: concurrency) { page in
                        let body = try await connection.json(.get, page)
                        guard let results = ProviderJSON.member(body, "results")?.arrayValue else {
                            throw connection.undecodable(
                                method: .get, url: page, reason: "no \"results\" array in the list")
                        }
                        record(results.count, remaining: nil)
                        return (results, ProviderJSON.member(body, "next"))
                    }
                    for (page, (results, next)) in zip(batch, bodies) {
                        seen.insert(page)
                        items += results
                        if let link = next?.stringValue, !link.isEmpty,
                            let target = try? ProviderPaging.resolve(
                                link, current: page, base: baseURL, path: shownPath),
                            seen.contains(target)
                        {
                            throw ProviderError.pagingLoop(path: shownPath, url: URLRedaction.redactedURL(target))
                        }
                        last = (page, next)
                    }
                }
                guard let link = last.next?.stringValue, !link.isEmpty else {
                    return ProviderPaging.uniqueByID(items)
                }
                current = try ProviderPaging.resolve(link, current: last.page, base: baseURL, path: shownPath)
            }
        }
    }

    /// The URLs of `count` pages starting at `next`, when `next` numbers its page (`?page=2`).
    static func numberedPages(from next: URL, count: Int) -> [URL]? {
        guard count <= ProviderPaging.maximumPages,
            var components = URLComponents(url: next, resolvingAgainstBaseURL: true),
            let first = components.queryItems?.first(where: { $0.name == "page" })?.value.flatMap(Int.init)
        else { return nil }
        return (first..<(first + count)).compactMap { number in
            components.queryItems = components.queryItems?.map { item in
                item.name == "page" ? URLQueryItem(name: "page", value: String(number)) : item
            }
            return components.url
        }
    }

    /// `item` with its updates embedded, read from the updates list when the item lacks them.
    private func embeddingUpdates(_ item: JSONValue, kind: EntityKind, tracker: FetchTracker?) async throws
        -> JSONValue
    {
        let key = Self.updatesKey(kind)
        guard var object = item.objectValue, object[key]?.arrayValue == nil else { return item }
        guard let id = ProviderJSON.id(object["id"]) else {
            throw connection.undecodable(
                method: .get, url: try url([Self.resource(kind)]), reason: "an item in the list has no id")
        }
        let owner = kind == .incident ? "incident" : "maintenance"
        let updates = try await list(
            path: [kind == .incident ? "incident-updates" : "maintenance-updates"],
            query: [URLQueryItem(name: owner, value: id)], key: key, tracker: tracker, asDetail: true)
        object[key] = .array(updates)
        return .object(object)
    }

    /// Reads one incident or maintenance as the API sends it, its updates embedded, or `nil` on a 404.
    ///
    /// One call when the answer embeds its updates (as Freshstatus does), two otherwise.
    /// - Parameters:
    ///   - kind: ``EntityKind/incident`` or ``EntityKind/maintenance``.
    ///   - id: The provider's id.
    /// - Returns: The item in its snapshot shape, or `nil` when it does not exist.
    /// - Throws: ``ProviderError``, or `CancellationError`.
    package func item(_ kind: EntityKind, id: String) async throws -> JSONValue? {
        let url = try self.url([Self.resource(kind), id])
        let raw: JSONValue
        do {
            raw = try await connection.json(.get, url)
        } catch let error as ProviderError where error.isNotFound {
            return nil
        }
        return try await embeddingUpdates(raw, kind: kind, tracker: nil)
    }

    // MARK: - URLs

    /// The URL of `path` under the API root, ending in `/`, with `query`.
    func url(_ path: [String], query: [URLQueryItem] = []) throws(InternalError) -> URL {
        var root = baseURL.absoluteString
        if !root.hasSuffix("/") { root += "/" }
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        let segments = path.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }
        var components = URLComponents(string: root + segments.joined(separator: "/") + "/")
        if !query.isEmpty { components?.queryItems = query }
        guard let url = components?.url else {
            throw InternalError("the API root \(baseURL) and \(path) make no URL")
        }
        return url
    }
}

extension FreshstatusClient: SingleItemReading {}
