/// An ordered list of changes that turns the target into the desired state, with what a reviewer
/// and the applier need: the snapshots it was made from, field diffs and warnings.
///
/// Saved as JSON (`plan --out FILE`), it is versioned (`formatVersion`) and carries the digests of
/// both snapshots, so `apply --plan FILE` can refuse it when either account changed since.
package struct Plan: Sendable, Hashable, Codable {
    /// The plan format this build writes and the newest it reads.
    ///
    /// Version 2 writes payloads as `{"KIND": {...}}` and statuses in the target's codes; version 1 is
    /// still read. See `docs/PLAN-FORMAT.md`.
    package static let currentVersion = 2

    /// The format version.
    package var formatVersion: Int
    /// The pair the plan is for.
    package var pair: String
    /// The source snapshot the plan was made from.
    package var source: Side
    /// The target snapshot the plan was made from.
    package var target: Side
    /// The digest of the mapping file's bytes.
    package var mappingDigest: String
    /// When the plan was made (the instant "the future" is measured from).
    package var createdAt: Instant
    /// The changes, in the order they are applied (dependencies first).
    package var changes: [PlannedChange]
    /// Every diagnostic the mapping produced, including entities it skipped.
    package var diagnostics: [Diagnostic]
    /// Remarks that are not about one change, such as deletes left out without `--prune`.
    package var notes: [String]
    /// Write calls per account and the time they take at the rate limits; filled in by the caller.
    package var estimate: Estimate?
    /// The groups and services of both pages, so a review names references and draws the pages;
    /// absent from plans saved by older builds.
    package var pages: Pages?

    /// Creates a plan.
    package init(
        pair: String, source: Side, target: Side, mappingDigest: String, createdAt: Instant, changes: [PlannedChange],
        diagnostics: [Diagnostic], notes: [String] = [], estimate: Estimate? = nil
    ) {
        self.formatVersion = Self.currentVersion
        self.pair = pair
        self.source = source
        self.target = target
        self.mappingDigest = mappingDigest
        self.createdAt = createdAt
        self.changes = changes
        self.diagnostics = diagnostics
        self.notes = notes
        self.estimate = estimate
    }

    /// Whether there is nothing to do.
    package var isEmpty: Bool { changes.isEmpty }

    /// The number of changes per action.
    package var counts: [PlannedChange.Action: Int] {
        Dictionary(grouping: changes, by: \.action).mapValues(\.count)
    }

    /// The write calls the apply will make on the target.
    package var writeCalls: Int { changes.reduce(0) { $0 + $1.calls } }

    /// One account as the plan saw it.
    package struct Side: Sendable, Hashable, Codable {
        /// The account's name.
        package var account: String
        /// Its provider.
        package var provider: ProviderID
        /// The digest of the snapshot the plan was made from.
        package var digest: String
        /// When that snapshot was fetched; absent from plans saved by older builds.
        package var fetchedAt: Instant?

        /// Creates a side.
        package init(account: String, provider: ProviderID, digest: String, fetchedAt: Instant? = nil) {
            self.account = account
            self.provider = provider
            self.digest = digest
            self.fetchedAt = fetchedAt
        }
    }

    /// The groups and services of the source and of the target as the apply leaves it.
    package struct Pages: Sendable, Hashable, Codable {
        /// The source's groups and services, with the source's ids.
        package var source: Outline
        /// The desired target groups and services, with keys (``EntityKey``) for ids and references.
        package var target: Outline

        /// Creates the pages.
        package init(source: Outline, target: Outline) {
            self.source = source
            self.target = target
        }
    }

    /// The groups and services of one status page, in page order.
    ///
    /// In the JSON, each service's status is written in the page's provider's codes (`MO`, `down`).
    package struct Outline: Sendable, Hashable, Codable {
        /// Groups, parents before children.
        package var groups: [ServiceGroup]
        /// Services.
        package var services: [Service]
        /// The provider whose page this is, whose codes the statuses are written in.
        package var provider: ProviderID?

        /// Creates an outline.
        package init(groups: [ServiceGroup], services: [Service], provider: ProviderID? = nil) {
            self.groups = groups
            self.services = services
            self.provider = provider
        }

        /// The outline of an account, groups and services by position then id, whatever order the account lists them in.
        package init(_ state: AccountState, provider: ProviderID? = nil) {
            self.init(
                groups: state.groups.sorted { ($0.position, $0.id) < ($1.position, $1.id) },
                services: state.services.sorted { ($0.position, $0.id) < ($1.position, $1.id) }, provider: provider)
        }

        private enum CodingKeys: String, CodingKey { case groups, services, provider }

        /// A service with its status in a provider's code.
        private struct ServiceRecord: Codable {
            var id: String
            var name: String
            var description: String
            var position: Int
            var groupID: String?
            var status: String
        }

        /// Reads an outline; a status is read in the outline's provider's codes, or as a canonical name.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            groups = try container.decode([ServiceGroup].self, forKey: .groups)
            provider = try container.decodeIfPresent(ProviderID.self, forKey: .provider)
            let records = try container.decode([ServiceRecord].self, forKey: .services)
            let provider = provider
            services = try records.map { record in
                guard
                    let status = provider.flatMap({ ComponentStatus(code: record.status, provider: $0) })
                        ?? ComponentStatus(rawValue: record.status)
                else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .services, in: container, debugDescription: "unknown service status '\(record.status)'")
                }
                return Service(
                    id: record.id, name: record.name, description: record.description, position: record.position,
                    groupID: record.groupID, status: status)
            }
        }

        /// Writes the outline with each status in the provider's code.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(groups, forKey: .groups)
            try container.encodeIfPresent(provider, forKey: .provider)
            let records = services.map { service in
                ServiceRecord(
                    id: service.id, name: service.name, description: service.description, position: service.position,
                    groupID: service.groupID,
                    status: provider.flatMap { service.status.code(for: $0) } ?? service.status.rawValue)
            }
            try container.encode(records, forKey: .services)
        }
    }

    /// How long an apply of the plan takes at the target's rate limit.
    package struct Estimate: Sendable, Hashable, Codable {
        /// Write calls to the target.
        package var writeCalls: Int
        /// Read calls the apply makes on the target (settling and linking).
        package var readCalls: Int
        /// The least time the calls take at the account's rate limits, in seconds.
        package var seconds: Double

        /// Creates an estimate.
        package init(writeCalls: Int, readCalls: Int, seconds: Double) {
            self.writeCalls = writeCalls
            self.readCalls = readCalls
            self.seconds = seconds
        }
    }
}

/// One change in a ``Plan``.
package struct PlannedChange: Sendable, Hashable, Codable {
    /// What the change does.
    package enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// Write a new entity (`+`).
        case create
        /// Change fields of a linked entity (`~`).
        case update
        /// Link an existing target entity found by its natural key, changing fields that differ (`=`).
        case adopt
        /// Delete a target entity this tool created or adopted (`-`).
        case delete

        /// The one-character sign the text output uses.
        package var sign: String {
            switch self {
            case .create: "+"
            case .update: "~"
            case .adopt: "="
            case .delete: "-"
            }
        }
    }

    /// What the change does.
    package var action: Action
    /// What kind of entity it is about.
    package var kind: EntityKind
    /// The source entity's key (see ``EntityKey``): stable across runs.
    package var key: String
    /// The enclosing incident's or maintenance's key, for timeline entries.
    package var parentKey: String?
    /// The target entity's id, for updates, adoptions and deletes.
    package var targetID: String?
    /// A name for people: the title or name of the entity.
    package var label: String
    /// The fields that change, with their values before and after.
    package var fields: [FieldChange]
    /// The desired entity (ids and references are keys), for creates, updates and adoptions.
    package var payload: EntityPayload?
    /// Lossy steps and other findings about this entity.
    package var warnings: [String]
    /// The write calls the change takes.
    package var calls: Int

    /// Creates a change.
    package init(
        action: Action, kind: EntityKind, key: String, parentKey: String? = nil, targetID: String? = nil, label: String,
        fields: [FieldChange] = [], payload: EntityPayload? = nil, warnings: [String] = [], calls: Int = 1
    ) {
        self.action = action
        self.kind = kind
        self.key = key
        self.parentKey = parentKey
        self.targetID = targetID
        self.label = label
        self.fields = fields
        self.payload = payload
        self.warnings = warnings
        self.calls = calls
    }
}

/// One field that changes: its name and its values before and after (absent for creates and deletes).
package struct FieldChange: Sendable, Hashable, Codable {
    /// The field's name.
    package var name: String
    /// The target's value now; `nil` when the entity does not exist yet.
    package var before: String?
    /// The desired value; `nil` when the entity goes away.
    package var after: String?

    /// Creates a field change.
    package init(name: String, before: String?, after: String?) {
        self.name = name
        self.before = before
        self.after = after
    }
}
