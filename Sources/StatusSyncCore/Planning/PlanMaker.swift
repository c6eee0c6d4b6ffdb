/// Makes a ``Plan`` from two account states, a mapping and the pair's links: map, plan, attach warnings.
package struct PlanMaker: Sendable {
    /// The pair's name.
    package var pair: String
    /// The mapping file and where it was read from.
    package var mapper: Mapper
    /// The digest of the mapping file's bytes.
    package var mappingDigest: String
    /// What the plan may do.
    package var options: PlanOptions
    /// `--strict`: any diagnostic is an error.
    package var isStrict: Bool

    /// Creates a plan maker.
    package init(pair: String, mapper: Mapper, mappingDigest: String, options: PlanOptions, isStrict: Bool) {
        self.pair = pair
        self.mapper = mapper
        self.mappingDigest = mappingDigest
        self.options = options
        self.isStrict = isStrict
    }

    /// Maps the source and plans the changes to the target.
    ///
    /// - Throws: ``MappingError`` for values the mapping does not map; ``PlanError/strict(count:first:)`` for
    ///   diagnostics under `--strict` or a mapping whose `lossy` is `fail`; ``PlanError/tooManyDeletes(kind:deletes:total:threshold:)``.
    package func makePlan(
        source: AccountState, sourceSide: Plan.Side, target: AccountState, targetSide: Plan.Side, state: PairState
    ) throws -> Plan {
        let mapped = try mapper.map(source)
        if isStrict || mapper.mapping.lossy == .fail, !mapped.diagnostics.isEmpty {
            throw PlanError.strict(count: mapped.diagnostics.count, first: Array(mapped.diagnostics.prefix(3)))
        }
        var (changes, notes) = try Planner(options: options).changes(
            desired: mapped.desired, current: target, state: state)
        let warnings = Dictionary(grouping: mapped.diagnostics, by: \.key)
        for index in changes.indices {
            changes[index].warnings += (warnings[changes[index].key] ?? []).map(\.message)
        }
        if !mapper.mapping.carry.notifySubscribers {
            notes.append("subscribers are not notified (carry.notifySubscribers is false)")
        }
        var plan = Plan(
            pair: pair, source: sourceSide, target: targetSide, mappingDigest: mappingDigest, createdAt: options.now,
            changes: changes, diagnostics: mapped.diagnostics, notes: notes)
        plan.pages = Plan.Pages(
            source: Plan.Outline(source, provider: sourceSide.provider),
            target: Plan.Outline(mapped.desired, provider: targetSide.provider))
        return plan
    }
}
