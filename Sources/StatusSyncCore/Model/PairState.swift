/// The kinds of entity statussync plans, links and writes.
package enum EntityKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A service group.
    case group
    /// A service.
    case service
    /// An incident phase (Freshstatus `incident-status/`).
    case phase
    /// An incident.
    case incident
    /// An entry in an incident's timeline.
    case incidentUpdate = "incident-update"
    /// A maintenance.
    case maintenance
    /// An entry in a maintenance's timeline.
    case maintenanceUpdate = "maintenance-update"
    /// An incident template.
    case incidentTemplate = "incident-template"
    /// A maintenance template.
    case maintenanceTemplate = "maintenance-template"

    /// The order writes of each kind happen in: what others depend on comes first.
    package var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    package static func < (lhs: EntityKind, rhs: EntityKind) -> Bool { lhs.order < rhs.order }

    /// The kind's name for people, plural: "incident updates".
    package var plural: String {
        switch self {
        case .group: "groups"
        case .service: "services"
        case .phase: "phases"
        case .incident: "incidents"
        case .incidentUpdate: "incident updates"
        case .maintenance: "maintenances"
        case .maintenanceUpdate: "maintenance updates"
        case .incidentTemplate: "incident templates"
        case .maintenanceTemplate: "maintenance templates"
        }
    }
}

/// How a target entity came to be linked.
package enum LinkOrigin: String, Sendable, Hashable, Codable {
    /// statussync created it.
    case created
    /// It existed and was matched by its natural key.
    case adopted
}

/// One link: a source entity (by its ``EntityKey``) and the target entity it is written to.
package struct Link: Sendable, Hashable, Codable {
    /// What kind of entity.
    package var kind: EntityKind
    /// The target's id for it.
    package var targetID: String
    /// Whether statussync created or adopted it.
    package var origin: LinkOrigin
    /// The key of the enclosing incident or maintenance, for timeline entries.
    package var parentKey: String?
    /// When the link was last written.
    package var updatedAt: Instant

    /// Creates a link.
    package init(kind: EntityKind, targetID: String, origin: LinkOrigin, parentKey: String? = nil, updatedAt: Instant) {
        self.kind = kind
        self.targetID = targetID
        self.origin = origin
        self.parentKey = parentKey
        self.updatedAt = updatedAt
    }
}

/// A create whose outcome is unknown.
///
/// It was sent by a run that ended before the provider's answer was journaled, and may or may not
/// have made an entity in the target.
package struct InDoubtWrite: Sendable, Hashable, Codable {
    /// What kind of entity the create was for.
    package var kind: EntityKind
    /// The key of the enclosing incident or maintenance, for timeline entries.
    package var parentKey: String?
    /// When the create was sent.
    package var since: Instant

    /// Creates an in-doubt record.
    package init(kind: EntityKind, parentKey: String? = nil, since: Instant) {
        self.kind = kind
        self.parentKey = parentKey
        self.since = since
    }
}

/// Everything a pair remembers between runs: which source entity went to which target entity, and
/// which creates may have happened without the tool learning the target's id.
package struct PairState: Sendable, Hashable, Codable {
    /// The format version this build writes and the newest it reads (2 added ``inDoubt``).
    package static let currentVersion = 2

    /// The format version of the file this was read from.
    package var formatVersion: Int
    /// The pair's name.
    package var pair: String
    /// The links, by source entity key.
    package var links: [String: Link]
    /// Creates of unknown outcome, by source entity key: each stays here, whatever runs in between,
    /// until an apply settles it (adopts what the target holds, or sends the create again).
    package var inDoubt: [String: InDoubtWrite]
    /// Set by a repair of an unreadable journal, whose lost lines may have been creates: the next
    /// apply adopts every unlinked entity by its natural key, whatever `matching` says, then clears it.
    package var settlesByNaturalKey = false
    /// The last apply that wrote to the target, if any: a stored target snapshot it started from is out of date.
    package var lastApply: LastApply?

    /// When an apply wrote to the target, and the target snapshot it was planned from.
    package struct LastApply: Sendable, Hashable, Codable {
        /// When the apply finished.
        package var finishedAt: Instant
        /// The digest of the target snapshot the applied plan was made from.
        package var targetDigest: String

        /// Creates a record of an apply.
        package init(finishedAt: Instant, targetDigest: String) {
            self.finishedAt = finishedAt
            self.targetDigest = targetDigest
        }
    }

    /// Creates a state with the given links.
    package init(pair: String, links: [String: Link] = [:], inDoubt: [String: InDoubtWrite] = [:]) {
        self.formatVersion = Self.currentVersion
        self.pair = pair
        self.links = links
        self.inDoubt = inDoubt
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, pair, links, inDoubt, settlesByNaturalKey, lastApply
    }

    /// Reads a state file; version 1 files have no ``inDoubt``, and files written before ``lastApply`` lack it.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        pair = try container.decode(String.self, forKey: .pair)
        links = try container.decode([String: Link].self, forKey: .links)
        inDoubt = try container.decodeIfPresent([String: InDoubtWrite].self, forKey: .inDoubt) ?? [:]
        settlesByNaturalKey = try container.decodeIfPresent(Bool.self, forKey: .settlesByNaturalKey) ?? false
        lastApply = try container.decodeIfPresent(LastApply.self, forKey: .lastApply)
    }

    /// Writes the state in this build's format version.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.currentVersion, forKey: .formatVersion)
        try container.encode(pair, forKey: .pair)
        try container.encode(links, forKey: .links)
        try container.encode(inDoubt, forKey: .inDoubt)
        if settlesByNaturalKey { try container.encode(true, forKey: .settlesByNaturalKey) }
        try container.encodeIfPresent(lastApply, forKey: .lastApply)
    }
}
