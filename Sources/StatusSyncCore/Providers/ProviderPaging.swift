import Foundation

/// The paging rules both clients share: RFC 5988 `Link` headers, next-page links that must stay on
/// the account's host, and StatusHub's decision of what to read after a page.
package enum ProviderPaging {
    /// More pages than this in one list means the provider's paging is broken.
    package static let maximumPages = 100_000

    /// The `per_page` StatusHub lists are asked for (the server may cap it).
    package static let statusHubPerPage = 100

    /// The target of the `rel="next"` link in an RFC 5988 `Link` header value, or `nil` when there is none.
    ///
    /// Accepts several links separated by commas, parameters in any order, quoted or bare
    /// relation values, and several relations in one `rel` (`rel="next last"`).
    package static func nextLink(inLinkHeader value: String) -> String? {
        var remaining = Substring(value)
        while let open = remaining.firstIndex(of: "<") {
            guard let close = remaining[open...].firstIndex(of: ">") else { return nil }
            let target = remaining[remaining.index(after: open)..<close]
            let afterTarget = remaining[remaining.index(after: close)...]
            let end = afterTarget.firstIndex(of: "<") ?? afterTarget.endIndex
            let parameters = afterTarget[..<end]
            for parameter in parameters.split(whereSeparator: { $0 == ";" || $0 == "," }) {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel" else {
                    continue
                }
                let relations = pair[1].trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
                if relations.split(separator: " ").contains("next") {
                    return String(target).trimmingCharacters(in: .whitespaces)
                }
            }
            remaining = afterTarget[end...]
        }
        return nil
    }

    /// Resolves a next-page link (absolute, or relative to `current`) and keeps it on `base`'s host.
    ///
    /// The transport adds the API key to every request, so a link to another host is refused. A
    /// link to the same host is sent with `base`'s scheme and port, so a proxy that rewrites the
    /// scheme in links cannot make the client leave TLS.
    ///
    /// - Parameters:
    ///   - link: The link as the provider wrote it.
    ///   - current: The URL of the page that carried it.
    ///   - base: The account's API root.
    ///   - path: The list's path, for errors.
    /// - Returns: The URL to read.
    /// - Throws: ``ProviderError/foreignLink(path:url:)``.
    package static func resolve(_ link: String, current: URL, base: URL, path: String) throws(ProviderError) -> URL {
        guard let resolved = URL(string: link, relativeTo: current)?.absoluteURL,
            var components = URLComponents(url: resolved, resolvingAgainstBaseURL: true)
        else { throw .foreignLink(path: path, url: link) }
        let shown = URLRedaction.redactedURL(resolved)
        guard components.host?.lowercased() == base.host?.lowercased() else {
            throw .foreignLink(path: path, url: shown)
        }
        let linkPort = components.port ?? defaultPort(components.scheme)
        let basePort = base.port ?? defaultPort(base.scheme)
        guard linkPort == basePort || components.port == nil else { throw .foreignLink(path: path, url: shown) }
        components.scheme = base.scheme
        components.port = base.port
        components.user = nil
        components.password = nil
        guard let url = components.url else { throw .foreignLink(path: path, url: shown) }
        return url
    }

    private static func defaultPort(_ scheme: String?) -> Int? {
        switch scheme?.lowercased() {
        case "https": 443
        case "http": 80
        default: nil
        }
    }

    /// What to read after one page of a StatusHub list.
    package enum StatusHubNext: Sendable, Hashable {
        /// The list is complete.
        case stop
        /// Follow the `Link` header's next URL, as written.
        case link(String)
        /// Read page `page` next; more may follow.
        case page(Int)
        /// `meta.total_pages` says exactly these pages remain; they can be read in any order.
        case pages(ClosedRange<Int>)
    }

    /// Decides what to read after page `page` of a StatusHub list.
    ///
    /// In order: an empty page ends the list; a `Link` header, when present, decides (its `next`,
    /// or the end when it has none); else `meta.total_pages`; else the next page number, until an
    /// empty page. A page shorter than the `per_page` asked is never taken alone as the last page,
    /// because the server may cap `per_page`.
    ///
    /// - Parameters:
    ///   - page: The number of the page just read (1-based).
    ///   - itemCount: How many items it held.
    ///   - linkHeader: Its `Link` header, if any.
    ///   - totalPages: Its `meta.total_pages`, if any.
    /// - Returns: What to read next.
    package static func statusHubNext(
        afterPage page: Int, itemCount: Int, linkHeader: String?, totalPages: Int?
    ) -> StatusHubNext {
        guard itemCount > 0 else { return .stop }
        if let linkHeader, !linkHeader.trimmingCharacters(in: .whitespaces).isEmpty {
            return nextLink(inLinkHeader: linkHeader).map(StatusHubNext.link) ?? .stop
        }
        if let totalPages {
            return page < totalPages ? .pages((page + 1)...totalPages) : .stop
        }
        return .page(page + 1)
    }
}

extension ProviderPaging {
    /// Applies `transform` to every element with at most `limit` calls in flight, keeping the input order.
    ///
    /// The transport's rate limiter paces the requests; the bound only keeps the number of open
    /// connections and pending tasks small. After the first error no new call starts; the calls in
    /// flight are allowed to finish (never cancelled), then that first error is thrown. Cancelling
    /// a request in flight can deadlock `URLSession` on Linux (its cancellation handler waits on the
    /// queue that is resuming the task), so a failure here never cancels its siblings.
    package static func concurrentMap<Element: Sendable, Result: Sendable>(
        _ elements: [Element], limit: Int, _ transform: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Result] {
        guard !elements.isEmpty else { return [] }
        var results = [Result?](repeating: nil, count: elements.count)
        var firstError: (any Error)?
        await withTaskGroup(of: (Int, Swift.Result<Result, any Error>).self) { group in
            var next = 0
            func startNext() {
                guard next < elements.count, firstError == nil else { return }
                let index = next
                let element = elements[index]
                next += 1
                group.addTask {
                    do {
                        return (index, .success(try await transform(element)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<max(limit, 1) { startNext() }
            while let (index, outcome) = await group.next() {
                switch outcome {
                case .success(let value): results[index] = value
                case .failure(let error): firstError = firstError ?? error
                }
                startNext()
            }
        }
        if let firstError { throw firstError }
        return results.compactMap { $0 }
    }

    /// Runs `work` for every element concurrently and returns the results by element.
    ///
    /// Like ``concurrentMap(_:limit:_:)``, a failure never cancels the others: all finish, then the
    /// first error is thrown.
    package static func concurrentlyForEach<Element: Sendable & Hashable, Result: Sendable>(
        _ elements: [Element], _ work: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Element: Result] {
        let values = try await concurrentMap(elements, limit: elements.count, work)
        return Dictionary(uniqueKeysWithValues: zip(elements, values).map { ($0, $1) })
    }
}

/// Small readers for provider JSON held as ``JSONValue``.
package enum ProviderJSON {
    /// The member `key` of an object, or `nil`.
    package static func member(_ value: JSONValue?, _ key: String) -> JSONValue? {
        value?.objectValue?[key]
    }

    /// An id sent as an integer or a string, as text; `nil` when absent or of another type.
    package static func id(_ value: JSONValue?) -> String? {
        switch value {
        case .number: value?.intValue.map(String.init)
        case .string(let text): text.isEmpty ? nil : text
        default: nil
        }
    }

    /// An id as the providers' requests expect it: an integer when it is all digits, else a string.
    package static func idValue(_ id: String) -> JSONValue {
        if let number = Int(id) { return .number(Double(number)) }
        return .string(id)
    }

    /// An optional id, `null` when absent.
    package static func idValue(_ id: String?) -> JSONValue {
        id.map { idValue($0) } ?? .null
    }

    /// Whether two `updated_at` values name the same instant.
    ///
    /// The same text, or the same second in UTC written differently (`Z` or an offset). Times with a fraction of a second must match as
    /// text, since a change within the same second would otherwise go unnoticed.
    package static func sameInstant(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        guard let left = lhs?.stringValue, let right = rhs?.stringValue else { return false }
        if left == right { return true }
        guard !left.contains("."), !right.contains(".") else { return false }
        guard let leftInstant = Instant(iso8601: left), let rightInstant = Instant(iso8601: right) else { return false }
        return leftInstant == rightInstant
    }
}

extension ProviderPaging {
    /// The pages one list has read, refusing a page read twice (a paging loop) or more than
    /// ``ProviderPaging/maximumPages``: the guard both clients' paging loops share.
    package struct VisitedPages: Sendable {
        /// The list's path as shown in errors (credentials and query redacted).
        package let path: String
        private var urls: Set<String> = []

        /// Creates an empty record for the list at `path`.
        package init(path: String) { self.path = path }

        /// How many pages were read.
        package var count: Int { urls.count }

        /// Whether `url` was read.
        package func contains(_ url: URL) -> Bool { urls.contains(url.absoluteString) }

        /// Records `url` as read without the checks, for pages read at once.
        package mutating func insert(_ url: URL) { urls.insert(url.absoluteString) }

        /// Records the page about to be read.
        ///
        /// - Throws: ``ProviderError/pagingLoop(path:url:)`` when it was read already;
        ///   ``ProviderError/tooManyPages(path:pages:)`` past ``ProviderPaging/maximumPages``.
        package mutating func visit(_ url: URL) throws(ProviderError) {
            guard urls.insert(url.absoluteString).inserted else {
                throw .pagingLoop(path: path, url: URLRedaction.redactedURL(url))
            }
            guard urls.count <= ProviderPaging.maximumPages else {
                throw .tooManyPages(path: path, pages: ProviderPaging.maximumPages)
            }
        }
    }

    /// `items` without the repeats of an id (an item moved between pages while they were read).
    package static func uniqueByID(_ items: [JSONValue]) -> [JSONValue] {
        var seen: Set<String> = []
        return items.filter { item in
            guard let id = ProviderJSON.id(ProviderJSON.member(item, "id")) else { return true }
            return seen.insert(id).inserted
        }
    }
}
