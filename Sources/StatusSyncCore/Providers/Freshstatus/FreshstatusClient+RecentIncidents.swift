import Foundation

extension FreshstatusClient {
    /// What reading one list took: its items, the calls, the server's page size, and whether older items were
    /// carried over from the previous fetch instead of read.
    struct ListRead: Sendable {
        var items: [JSONValue]
        var calls: Int
        var pageSize: Int
        var carriedOver = false
    }

    /// Reads the incident list newest first as far as `listing` needs, carries the older incidents over, reads
    /// the open ones among them one by one, and reads the rest of the list when a check fails.
    func listRecentIncidents(_ listing: RecentIncidentListing, tracker: FetchTracker?) async throws
        -> ListRead
    {
        let key = EntityKind.incident.snapshotKey
        var current = try url([Self.resource(.incident)])
        let shownPath = URLRedaction.redactedPathAndQuery(current)
        var seen = ProviderPaging.VisitedPages(path: shownPath)
        var read: [JSONValue] = []
        var count: Int?
        var pageSize = 0
        var calls = 0
        var readsAll = false
        /// Reads the page at `current`; returns the next page's URL, or `nil` after the last.
        func readPage() async throws -> URL? {
            try seen.visit(current)
            let body = try await connection.json(.get, current)
            calls += 1
            guard let results = ProviderJSON.member(body, "results")?.arrayValue else {
                throw connection.undecodable(method: .get, url: current, reason: "no \"results\" array in the list")
            }
            if seen.count == 1 {
                count = ProviderJSON.member(body, "count")?.intValue
                pageSize = results.count
            }
            read += results
            guard let link = ProviderJSON.member(body, "next")?.stringValue, !link.isEmpty else {
                tracker?.pageRead(key, items: results.count, pagesRemaining: 0)
                return nil
            }
            tracker?.pageRead(key, items: results.count, pagesRemaining: nil)
            return try ProviderPaging.resolve(link, current: current, base: baseURL, path: shownPath)
        }
        func whole() async throws -> ListRead {
            let items = try await embeddingMissingUpdates(
                ProviderPaging.uniqueByID(read), kind: .incident, tracker: tracker)
            return ListRead(items: items, calls: calls, pageSize: pageSize)
        }
        while true {
            guard let next = try await readPage() else { return try await whole() }
            current = next
            if !readsAll, listing.isEnough(read) { break }
            if !RecentIncidentListing.isNewestFirst(read) { readsAll = true }
        }
        var carried = listing.carried(after: read)
        let open = RecentIncidentListing.openIDs(carried)
        tracker?.detailsPlanned(open.count)
        let reread = try await ProviderPaging.concurrentMap(open, limit: concurrency) { id in
            let item = try await item(.incident, id: id)
            tracker?.detailRead()
            return (id, item)
        }
        calls += open.count
        let fresh = Dictionary(reread, uniquingKeysWith: { first, _ in first })
        carried = carried.compactMap { item in
            guard let id = ProviderJSON.id(ProviderJSON.member(item, "id")), let latest = fresh[id] else { return item }
            return latest
        }
        let merged = ProviderPaging.uniqueByID(read + carried)
        guard let count, merged.count == count else {
            // Created or deleted beyond the pages read: read the rest of the list.
            var next: URL? = current
            while let page = next {
                current = page
                next = try await readPage()
            }
            return try await whole()
        }
        let items = try await embeddingMissingUpdates(merged, kind: .incident, tracker: tracker)
        return ListRead(items: items, calls: calls, pageSize: pageSize, carriedOver: true)
    }
}
