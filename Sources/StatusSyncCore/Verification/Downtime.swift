/// A span of time from `start` (included) to `end` (excluded), in seconds since 1970, UTC.
package struct TimeSpan: Sendable, Hashable, Codable {
    /// The first second of the span.
    package var start: Int64
    /// The second after the span.
    package var end: Int64

    /// Creates a span; an end before the start makes an empty span.
    package init(start: Int64, end: Int64) {
        self.start = start
        self.end = max(start, end)
    }

    /// Creates a span between two instants.
    package init(_ start: Instant, _ end: Instant) {
        self.init(start: start.secondsSince1970, end: end.secondsSince1970)
    }

    /// The span's length in seconds.
    package var seconds: Int64 { end - start }

    /// The part of the span inside `window`, or `nil` when they do not overlap.
    package func clipped(to window: TimeSpan) -> TimeSpan? {
        let clipped = TimeSpan(start: max(start, window.start), end: min(end, window.end))
        return clipped.seconds > 0 ? clipped : nil
    }

    /// The total length of the union of `spans` inside `window`: overlapping spans count once.
    package static func unionLength(_ spans: [TimeSpan], in window: TimeSpan) -> Int64 {
        let clipped = spans.compactMap { $0.clipped(to: window) }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var total: Int64 = 0
        var current: TimeSpan?
        for span in clipped {
            if let open = current, span.start <= open.end {
                current = TimeSpan(start: open.start, end: max(open.end, span.end))
            } else {
                total += current?.seconds ?? 0
                current = span
            }
        }
        return total + (current?.seconds ?? 0)
    }
}

/// Which statuses of one side count as downtime, by StatusHub's documented uptime rules.
///
/// StatusHub counts only `down`; `degraded-performance` is not downtime. A Freshstatus side counts
/// `MO` and whichever of its codes the pair's mapping ties to StatusHub's `down` (the shipped
/// Freshstatus → StatusHub mapping sends `UM` there too; `PO` goes to `degraded-performance`).
package struct DowntimeRule: Sendable, Hashable {
    /// The statuses that count as down.
    package var downStatuses: Set<ComponentStatus>

    /// Creates a rule from the statuses that count as down.
    package init(downStatuses: Set<ComponentStatus>) { self.downStatuses = downStatuses }

    /// The rule for one side of a pair mapped with `mapping`.
    package static func forSide(_ provider: ProviderID, mapping: MappingFile) -> DowntimeRule {
        let down = ComponentStatus.majorOutage
        var statuses: Set<ComponentStatus> = [down]
        // A provider with fewer codes than the canonical scale collapses statuses onto its "down": on
        // the other side of the pair, the statuses mapped to or from that code count as down too.
        if provider == mapping.source, mapping.target.capabilities.collapsesStatuses,
            let downCode = down.code(for: mapping.target)
        {
            for (code, mapped) in mapping.componentStatus where mapped == downCode {
                if let status = ComponentStatus(code: code, provider: provider) { statuses.insert(status) }
            }
        }
        if provider == mapping.target, mapping.source.capabilities.collapsesStatuses,
            let downCode = down.code(for: mapping.source), let mapped = mapping.componentStatus[downCode],
            let status = ComponentStatus(code: mapped, provider: provider)
        {
            statuses.insert(status)
        }
        return DowntimeRule(downStatuses: statuses)
    }

    /// Whether `status` counts as downtime.
    package func isDown(_ status: ComponentStatus) -> Bool { downStatuses.contains(status) }

    /// The provider's codes that count as down, for people: `MO, UM`.
    package func codes(for provider: ProviderID) -> String {
        downStatuses.sorted().compactMap { $0.code(for: provider) }.joined(separator: ", ")
    }
}

/// When each service of one account was down, from that account's own incidents and maintenances.
///
/// The rules are StatusHub's, as its API reference states them for its uptime endpoint: times in
/// UTC; only a status the ``DowntimeRule`` counts is downtime; where events overlap the worst status
/// wins, so a service is down while any event has it down; a group (and the whole page) is down
/// while any of its services is. An incident whose updates carry service statuses (StatusHub) sets
/// each service to the status of the latest update naming it, until the incident ends; one whose
/// updates carry none (Freshstatus) gives its services their status from its start to its end. An
/// open incident lasts until `until`. Drafts and private events are not on the page and do not count.
package struct DowntimeTimeline: Sendable {
    /// The spans each service was down, by service id (merged lazily).
    package private(set) var downSpans: [String: [TimeSpan]] = [:]
    /// The events behind each service's spans, by service id: `incident:ID` or `maintenance:ID` of this state's ids.
    package private(set) var events: [String: Set<String>] = [:]

    /// Builds the timeline of `state` with `rule`, open incidents lasting until `until`.
    package init(_ state: AccountState, rule: DowntimeRule, until: Instant) {
        for incident in state.incidents where Self.counts(incident.visibility) {
            let end = incident.endTime ?? max(until, incident.startTime)
            add(Self.spans(of: incident, end: end, rule: rule), event: EntityKey.incident(incident.id))
        }
        for maintenance in state.maintenances where Self.counts(maintenance.visibility) {
            var spans: [String: [TimeSpan]] = [:]
            for entry in maintenance.affected where rule.isDown(entry.status) {
                spans[entry.serviceID, default: []].append(TimeSpan(maintenance.startTime, maintenance.endTime))
            }
            add(spans, event: EntityKey.maintenance(maintenance.id))
        }
    }

    private static func counts(_ visibility: Visibility) -> Bool {
        visibility == .published || visibility == .unconfirmed
    }

    private mutating func add(_ spans: [String: [TimeSpan]], event: String) {
        for (service, list) in spans where !list.isEmpty {
            downSpans[service, default: []] += list
            events[service, default: []].insert(event)
        }
    }

    /// The spans during which `incident` had each service down.
    static func spans(of incident: Incident, end: Instant, rule: DowntimeRule) -> [String: [TimeSpan]] {
        var result: [String: [TimeSpan]] = [:]
        let timed = incident.updates.filter { $0.serviceStatuses != nil }
        guard !timed.isEmpty else {
            for entry in incident.affected where rule.isDown(entry.status) {
                result[entry.serviceID, default: []].append(TimeSpan(incident.startTime, end))
            }
            return result
        }
        var since: [String: (status: ComponentStatus, from: Instant)] = [:]
        func close(_ service: String, at time: Instant) {
            guard let open = since[service], rule.isDown(open.status) else { return }
            result[service, default: []].append(TimeSpan(open.from, min(time, end)))
        }
        for update in timed.sortedByTime() where update.time < end {
            for entry in update.serviceStatuses ?? [] {
                close(entry.serviceID, at: update.time)
                since[entry.serviceID] = (entry.status, update.time)
            }
        }
        for service in since.keys { close(service, at: end) }
        return result
    }

    /// Seconds `services` were down inside `window`: a set of services is down while any of them is.
    package func downtime(of services: [String], in window: TimeSpan) -> Int64 {
        TimeSpan.unionLength(services.flatMap { downSpans[$0] ?? [] }, in: window)
    }

    /// The down spans of `services` inside `window`, merged.
    package func mergedSpans(of services: [String], in window: TimeSpan) -> [TimeSpan] {
        let clipped = services.flatMap { downSpans[$0] ?? [] }.compactMap { $0.clipped(to: window) }
            .sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var merged: [TimeSpan] = []
        for span in clipped {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
