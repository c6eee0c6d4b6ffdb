import Foundation

/// A status-page provider account, as snapshotting and the apply engine see it.
///
/// Both provider clients (``FreshstatusClient``, ``StatusHubClient``) implement it. Reads return
/// the provider's own JSON, item for item as the API sent it (unknown fields survive), plus the
/// same data in model terms where that helps; writes take model values whose ids are already the
/// target's, and return the target id of what they wrote.
///
/// Errors are ``ProviderError`` (or `CancellationError`). A write that fails with
/// ``ProviderError/outcomeUnknown(method:path:reason:)`` may have taken effect: read the target
/// (``read(_:)``, ``incident(id:)``) and adopt what is there before sending it again.
package protocol StatusPageProvider: Sendable {
    /// The provider this account lives at.
    var provider: ProviderID { get }

    /// Reads every entity of the account, in the snapshot `data` shape.
    ///
    /// Freshstatus: `groups, services, incident_statuses, incidents` (with embedded
    /// `incident_updates`), `maintenances` (with embedded `maintenance_updates`). StatusHub:
    /// `groups, services, incidents` (each in its detail form from `GET incidents/{id}`, with
    /// `incident_updates` and `service_ids`), `maintenances, incident_templates, maintenance_templates`.
    ///
    /// - Parameters:
    ///   - previous: What the account's previous fetch read, or `nil` for a full fetch. StatusHub
    ///     incidents whose list `updated_at` equals the previous detail's are not fetched again in detail.
    ///   - progress: Called after each request with the calls made and expected so far.
    /// - Returns: The data and the calls the fetch used.
    /// - Throws: ``ProviderError``, or `CancellationError`.
    func fetchAccount(since previous: PreviousFetch?, progress: FetchProgressHandler?) async throws -> FetchResult

    /// Reads every entity of one kind from its list, for settling a write whose outcome is unknown.
    ///
    /// StatusHub incidents come in their list form (no updates); use ``incident(id:)`` for one in full.
    ///
    /// - Parameter kind: The kind to list; it must be one of ``EntityKind/listedKinds(of:)``.
    /// - Returns: The items as the API sent them and in model terms.
    /// - Throws: ``ProviderError``, or `CancellationError`.
    func read(_ kind: EntityKind) async throws -> ProviderListing

    /// Reads one incident with its updates, or `nil` when the provider says 404.
    ///
    /// - Parameter id: The provider's incident id.
    /// - Returns: The incident as sent and in model terms, or `nil` when it does not exist.
    /// - Throws: ``ProviderError``, or `CancellationError`.
    func incident(id: String) async throws -> IncidentRead?

    /// Performs one write.
    ///
    /// - Parameters:
    ///   - operation: What to write, with target ids resolved.
    ///   - notify: Whether subscribers are notified. `false` sends StatusHub `silent: true` and
    ///     Freshstatus `notification_options` all `"false"`.
    /// - Returns: The id (and, where the provider answers with it, the model value) of what was written.
    /// - Throws: ``ProviderError``; ``ProviderError/isOutcomeUnknown`` marks a write that may have happened.
    func perform(_ operation: WriteOperation, notify: Bool) async throws -> WriteResult
}

extension StatusPageProvider {
    /// Performs one write without notifying subscribers.
    package func perform(_ operation: WriteOperation) async throws -> WriteResult {
        try await perform(operation, notify: false)
    }
}

extension EntityKind {
    /// The kinds a provider lists, in the order a snapshot holds them.
    package static func listedKinds(of provider: ProviderID) -> [EntityKind] {
        provider.definition.listedKinds
    }

    /// The key of this kind's list in a snapshot's `data` (updates: the member they are embedded in).
    package var snapshotKey: String {
        switch self {
        case .group: "groups"
        case .service: "services"
        case .phase: "incident_statuses"
        case .incident: "incidents"
        case .incidentUpdate: "incident_updates"
        case .maintenance: "maintenances"
        case .maintenanceUpdate: "maintenance_updates"
        case .incidentTemplate: "incident_templates"
        case .maintenanceTemplate: "maintenance_templates"
        }
    }
}

/// What an account's previous fetch read, which a new fetch may reuse (the store keeps it as a snapshot).
package struct PreviousFetch: Sendable, Hashable {
    /// The provider whose data it is.
    package var provider: ProviderID
    /// The data, in the snapshot `data` shape.
    package var data: JSONValue
    /// When that fetch started; `nil` when it was not recorded (then nothing is reused).
    package var startedAt: Instant?
    /// Whether the new fetch may read only the recent part of a long list and carry the rest over from ``data``.
    ///
    /// Freshstatus: the incident list is read newest first only as far as the incidents of the last week, and
    /// the open ones are read one by one (see `RecentIncidentListing`). StatusHub ignores it.
    package var recentOnly: Bool

    /// Creates a previous fetch.
    package init(provider: ProviderID, data: JSONValue, startedAt: Instant?, recentOnly: Bool = false) {
        self.provider = provider
        self.data = data
        self.startedAt = startedAt
        self.recentOnly = recentOnly
    }
}

/// The calls one fetch of an account takes in each scope: every list read whole, or only the recent incidents.
///
/// One scope is measured (the fetch that was made), the other worked out from the data it read, so that
/// `statussync serve` can say what its reconciles cost of the account's hourly budget.
package struct FetchScopeCalls: Sendable, Hashable, Codable {
    /// The calls of a fetch that reads every list whole.
    package var full: Int
    /// The calls of a fetch that reads only the recent incidents (``PreviousFetch/recentOnly``).
    package var recent: Int

    /// Creates the figures.
    package init(full: Int, recent: Int) {
        self.full = full
        self.recent = recent
    }
}

/// What ``StatusPageProvider/fetchAccount(since:progress:)`` read.
package struct FetchResult: Sendable, Hashable {
    /// The snapshot data: an object with one list per kind, items as the API sent them.
    package var data: JSONValue
    /// Requests the fetch sent (list pages plus details), each counted once whatever its retries.
    package var calls: Int
    /// Of ``calls``, the list pages.
    package var listCalls: Int
    /// Of ``calls``, the reads of one item (StatusHub incident details, Freshstatus updates lists when not embedded).
    package var detailCalls: Int
    /// StatusHub incidents whose detail was taken from the previous snapshot instead of fetched.
    package var reusedDetails: Int
    /// What a full and a recent-only fetch of this data cost, when the provider tells them apart (Freshstatus).
    package var scopeCalls: FetchScopeCalls?
    /// Whether the fetch read only the recent incidents and carried the older ones over from the previous data.
    package var carriedOver: Bool

    /// Creates a fetch result.
    package init(
        data: JSONValue, calls: Int, listCalls: Int, detailCalls: Int, reusedDetails: Int,
        scopeCalls: FetchScopeCalls? = nil, carriedOver: Bool = false
    ) {
        self.data = data
        self.calls = calls
        self.listCalls = listCalls
        self.detailCalls = detailCalls
        self.reusedDetails = reusedDetails
        self.scopeCalls = scopeCalls
        self.carriedOver = carriedOver
    }

    /// The number of items of each kind, by snapshot key.
    package var counts: [String: Int] {
        (data.objectValue ?? [:]).compactMapValues { $0.arrayValue?.count }
    }
}

/// The items of one kind, as ``StatusPageProvider/read(_:)`` found them.
package struct ProviderListing: Sendable, Hashable {
    /// The kind listed.
    package var kind: EntityKind
    /// The items as the API sent them.
    package var items: [JSONValue]
    /// The same items in model terms; only the list of ``kind`` is filled.
    package var state: AccountState

    /// Creates a listing.
    package init(kind: EntityKind, items: [JSONValue], state: AccountState) {
        self.kind = kind
        self.items = items
        self.state = state
    }
}

/// One incident as ``StatusPageProvider/incident(id:)`` read it.
package struct IncidentRead: Sendable, Hashable {
    /// The incident's JSON as the API sent it (StatusHub: the detail form).
    package var raw: JSONValue
    /// The incident in model terms, with its updates.
    package var incident: Incident

    /// Creates an incident read.
    package init(raw: JSONValue, incident: Incident) {
        self.raw = raw
        self.incident = incident
    }
}

/// Decoding of a provider's snapshot-shaped JSON into the model.
package enum ProviderData {
    /// Reads snapshot-shaped data (`{"groups": [...], ...}`, any subset of the kinds) into the model.
    ///
    /// - Parameters:
    ///   - data: The provider's JSON.
    ///   - provider: Whose shape it is in.
    /// - Returns: The account state; kinds missing from `data` are empty.
    /// - Throws: `DecodingError` when an item lacks what the wire types require, ``ConversionError`` for an
    ///   unknown status or state.
    package static func state(from data: JSONValue, provider: ProviderID) throws -> AccountState {
        try provider.definition.state(fromJSON: data.compactBytes)
    }
}
