/// How the StatusHub emulator tells a client that more pages exist (the real API's way is unknown).
package enum StatusHubPaging: String, Sendable, CaseIterable, Hashable {
    /// A `meta` object `{page, per_page, total_pages, total_count}` in the list body.
    case meta
    /// An RFC 5988 `Link` header with `rel="next"` (and `rel="prev"`), no `meta`.
    case link
    /// Neither: the client pages until it gets an empty page.
    case none
}
