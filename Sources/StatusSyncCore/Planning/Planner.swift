import Foundation

/// What a plan may do beyond creating and updating.
package struct PlanOptions: Sendable, Hashable {
    /// When the plan is made, recorded as the plan's creation time; no planned value depends on it.
    package var now: Instant
    /// Which kinds are adopted by natural key when no link exists.
    package var matching: MappingFile.Matching
    /// `--prune`: delete linked target entities whose source is gone.
    package var allowsDeletes: Bool
    /// `--force`: allow deletes above the threshold.
    package var ignoresDeleteThreshold: Bool
    /// The share of a kind's target entities above which deletes are refused without `--force`.
    package var deleteThreshold: Double
    /// The number of target entities of a kind from which the threshold applies.
    package var deleteThresholdMinimum: Int
    /// Keys whose last write's outcome was unknown: adopted by natural key whatever the mapping's `matching` says,
    /// because the entity found may be the one that write created.
    package var settlingKeys: Set<String> = []

    /// Creates options; by default nothing is deleted and every kind is adopted by natural key.
    package init(
        now: Instant, matching: MappingFile.Matching = MappingFile.Matching(), allowsDeletes: Bool = false,
        ignoresDeleteThreshold: Bool = false, deleteThreshold: Double = 0.3, deleteThresholdMinimum: Int = 10
    ) {
        self.now = now
        self.matching = matching
        self.allowsDeletes = allowsDeletes
        self.ignoresDeleteThreshold = ignoresDeleteThreshold
        self.deleteThreshold = deleteThreshold
        self.deleteThresholdMinimum = deleteThresholdMinimum
    }
}

/// Computes the changes that turn the target into the desired state.
///
/// Planning is pure and deterministic: the same desired state, target state, links and options
/// give the same changes in the same order. Each desired entity is matched first by its link,
/// then (without one) by its exact natural key among target entities not linked to anything
/// else, and is created otherwise. Values are normalised before they are compared, so what a
/// provider stores back does not show up as a change again.
package struct Planner: Sendable {
    /// What the plan may do.
    package var options: PlanOptions

    /// Creates a planner.
    package init(options: PlanOptions) { self.options = options }

    /// The changes and notes that turn `current` into `desired`, given the pair's links.
    ///
    /// - Parameters:
    ///   - desired: the mapper's output: ids and references are ``EntityKey``s.
    ///   - current: the target account as fetched: ids are the target's.
    ///   - state: the pair's links from earlier runs.
    /// - Returns: the ordered changes and notes for the plan.
    /// - Throws: ``PlanError/tooManyDeletes(kind:deletes:total:threshold:)`` above the delete threshold.
    package func changes(
        desired: AccountState, current: AccountState, state: PairState
    ) throws(PlanError) -> (changes: [PlannedChange], notes: [String]) {
        let run = PlanningRun(desired: desired, current: current, state: state, options: options)
        run.planGroups()
        run.planServices()
        run.planPhases()
        run.planIncidents()
        run.planMaintenances()
        run.planTemplates()
        try run.planDeletes()
        return (run.changes, run.notes)
    }
}

/// Normalises text before comparison: line endings unified, surrounding white space removed.
package func normalizedText(_ text: String) -> String {
    // Most texts need neither change; checking that first spares the Foundation calls on large accounts.
    if !text.utf8.contains(13), let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
        !first.properties.isWhitespace, !last.properties.isWhitespace
    {
        return text
    }
    return text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
}

/// One planning pass.
///
/// A class, so that field closures can read the links adopted so far.
final class PlanningRun {
    let desired: AccountState
    let current: AccountState
    let state: PairState
    let options: PlanOptions
    var target: ProviderID { desired.provider }

    /// Target id → key, per kind: from the links, plus adoptions made in this plan.
    var keyByTarget: [EntityKind: [String: String]] = [:]
    var changes: [PlannedChange] = []
    var notes: [String] = []

    init(desired: AccountState, current: AccountState, state: PairState, options: PlanOptions) {
        self.desired = desired
        self.current = current
        self.state = state
        self.options = options
        for (key, link) in state.links { keyByTarget[link.kind, default: [:]][link.targetID] = key }
    }

    /// A reference as the plan compares it: the key of a linked target id, `#id` for an unlinked one.
    func reference(_ kind: EntityKind, _ targetID: String?) -> String {
        guard let targetID else { return "" }
        return keyByTarget[kind]?[targetID] ?? "#\(targetID)"
    }

    /// The compared fields, shared with verification; target references are translated through the links.
    var fields: ComparedFields {
        ComparedFields(target: target, reference: { [unowned self] in self.reference($0, $1) })
    }

    func statuses(_ affected: [AffectedService], translating: Bool) -> String {
        fields.statuses(affected, translating: translating)
    }
}
