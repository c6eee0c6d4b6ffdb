/// How a recent-only fetch reads the Freshstatus incident list: newest first, only as far as the recent
/// incidents, carrying the older ones over from the previous snapshot.
///
/// The list is taken to be newest first by `start_time`, as the emulator serves it and as public client code
/// suggests the real API does; the contract does not decide it, so every assumption is checked on the pages
/// read, and a check that fails reads the whole list:
/// - reading stops after the first page that reaches an incident started before ``cutoff``, and only if the
///   pages read are newest first;
/// - the incidents still open in the previous snapshot and beyond the pages read are read one by one (one call
///   each), so a note or a resolution of a long-running incident is not missed;
/// - the merged list must hold as many incidents as the list's `count` says; an incident created with an old
///   start time, or one deleted beyond the pages read, changes the count, and the rest of the list is read.
///
/// What it does not see: an edit to an incident that started before the cutoff, was already resolved, and kept
/// its start time (its title, text, components or notes). The next full read of the list carries it.
package struct RecentIncidentListing: Sendable {
    /// How far back from the fetch an incident counts as recent: a week.
    package static let window: Int64 = 7 * 24 * 3600

    /// The previous snapshot's incidents, in list order.
    package var previous: [JSONValue]
    /// The oldest start time that counts as recent.
    package var cutoff: Instant

    /// Prepares a listing against `previous`, for a fetch made at `now`.
    package init(previous: [JSONValue], now: Instant) {
        self.previous = previous
        cutoff = now.adding(seconds: -Self.window)
    }

    /// An incident's `start_time`, or `nil` when it has none that parses.
    static func start(_ item: JSONValue) -> Instant? {
        ProviderJSON.member(item, "start_time")?.stringValue.flatMap { Instant(iso8601: $0) }
    }

    /// Whether an incident is still open: no `end_time`.
    static func isOpen(_ item: JSONValue) -> Bool {
        switch ProviderJSON.member(item, "end_time") {
        case .none, .null: true
        case .string(let text): text.isEmpty
        default: false
        }
    }

    /// Whether `items`, in list order, are newest first by start time (each with one).
    package static func isNewestFirst(_ items: [JSONValue]) -> Bool {
        var last: Instant?
        for item in items {
            guard let start = start(item) else { return false }
            if let last, start > last { return false }
            last = start
        }
        return true
    }

    /// Whether the pages read so far (`items`, in list order) hold every recent incident.
    package func isEnough(_ items: [JSONValue]) -> Bool {
        guard let last = items.last.flatMap(Self.start), Self.isNewestFirst(items) else { return false }
        return last < cutoff
    }

    /// The previous incidents the pages read (`prefix`) do not hold and that belong after them: those not among
    /// them that started no later than the last one read, in the previous order.
    ///
    /// A previous incident that started later than the last one read, yet is not among them, was deleted (or
    /// moved back in time); it is dropped, and the count check then finds the list changed.
    package func carried(after prefix: [JSONValue]) -> [JSONValue] {
        let read = Set(prefix.compactMap { ProviderJSON.id(ProviderJSON.member($0, "id")) })
        let boundary = prefix.last.flatMap(Self.start)
        return previous.filter { item in
            guard let id = ProviderJSON.id(ProviderJSON.member(item, "id")), !read.contains(id) else { return false }
            guard let boundary, let start = Self.start(item) else { return true }
            return start <= boundary
        }
    }

    /// The ids of the open incidents among `items`.
    package static func openIDs(_ items: [JSONValue]) -> [String] {
        items.filter(isOpen).compactMap { ProviderJSON.id(ProviderJSON.member($0, "id")) }
    }

    /// The calls a recent-only read of `items` (the whole list, in list order, in pages of `pageSize`) takes:
    /// the pages down to the first incident started before the cutoff, plus one read per open incident beyond.
    package func recentCalls(of items: [JSONValue], pageSize: Int) -> Int {
        let size = max(pageSize, 1)
        let allPages = max(1, (items.count + size - 1) / size)
        guard Self.isNewestFirst(items), let first = items.firstIndex(where: { (Self.start($0) ?? cutoff) < cutoff })
        else { return allPages }
        let pages = first / size + 1
        let beyond = items.dropFirst(pages * size).count(where: Self.isOpen)
        return min(pages, allPages) + beyond
    }
}
