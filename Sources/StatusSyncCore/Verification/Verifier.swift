/// Compares a target account with its source mapped through the pair's mapping and links.
///
/// The source goes through the same ``Mapper`` a plan uses, and every entity is compared on the
/// same normalised values the ``Planner`` diffs (``ComparedFields``), plus what a plan cannot
/// change but a reader sees: each update's service statuses, an incident's start and end, a
/// service's derived status, and entities in the target with no counterpart in the source.
/// What the mapping declares lossy (its diagnostics) is grouped as expected; anything else is a
/// ``Verification/Difference``. Verification is pure: the same inputs give the same result.
package struct Verifier: Sendable {
    /// The pair's mapper; its `now` is the end of the compared window.
    package var mapper: Mapper
    /// Compare only what the source has since then (`--since`), besides the mapping's own `carry.since`.
    package var since: Instant?

    /// Creates a verifier.
    package init(mapper: Mapper, since: Instant? = nil) {
        self.mapper = mapper
        self.since = since
        if let since {
            let current = mapper.mapping.carry.since
            self.mapper.mapping.carry.since = current.map { max($0, since) } ?? since
        }
    }

    /// What a verification compared, for renderings that show the entities themselves.
    package struct Result: Sendable {
        /// The verification.
        package var verification: Verification
        /// The mapped source: what the target should hold, keyed by ``EntityKey``.
        package var desired: AccountState
        /// The target's id for each key that has a counterpart.
        package var targetIDs: [String: String]
        /// The target as it was read.
        package var target: AccountState
    }

    /// Verifies `target` against `source` mapped, given the pair's links, one step after the other.
    ///
    /// - Throws: ``MappingError`` when the source cannot be mapped.
    package func verify(
        pair: String, source: AccountState, sourceSide: Verification.Side, target: AccountState,
        targetSide: Verification.Side, state: PairState
    ) throws(MappingError) -> Result {
        let mapped = try mapper.map(source)
        let run = VerificationRun(
            desired: mapped.desired, current: target, state: state, since: mapper.mapping.carry.since, now: mapper.now)
        run.compareAll()
        let timelines = UptimeComparison.Timelines(
            source: UptimeComparison.timeline(
                source, ruleOf: source.provider, mapping: mapper.mapping, until: mapper.now),
            mapped: UptimeComparison.timeline(
                mapped.desired, ruleOf: target.provider, mapping: mapper.mapping, until: mapper.now),
            target: UptimeComparison.timeline(
                target, ruleOf: target.provider, mapping: mapper.mapping, until: mapper.now))
        return result(
            pair: pair, source: source, sourceSide: sourceSide, target: target, targetSide: targetSide, mapped: mapped,
            findings: run.findings, beside: Beside(source: source, mapped: mapped, target: target, timelines: timelines)
        )
    }

    /// Verifies as ``verify(pair:source:sourceSide:target:targetSide:state:)`` does, with the same
    /// result, but with independent steps at the same time: the source is mapped (its incidents on
    /// every core, ``Mapper/mapConcurrently(_:)``) while the source's and the target's downtime
    /// timelines and the links' index are built, then the entities are compared while the mapped
    /// source's timeline, the counts and the mapping's groups of diagnostics are built.
    ///
    /// - Throws: ``MappingError`` when the source cannot be mapped.
    package func verifyConcurrently(
        pair: String, source: AccountState, sourceSide: Verification.Side, target: AccountState,
        targetSide: Verification.Side, state: PairState
    ) async throws(MappingError) -> Result {
        let mapper = mapper
        let until = mapper.now
        async let mapping: Swift.Result<Mapper.Result, MappingError> = {
            do throws(MappingError) {
                return .success(try await mapper.mapConcurrently(source))
            } catch {
                return .failure(error)
            }
        }()
        async let sourceTimeline = UptimeComparison.timeline(
            source, ruleOf: source.provider, mapping: mapper.mapping, until: until)
        let targetTimeline = UptimeComparison.timeline(
            target, ruleOf: target.provider, mapping: mapper.mapping, until: until)
        let links = VerificationRun.linkIndex(state)
        let mapped = try await mapping.get()
        async let findings = {
            let run = VerificationRun(
                desired: mapped.desired, current: target, state: state, since: mapper.mapping.carry.since, now: until,
                links: links)
            run.compareAll()
            return run.findings
        }()
        let mappedTimeline = UptimeComparison.timeline(
            mapped.desired, ruleOf: target.provider, mapping: mapper.mapping, until: until)
        let timelines = UptimeComparison.Timelines(
            source: await sourceTimeline, mapped: mappedTimeline, target: targetTimeline)
        let beside = Beside(source: source, mapped: mapped, target: target, timelines: timelines)
        return result(
            pair: pair, source: source, sourceSide: sourceSide, target: target, targetSide: targetSide, mapped: mapped,
            findings: await findings, beside: beside)
    }

    /// What the report needs besides the comparison's findings, built while the entities are compared.
    private struct Beside: Sendable {
        var timelines: UptimeComparison.Timelines
        var counts: [Verification.KindCount]
        /// The mapping's diagnostics grouped by cause.
        var mappingGroups: [Verification.ExpectedGroup]

        init(source: AccountState, mapped: Mapper.Result, target: AccountState, timelines: UptimeComparison.Timelines) {
            self.timelines = timelines
            counts = Verifier.counts(source: source, desired: mapped.desired, target: target)
            mappingGroups = Verification.ExpectedGroup.grouping(mapped.diagnostics)
        }
    }

    /// The result, from the mapped source, what the comparison found and what was built beside it.
    private func result(
        pair: String, source: AccountState, sourceSide: Verification.Side, target: AccountState,
        targetSide: Verification.Side, mapped: Mapper.Result, findings: VerificationRun.Findings, beside: Beside
    ) -> Result {
        let window = Self.window(desired: mapped.desired, since: mapper.mapping.carry.since, until: mapper.now)
        let uptime = UptimeComparison(
            source: source, desired: mapped.desired, target: target, mapping: mapper.mapping,
            diagnostics: mapped.diagnostics, targetIDs: findings.targetIDs, window: window, until: mapper.now)
        let parity = uptime.parity(beside.timelines)
        var differences = findings.differences
        differences += uptime.differences(parity)
        let verification = Verification(
            pair: pair, source: sourceSide, target: targetSide, verifiedAt: mapper.now, window: window,
            counts: beside.counts, differences: differences,
            expected: Verification.ExpectedGroup.merging(
                beside.mappingGroups, Verification.ExpectedGroup.grouping(findings.expectedNotes)),
            uptime: parity)
        return Result(
            verification: verification, desired: mapped.desired, targetIDs: findings.targetIDs, target: target)
    }

    /// The migrated window: from `since`, else the earliest carried event, to `until`.
    static func window(desired: AccountState, since: Instant?, until: Instant) -> TimeSpan {
        let earliest = (desired.incidents.map(\.startTime) + desired.maintenances.map(\.startTime)).min() ?? until
        return TimeSpan(min(since ?? earliest, until), until)
    }

    /// Whether a timeline entry's key names a source update, not one the mapping added (`opening`, `resolved`, `notice`).
    static func isFromSource(_ key: String) -> Bool {
        !(key.hasSuffix("/opening") || key.hasSuffix("/resolved") || key.hasSuffix("/notice"))
    }

    /// Entities per kind: in the source, carried, skipped and in the target.
    static func counts(source: AccountState, desired: AccountState, target: AccountState) -> [Verification.KindCount] {
        func row(_ kind: EntityKind, _ count: (AccountState) -> Int, skipped: Int? = nil) -> Verification.KindCount {
            let carried = count(desired)
            return Verification.KindCount(
                kind: kind, source: count(source), carried: carried,
                skipped: skipped ?? max(0, count(source) - carried), target: count(target))
        }
        let carriedUpdates = desired.incidents.reduce(0) { $0 + $1.updates.count { Self.isFromSource($0.id) } }
        let sourceUpdates = source.incidents.reduce(0) { $0 + $1.updates.count }
        // A maintenance update is skipped with its maintenance; a target with one message per maintenance folds the
        // updates of a carried one into its body (an expected difference), which is not a skip.
        let carriedMaintenances = Set(desired.maintenances.map(\.id))
        let skippedMaintenanceUpdates = source.maintenances.reduce(0) {
            $0 + (carriedMaintenances.contains(EntityKey.maintenance($1.id)) ? 0 : $1.updates.count)
        }
        return [
            row(.group, { $0.groups.count }), row(.service, { $0.services.count }),
            row(.incident, { $0.incidents.count }),
            row(
                .incidentUpdate, { $0.incidents.reduce(0) { $0 + $1.updates.count } },
                skipped: sourceUpdates - carriedUpdates),
            row(.maintenance, { $0.maintenances.count }),
            row(
                .maintenanceUpdate, { $0.maintenances.reduce(0) { $0 + $1.updates.count } },
                skipped: skippedMaintenanceUpdates),
            row(.incidentTemplate, { $0.incidentTemplates.count }, skipped: 0),
            row(.maintenanceTemplate, { $0.maintenanceTemplates.count }, skipped: 0),
        ]
    }
}

extension Verification.ExpectedGroup {
    /// Groups diagnostics by cause: the message with its times, numbers and quoted values left out.
    static func grouping(_ diagnostics: [Diagnostic]) -> [Verification.ExpectedGroup] {
        var groups: [String: [Diagnostic]] = [:]
        var order: [String] = []
        var causes: [String: String] = [:]
        for diagnostic in diagnostics.sorted() {
            let cause = causes[diagnostic.message] ?? cause(of: diagnostic.message)
            causes[diagnostic.message] = cause
            if groups[cause] == nil { order.append(cause) }
            groups[cause, default: []].append(diagnostic)
        }
        return order.map {
            Verification.ExpectedGroup(
                cause: $0, count: groups[$0]?.count ?? 0, examples: Array((groups[$0] ?? []).prefix(3)))
        }
        .sorted { ($0.count, $1.cause) > ($1.count, $0.cause) }
    }

    /// The groups of two lists of diagnostics together, from the groups of each: what
    /// ``grouping(_:)`` gives for both lists at once.
    static func merging(
        _ first: [Verification.ExpectedGroup], _ second: [Verification.ExpectedGroup]
    ) -> [Verification.ExpectedGroup] {
        guard !second.isEmpty else { return first }
        var groups = Dictionary(first.map { ($0.cause, $0) }, uniquingKeysWith: { kept, _ in kept })
        for group in second {
            guard var merged = groups[group.cause] else {
                groups[group.cause] = group
                continue
            }
            // Each side's first three are its first in order, so the first three of both are among them.
            merged.count += group.count
            merged.examples = Array((merged.examples + group.examples).sorted().prefix(3))
            groups[group.cause] = merged
        }
        return groups.values.sorted { ($0.count, $1.cause) > ($1.count, $0.cause) }
    }

    /// A message with the parts that vary between entities replaced: `(TIME)`, `N`.
    static func cause(of message: String) -> String {
        var result = ""
        var index = message.startIndex
        while index < message.endIndex {
            let rest = message[index...]
            if message[index].isNumber, let end = rest.index(rest.startIndex, offsetBy: 20, limitedBy: rest.endIndex),
                Instant(iso8601: String(rest[rest.startIndex..<end])) != nil
            {
                result += "TIME"
                index = end
            } else if message[index].isNumber {
                result += "N"
                while index < message.endIndex, message[index].isNumber { index = message.index(after: index) }
            } else {
                result.append(message[index])
                index = message.index(after: index)
            }
        }
        return result
    }
}

extension Verifier {
    /// Reads each side's own uptime figures where its provider computes them, and adds them as witnesses.
    ///
    /// A side whose provider reports uptime (``UptimeReporting``) is asked for every service, group
    /// and the whole page over the verified window; a figure that disagrees with that side's own
    /// timeline by a minute or more is a ``Verification/Difference/Kind/witness`` difference.
    package static func addWitnesses(
        to result: inout Result, source: (any StatusPageProvider)?, target: (any StatusPageProvider)?
    ) async throws {
        var verification = result.verification
        let window = verification.window
        let start = Instant(secondsSince1970: window.start)
        let end = Instant(secondsSince1970: window.end)
        func scope(_ key: String, sourceSide: Bool) -> UptimeScope? {
            if key == "page" { return .page }
            let id: String?
            if sourceSide {
                id = key.split(separator: ":", maxSplits: 1).last.map(String.init)
            } else {
                id = result.targetIDs[key]
            }
            guard let id else { return nil }
            return key.hasPrefix("group:") ? .group(id) : .service(id)
        }
        let rows = verification.uptime.services + verification.uptime.groups + [verification.uptime.page]
        var figures: [String: UptimeParity.Witness] = [:]
        for (isSource, provider) in [(true, source), (false, target)] {
            guard let reporter = provider as? any UptimeReporting else { continue }
            let asked = rows.compactMap { row in scope(row.key, sourceSide: isSource).map { (row.key, $0) } }
            let answers = try await ProviderPaging.concurrentMap(asked, limit: 8) { key, scope in
                (key, try await reporter.uptime(of: scope, from: start, to: end, perDay: false).downtimeSeconds)
            }
            for (key, seconds) in answers {
                var witness = figures[key] ?? UptimeParity.Witness()
                if isSource { witness.source = seconds } else { witness.target = seconds }
                figures[key] = witness
            }
        }
        let accounts = (source: verification.source.account, target: verification.target.account)
        var found: [Verification.Difference] = []
        func apply(_ row: inout UptimeParity.Row) {
            guard let witness = figures[row.key] else { return }
            row.witness = witness
            let checks: [(String, Int64?, Int64?)] = [
                (accounts.source, witness.source, row.sourceDowntime),
                (accounts.target, witness.target, row.targetDowntime),
            ]
            for (account, reported, computed) in checks {
                guard let reported, let computed, abs(reported - computed) >= 60 else { continue }
                found.append(
                    Verification.Difference(
                        kind: .witness,
                        entity: row.key == "page" ? nil : (row.key.hasPrefix("group:") ? .group : .service),
                        key: row.key, targetID: result.targetIDs[row.key], label: row.name,
                        field: "downtime reported by \(account)", sourceValue: "\(computed) s",
                        targetValue: "\(reported) s"))
            }
        }
        var uptime = verification.uptime
        for index in uptime.services.indices { apply(&uptime.services[index]) }
        for index in uptime.groups.indices { apply(&uptime.groups[index]) }
        apply(&uptime.page)
        verification.uptime = uptime
        verification.differences += found
        result.verification = verification
    }
}
