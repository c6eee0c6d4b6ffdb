/// Downtime per service, group and page on each side, and the differences the mapping does not explain.
///
/// Three timelines are compared: the source's own (its vocabulary, its rule), the mapped source's
/// (what the target should show) and the target's own. Source and mapped differ only where the
/// mapping changes a timeline (a skipped event, a status collapse, a folded or moved update), and
/// then the row names the rule. Mapped and target must agree to the minute; when they do not, the
/// target does not say what the source said, and that is a difference.
struct UptimeComparison {
    let source: AccountState
    let desired: AccountState
    let target: AccountState
    let mapping: MappingFile
    let diagnostics: [Diagnostic]
    let targetIDs: [String: String]
    let window: TimeSpan
    let until: Instant

    /// Carried incidents whose source timeline sets statuses per update and whose mapped form has one status per
    /// service for the whole incident.
    var collapsedTimelines: Set<String> {
        let timed = Set(
            source.incidents.filter { $0.updates.contains { $0.serviceStatuses != nil } }.map {
                EntityKey.incident($0.id)
            })
        return Set(
            desired.incidents.filter { timed.contains($0.id) && !$0.updates.contains { $0.serviceStatuses != nil } }
                .map(
                    \.id))
    }

    /// Both rules, for the report.
    var sourceRule: DowntimeRule { DowntimeRule.forSide(source.provider, mapping: mapping) }
    var targetRule: DowntimeRule { DowntimeRule.forSide(target.provider, mapping: mapping) }

    /// The three timelines compared: the source's own, the mapped source's and the target's.
    struct Timelines: Sendable {
        var source: DowntimeTimeline
        var mapped: DowntimeTimeline
        var target: DowntimeTimeline
    }

    /// The timeline of `state` by the rule of `side`: the source's own by the source's rule; the
    /// mapped source and the target by the target's.
    static func timeline(
        _ state: AccountState, ruleOf side: ProviderID, mapping: MappingFile, until: Instant
    ) -> DowntimeTimeline {
        DowntimeTimeline(state, rule: DowntimeRule.forSide(side, mapping: mapping), until: until)
    }

    /// The parity rows, with the three timelines built here.
    func parity() -> UptimeParity {
        parity(
            Timelines(
                source: Self.timeline(source, ruleOf: source.provider, mapping: mapping, until: until),
                mapped: Self.timeline(desired, ruleOf: target.provider, mapping: mapping, until: until),
                target: Self.timeline(target, ruleOf: target.provider, mapping: mapping, until: until)))
    }

    /// The parity rows, from timelines built beforehand (``Timelines``).
    func parity(_ timelines: Timelines) -> UptimeParity {
        let sourceTimeline = timelines.source
        let mappedTimeline = timelines.mapped
        let targetTimeline = timelines.target
        // What explains a row whose source and mapped downtimes differ, built at the first such row only.
        var explaining: (causes: [String: [Diagnostic]], carried: Set<String>, collapsed: Set<String>)?
        func explainingContext() -> (causes: [String: [Diagnostic]], carried: Set<String>, collapsed: Set<String>) {
            if let explaining { return explaining }
            let built = (
                causes: Dictionary(grouping: diagnostics, by: { String($0.key.split(separator: "/").first ?? "") }),
                carried: Set(desired.incidents.map(\.id) + desired.maintenances.map(\.id)),
                collapsed: collapsedTimelines
            )
            explaining = built
            return built
        }

        func sourceID(_ key: String) -> String { String(key.dropFirst("service:".count)) }
        func row(key: String, name: String, services: [String]) -> UptimeParity.Row {
            let sourceServices = services.map(sourceID)
            let targetServices = services.compactMap { targetIDs[$0] }
            let sourceDown = sourceTimeline.downtime(of: sourceServices, in: window)
            let mappedDown = mappedTimeline.downtime(of: services, in: window)
            let hasTarget = !services.isEmpty && targetServices.count == services.count
            var row = UptimeParity.Row(
                key: key, name: name, windowSeconds: window.seconds, sourceDowntime: sourceDown,
                mappedDowntime: mappedDown,
                targetDowntime: hasTarget || services.isEmpty
                    ? targetTimeline.downtime(of: targetServices, in: window) : nil)
            if sourceDown != mappedDown {
                let context = explainingContext()
                row.rule = explanation(
                    events: sourceServices.reduce(into: Set<String>()) {
                        $0.formUnion(sourceTimeline.events[$1] ?? [])
                    }, causes: context.causes, carried: context.carried, collapsed: context.collapsed)
            }
            return row
        }

        let services = desired.services.map { row(key: $0.id, name: $0.name, services: [$0.id]) }
        var members: [String: [String]] = [:]
        let parents = Dictionary(desired.groups.map { ($0.id, $0.parentID) }, uniquingKeysWith: { first, _ in first })
        for service in desired.services {
            var group = service.groupID
            var seen: Set<String> = []
            while let current = group, seen.insert(current).inserted {
                members[current, default: []].append(service.id)
                group = parents[current] ?? nil
            }
        }
        let groups = desired.groups.map { row(key: $0.id, name: $0.name, services: members[$0.id] ?? []) }
        let page = row(key: "page", name: "whole page", services: desired.services.map(\.id))
        return UptimeParity(
            sourceDownCodes: sourceRule.codes(for: source.provider),
            targetDownCodes: targetRule.codes(for: target.provider),
            services: services, groups: groups, page: page)
    }

    /// Why the mapped timeline differs from the source's: the first causes the mapping gives for the events involved.
    func explanation(
        events: Set<String>, causes: [String: [Diagnostic]], carried: Set<String>, collapsed: Set<String>
    ) -> String {
        var reasons: [String] = []
        for key in events.sorted() {
            if collapsed.contains(key) {
                reasons.append(
                    "\(target.provider.displayName) keeps one status per service for a whole incident: the worst "
                        + "status the source gave each service is carried for the whole incident, not its timeline")
            } else if !carried.contains(key) {
                reasons.append(
                    causes[key]?.first.map { Verification.ExpectedGroup.cause(of: $0.message) } ?? "event not carried")
            } else if let found = causes[key]?.first {
                reasons.append(Verification.ExpectedGroup.cause(of: found.message))
            }
        }
        let distinct = reasons.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if distinct.isEmpty {
            return "status map: \(sourceRule.codes(for: source.provider)) count as down on the source, "
                + "\(targetRule.codes(for: target.provider)) on the target"
        }
        return distinct.prefix(2).joined(separator: "; ")
    }

    /// A difference for each row whose target downtime is not the mapped source's, to the minute.
    func differences(_ parity: UptimeParity) -> [Verification.Difference] {
        (parity.services + parity.groups + [parity.page]).compactMap { row in
            guard let targetDowntime = row.targetDowntime, abs(targetDowntime - row.mappedDowntime) >= 60 else {
                return nil
            }
            return Verification.Difference(
                kind: .uptime, entity: row.key == "page" ? nil : (row.key.hasPrefix("group:") ? .group : .service),
                key: row.key, targetID: targetIDs[row.key], label: row.name, field: "downtime",
                sourceValue: "\(row.mappedDowntime) s", targetValue: "\(targetDowntime) s")
        }
    }
}
