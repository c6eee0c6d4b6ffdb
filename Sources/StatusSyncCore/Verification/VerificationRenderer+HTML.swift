import Foundation

extension VerificationRenderer {
    /// How many incident and maintenance cards without a difference the page shows, newest first.
    package static let htmlQuietCardLimit = 300

    /// The verification as one self-contained HTML page in the review page's look (``StatusPageHTML``).
    ///
    /// The answer comes first, then the differences, the expected ones by cause, the counts and the
    /// uptime table, all readable without JavaScript. Then the status page as the source says it
    /// should be beside the target's, and the incident and maintenance history as cards: every card
    /// with a difference is shown and marked (the entity, and each timeline entry, with the source's
    /// and the target's value), incidents only the target has are shown as extra, and up to
    /// ``htmlQuietCardLimit`` faithful cards follow them.
    package static func html(_ result: Verifier.Result) -> String {
        VerificationPage(result: result).render()
    }

    /// A difference as one line on the entity it concerns: `message: source “a”, target “b”`.
    static func markLine(_ difference: Verification.Difference) -> String {
        switch difference.kind {
        case .missing: "missing in the target"
        case .extra: "extra in the target: \(difference.label)"
        case .field, .uptime, .witness:
            "\(difference.field ?? difference.kind.rawValue): source \(quote(difference.sourceValue)), "
                + "target \(quote(difference.targetValue))"
        }
    }
}

/// Builds the HTML page of one verification (see ``VerificationRenderer/html(_:)``).
private struct VerificationPage {
    typealias Card = StatusPageHTML.EventCard
    typealias Difference = Verification.Difference

    let result: Verifier.Result
    let verification: Verification
    /// Differences by the key they are about.
    let byKey: [String: [Difference]]
    /// Differences by the incident or maintenance (or other top-level entity) they belong to.
    let byEntity: [String: [Difference]]
    /// The mapped source's service names by key.
    let desiredNames: [String: String]

    init(result: Verifier.Result) {
        self.result = result
        verification = result.verification
        byKey = Dictionary(grouping: verification.differences, by: \.key)
        byEntity = Dictionary(grouping: verification.differences, by: { $0.parentKey ?? $0.key })
        desiredNames = Self.names(result.desired)
    }

    /// The names of an account's services by id.
    static func names(_ state: AccountState) -> [String: String] {
        Dictionary(state.services.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    func render() -> String {
        let title = "statussync verify: \(verification.pair)"
        let source = verification.source
        let target = verification.target
        var body = "<main><h1>\(escape(title))</h1>"
        body += "<div class=\"sub\">\(escape(source.account)) (\(source.provider.displayName)) → "
        body += "\(escape(target.account)) (\(target.provider.displayName)) · window "
        body += "\(Instant(secondsSince1970: verification.window.start)) – "
        body += "\(Instant(secondsSince1970: verification.window.end))</div>"
        body += "<p class=\"answer \(verification.isFaithful ? "good" : "bad")\">"
        body += "\(escape(VerificationRenderer.summary(verification)))</p>"
        let others = verification.differences.filter {
            !(($0.entity == .incident || $0.entity == .incidentUpdate || $0.entity == .maintenance
                || $0.entity == .maintenanceUpdate) && $0.kind != .uptime)
        }
        body += others.isEmpty ? "" : differenceTable(others)
        body += expectedList() + countTable() + uptimeTable()
        body += "<h2>Status page</h2><div class=\"pages\">"
        body += StatusPageHTML.page(
            heading: "\(source.account) (\(source.provider.displayName)), mapped: what the target should show",
            groups: StatusPageHTML.boxes(groups: result.desired.groups, services: result.desired.services) {
                marks($0)
            })
        let extras = Dictionary(
            verification.differences.filter { $0.kind == .extra }.compactMap { difference in
                difference.targetID.map { ($0, difference) }
            },
            uniquingKeysWith: { first, _ in first })
        body += StatusPageHTML.page(
            heading: "\(target.account) (\(target.provider.displayName)) now",
            groups: StatusPageHTML.boxes(groups: result.target.groups, services: result.target.services) { id in
                extras[id].map { (StatusPageHTML.Mark.differs, [VerificationRenderer.markLine($0)]) }
            })
        body += "</div>" + history()
        body += "<p class=\"answer\">\(escape(VerificationRenderer.summary(verification)))</p></main>"
        return StatusPageHTML.document(title: title, body: body)
    }

    /// An entity's mark: ``StatusPageHTML/Mark/differs`` with its differences, `nil` when it has none.
    func marks(_ key: String) -> (StatusPageHTML.Mark, [String])? {
        guard let differences = byKey[key] else { return nil }
        return (.differs, differences.map(VerificationRenderer.markLine))
    }

    // MARK: - History

    func history() -> String {
        var marked: [Card] = []
        var quiet: [Card] = []
        var events: [(key: String, start: Instant, card: () -> Card)] = []
        for incident in result.desired.incidents {
            events.append((incident.id, incident.startTime, { incidentCard(incident) }))
        }
        for maintenance in result.desired.maintenances {
            events.append((maintenance.id, maintenance.startTime, { maintenanceCard(maintenance) }))
        }
        for event in events.sorted(by: { ($0.start, $0.key) > ($1.start, $1.key) }) {
            if byEntity[event.key] != nil {
                marked.append(event.card())
            } else if quiet.count < VerificationRenderer.htmlQuietCardLimit {
                quiet.append(event.card())
            }
        }
        let extras = extraCards()
        let faithful = result.desired.incidents.count + result.desired.maintenances.count - marked.count
        var html = "<h2>History (\(extras.count + marked.count) with differences, "
        html += "\(quiet.count) of \(faithful) faithful shown)</h2>"
        return html + StatusPageHTML.cardList(extras + marked + quiet, id: "history")
    }

    func chips(_ affected: [AffectedService]?, names: [String: String]) -> [StatusPageHTML.ServiceChip] {
        (affected ?? []).map {
            StatusPageHTML.ServiceChip(name: names[$0.serviceID] ?? $0.serviceID, status: $0.status)
        }
    }

    /// A timeline entry, marked when the entry of `key` has differences.
    func row(
        key: String?, time: Instant, phase: String, message: String, services: [StatusPageHTML.ServiceChip] = []
    ) -> StatusPageHTML.TimelineRow {
        let marked = key.flatMap(marks)
        return StatusPageHTML.TimelineRow(
            time: time, phase: phase, message: message, services: services, mark: marked?.0,
            changes: marked?.1 ?? [])
    }

    /// The card's own mark: its differences and the entries only the target has.
    func cardMarks(_ key: String) -> (mark: StatusPageHTML.Mark?, changes: [String]) {
        guard let differences = byEntity[key] else { return (nil, []) }
        let own = differences.filter { $0.key == key || ($0.kind == .extra && $0.parentKey == key) }
        return (.differs, own.map(VerificationRenderer.markLine))
    }

    func incidentCard(_ incident: Incident) -> Card {
        let names = desiredNames
        let marked = cardMarks(incident.id)
        return Card(
            kind: .incident, title: incident.title, start: incident.startTime, end: incident.endTime,
            affected: chips(incident.affected, names: names), mark: marked.mark, changes: marked.changes,
            timeline: incident.updates.map {
                row(
                    key: $0.id, time: $0.time, phase: $0.phase, message: $0.message,
                    services: chips($0.serviceStatuses, names: names))
            })
    }

    func maintenanceCard(_ maintenance: Maintenance) -> Card {
        let marked = cardMarks(maintenance.id)
        var rows = maintenance.updates.map { row(key: $0.id, time: $0.time, phase: $0.phase, message: $0.message) }
        if rows.isEmpty, !maintenance.body.isEmpty {
            rows.append(row(key: nil, time: maintenance.startTime, phase: "scheduled", message: maintenance.body))
        }
        return Card(
            kind: .maintenance, title: maintenance.title, start: maintenance.startTime, end: maintenance.endTime,
            affected: chips(maintenance.affected, names: desiredNames), mark: marked.mark, changes: marked.changes,
            timeline: rows)
    }

    /// Incidents and maintenances only the target has, as the target shows them.
    func extraCards() -> [Card] {
        let target = result.target
        let names = Self.names(target)
        let incidents = Dictionary(target.incidents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let maintenances = Dictionary(
            target.maintenances.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var cards: [Card] = []
        for difference in verification.differences where difference.kind == .extra && difference.parentKey == nil {
            let id = difference.targetID ?? ""
            if difference.entity == .incident, let incident = incidents[id] {
                cards.append(
                    Card(
                        kind: .incident, title: incident.title, start: incident.startTime, end: incident.endTime,
                        affected: chips(incident.affected, names: names), mark: .differs,
                        changes: ["extra in the target"],
                        timeline: incident.updates.map {
                            StatusPageHTML.TimelineRow(
                                time: $0.time, phase: $0.phase, message: $0.message,
                                services: chips($0.serviceStatuses, names: names))
                        }))
            } else if difference.entity == .maintenance, let maintenance = maintenances[id] {
                cards.append(
                    Card(
                        kind: .maintenance, title: maintenance.title, start: maintenance.startTime,
                        end: maintenance.endTime, affected: chips(maintenance.affected, names: names), mark: .differs,
                        changes: ["extra in the target"],
                        timeline: maintenance.updates.map {
                            StatusPageHTML.TimelineRow(time: $0.time, phase: $0.phase, message: $0.message)
                        }))
            }
        }
        return cards
    }

    // MARK: - Tables

    func differenceTable(_ differences: [Difference]) -> String {
        let rows = differences.map {
            "<tr class=\"differs\"><td>\(escape($0.kind.rawValue))</td><td>\(escape($0.entity?.rawValue ?? "page")) "
                + "<strong>\(escape($0.label))</strong></td><td>\(escape($0.field ?? ""))</td>"
                + "<td>\(escape($0.sourceValue ?? ""))</td><td>\(escape($0.targetValue ?? ""))</td></tr>"
        }
        return "<h2>Differences</h2><table class=\"list differences\"><thead><tr><th>kind</th><th>entity</th>"
            + "<th>field</th><th>source (mapped)</th><th>target</th></tr></thead><tbody>\(rows.joined())</tbody></table>"
    }

    func expectedList() -> String {
        guard !verification.expected.isEmpty else { return "" }
        let items = verification.expected.map {
            "<li><strong>\($0.count) ×</strong> \(escape($0.cause))"
                + ($0.examples.first.map { " <span class=\"remedy\">e.g. \(escape($0.key))</span>" } ?? "") + "</li>"
        }
        return "<h2>Expected, as the mapping declares</h2><ul class=\"warnings expected\">\(items.joined())</ul>"
    }

    func countTable() -> String {
        let rows = verification.counts.filter { $0.source + $0.target > 0 }.map {
            "<tr><td>\(escape($0.kind.plural))</td><td>\($0.source)</td><td>\($0.carried)</td>"
                + "<td>\($0.skipped)</td><td>\($0.target)</td></tr>"
        }
        return "<h2>Counts</h2><table class=\"counts\"><tr><th>kind</th><th>source</th><th>carried</th>"
            + "<th>skipped</th><th>target</th></tr>\(rows.joined())</table>"
    }

    func uptimeTable() -> String {
        let percent = VerificationRenderer.percent
        let rows = VerificationRenderer.uptimeRows(verification).map { row in
            "<tr class=\"uptime\(row.isEqualToTheMinute ? "" : " differs")\"><td>\(escape(row.name))</td>"
                + "<td class=\"num\">\(percent(row.sourceDowntime, row.windowSeconds))</td>"
                + "<td class=\"num\">\(row.targetDowntime.map { percent($0, row.windowSeconds) } ?? "absent")</td>"
                + "<td class=\"num\">\(VerificationRenderer.signed(row.differenceMinutes)) min</td>"
                + "<td>\(escape(row.rule ?? ""))</td></tr>"
        }
        let equal = verification.uptime.servicesEqual
        let total = verification.uptime.services.count
        let page = verification.uptime.page
        return
            "<h2>\(escape(VerificationRenderer.uptimeHeading(verification)))</h2>"
            + "<details class=\"uptime\"\(equal == total ? "" : " open")>"
            + "<summary>Equal to the minute on \(equal) of \(total) services; the whole page: "
            + "\(percent(page.sourceDowntime, page.windowSeconds)) vs "
            + "\(page.targetDowntime.map { percent($0, page.windowSeconds) } ?? "absent")</summary>"
            + "<table class=\"list\"><thead><tr><th></th><th>source</th><th>target</th><th>difference</th>"
            + "<th>explained by</th></tr></thead><tbody>\(rows.joined())</tbody></table></details>"
    }

    func escape(_ text: String) -> String { StatusPageHTML.escape(text) }
}
