/// The outcome of `statussync verify`: whether the target says what the source said.
///
/// Written as versioned JSON (``formatVersion``) with sorted keys; the text, Markdown and HTML
/// forms are renderings of this value.
package struct Verification: Sendable, Hashable, Codable {
    /// The format version this build writes.
    package static let currentVersion = 1

    /// The format version.
    package var formatVersion: Int = Verification.currentVersion
    /// The pair's name.
    package var pair: String
    /// The source account.
    package var source: Side
    /// The target account.
    package var target: Side
    /// When the verification was made; open incidents last until then.
    package var verifiedAt: Instant
    /// The window compared: from the migrated window's start (`--since`, the mapping's `carry.since`,
    /// or the earliest carried event) to ``verifiedAt``.
    package var window: TimeSpan
    /// Entities per kind on each side.
    package var counts: [KindCount]
    /// What the target says differently from the mapped source, and what is missing or extra.
    package var differences: [Difference]
    /// What the mapping declares lossy, grouped by cause.
    package var expected: [ExpectedGroup]
    /// Uptime per service, group and for the whole page.
    package var uptime: UptimeParity

    /// One side of the pair.
    package struct Side: Sendable, Hashable, Codable {
        /// The account's name.
        package var account: String
        /// Its provider.
        package var provider: ProviderID
        /// The digest of the snapshot read, when the data came from one.
        package var digest: String?

        /// Creates a side.
        package init(account: String, provider: ProviderID, digest: String? = nil) {
            self.account = account
            self.provider = provider
            self.digest = digest
        }
    }

    /// The entities of one kind on each side.
    package struct KindCount: Sendable, Hashable, Codable {
        /// The kind.
        package var kind: EntityKind
        /// In the source account.
        package var source: Int
        /// Carried by the mapping (what the target should hold; includes timeline entries the mapping adds).
        package var carried: Int
        /// Left out by the mapping: private events, events before `--since`, events in the future.
        package var skipped: Int
        /// In the target account.
        package var target: Int
    }

    /// One thing the target does not say as the mapped source does.
    package struct Difference: Sendable, Hashable, Codable {
        /// What kind of difference.
        package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// In the source (mapped), absent from the target.
            case missing
            /// In the target, with no counterpart in the source.
            case extra
            /// A field whose value differs.
            case field
            /// Downtime that differs by a minute or more.
            case uptime
            /// A provider's own uptime figure that disagrees with its timeline.
            case witness
        }

        /// What kind of difference.
        package var kind: Kind
        /// The entity's kind.
        package var entity: EntityKind?
        /// The entity's key (from the source's ids), or `target:ID` for an extra entity.
        package var key: String
        /// The incident or maintenance a timeline entry belongs to.
        package var parentKey: String?
        /// The target's id, when the entity exists there.
        package var targetID: String?
        /// A name for people: the title or name.
        package var label: String
        /// The field that differs, for ``Kind/field``, ``Kind/uptime`` and ``Kind/witness``.
        package var field: String?
        /// The value the mapped source gives.
        package var sourceValue: String?
        /// The value the target holds.
        package var targetValue: String?

        /// Creates a difference.
        package init(
            kind: Kind, entity: EntityKind?, key: String, parentKey: String? = nil, targetID: String? = nil,
            label: String, field: String? = nil, sourceValue: String? = nil, targetValue: String? = nil
        ) {
            self.kind = kind
            self.entity = entity
            self.key = key
            self.parentKey = parentKey
            self.targetID = targetID
            self.label = label
            self.field = field
            self.sourceValue = sourceValue
            self.targetValue = targetValue
        }
    }

    /// Differences the mapping declares, with one cause.
    package struct ExpectedGroup: Sendable, Hashable, Codable {
        /// The cause, with the specifics of each entity left out.
        package var cause: String
        /// How many entities it concerns.
        package var count: Int
        /// A few of them, as the mapping's own messages.
        package var examples: [Diagnostic]
    }

    /// Whether the target says what the source said: no difference beyond the expected ones.
    package var isFaithful: Bool { differences.isEmpty }

    /// The count of `kind` in the summary's terms (carried), 0 when absent.
    package func carried(_ kind: EntityKind) -> Int { counts.first { $0.kind == kind }?.carried ?? 0 }
}

/// Downtime per service, per group and for the whole page, computed from each side's own timeline.
package struct UptimeParity: Sendable, Hashable, Codable {
    /// Which statuses count as down on the source side, in its codes.
    package var sourceDownCodes: String
    /// Which statuses count as down on the target side, in its codes.
    package var targetDownCodes: String
    /// Per service, in the order of the mapped source.
    package var services: [Row]
    /// Per group.
    package var groups: [Row]
    /// The whole page.
    package var page: Row

    /// Downtime of one service, group or page on each side.
    package struct Row: Sendable, Hashable, Codable {
        /// `service:ID`, `group:ID` or `page`.
        package var key: String
        /// The name.
        package var name: String
        /// The window's length, seconds.
        package var windowSeconds: Int64
        /// Seconds down by the source's own timeline.
        package var sourceDowntime: Int64
        /// Seconds down by the mapped source's timeline: what the target should show.
        package var mappedDowntime: Int64
        /// Seconds down by the target's own timeline; `nil` when the target has no counterpart.
        package var targetDowntime: Int64?
        /// What the provider's uptime endpoint says, in seconds down, where a side has one.
        package var witness: Witness?
        /// Why the source and the target differ, when the mapping explains it.
        package var rule: String?

        /// Uptime as a percentage of the window.
        package static func percent(downtime: Int64, window: Int64) -> Double {
            window > 0 ? 100 * Double(window - downtime) / Double(window) : 100
        }

        /// Whether the source and the target agree to the minute.
        package var isEqualToTheMinute: Bool {
            guard let targetDowntime else { return false }
            return abs(targetDowntime - sourceDowntime) < 60
        }

        /// Target minus source downtime, whole minutes (rounded towards zero).
        package var differenceMinutes: Int64 { ((targetDowntime ?? 0) - sourceDowntime) / 60 }
    }

    /// The seconds down a provider's uptime endpoint reports for each side that has one.
    package struct Witness: Sendable, Hashable, Codable {
        /// The source provider's figure.
        package var source: Int64?
        /// The target provider's figure.
        package var target: Int64?
    }

    /// How many services agree to the minute.
    package var servicesEqual: Int { services.count { $0.isEqualToTheMinute } }
}
