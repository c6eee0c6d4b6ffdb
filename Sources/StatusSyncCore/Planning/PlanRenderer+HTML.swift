extension PlanRenderer {
    /// The plan as a review page: one self-contained HTML file that shows the target status page as
    /// the apply leaves it beside the source's, then the incident history as cards.
    ///
    /// At the top, readable without JavaScript: the summary (counts per kind and action, write calls,
    /// time at the rate limit, snapshot times and digests) and the warnings grouped by cause. Then a
    /// filter (kind, action, text; "only what changes" or "everything"), the two pages, and every
    /// incident and maintenance the plan touches, newest first, with its timeline; new, changed and
    /// deleted entities are marked, changed fields shown before → after, and lossy steps shown on the
    /// card they affect.
    ///
    /// - Parameters:
    ///   - plan: the plan.
    ///   - desired: the mapped source, when the caller has it: its incidents and maintenances that do
    ///     not change are shown too (in the "everything" view).
    /// - Returns: the HTML document.
    package static func html(_ plan: Plan, desired: AccountState? = nil) -> String {
        ReviewPage(plan: plan, desired: desired).render()
    }
}

/// Builds the review page of one plan (see ``PlanRenderer/html(_:desired:)``).
private struct ReviewPage {
    typealias Mark = StatusPageHTML.Mark

    let plan: Plan
    let desired: AccountState?
    let reading: PlanReading
    let changes: [String: PlannedChange]
    let childChanges: [String: [PlannedChange]]
    let warnings: [String: [String]]

    init(plan: Plan, desired: AccountState?) {
        self.plan = plan
        self.desired = desired
        reading = PlanReading(plan)
        changes = Dictionary(plan.changes.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        childChanges = Dictionary(grouping: plan.changes.filter { $0.parentKey != nil }, by: { $0.parentKey ?? "" })
        var warnings: [String: [String]] = [:]
        for finding in reading.findings {
            let owner = finding.key.split(separator: "/", maxSplits: 1).first.map(String.init) ?? finding.key
            warnings[owner, default: []].append(finding.message)
        }
        self.warnings = warnings
    }

    func render() -> String {
        let title = "statussync plan: \(plan.pair)"
        var body = "<main><h1>\(escape(title))</h1>"
        body += "<div class=\"sub\">\(escape(plan.source.account)) (\(plan.source.provider.displayName)) → "
        body += "\(escape(plan.target.account)) (\(plan.target.provider.displayName))</div>"
        body += "<p class=\"answer\">\(escape(PlanRenderer.summary(plan)))</p>"
        if plan.isEmpty { body += "<p>No changes: the target is in sync.</p>" }
        body += summarySection() + warningSection()
        let cards = eventCards()
        let kinds = Set(plan.changes.map(\.kind)).union(cards.map(\.kind)).union([.group, .service]).sorted()
            .filter { $0 != .incidentUpdate && $0 != .maintenanceUpdate }
        body += "<h2>Review</h2>" + StatusPageHTML.filterBar(kinds: kinds)
        body += "<h2>Status page</h2><div class=\"pages\">"
        body += StatusPageHTML.page(
            heading: "\(plan.target.account) (\(plan.target.provider.displayName)) after the apply",
            groups: targetPage())
        body += StatusPageHTML.page(
            heading: "\(plan.source.account) (\(plan.source.provider.displayName)) now", groups: sourcePage())
        body += "</div>"
        let incidents = cards.filter { $0.kind == .incident }
        body += "<h2>Incident history (\(incidents.count))</h2>"
        body += StatusPageHTML.cardList(incidents, id: "incidents")
        let maintenances = cards.filter { $0.kind == .maintenance }
        if !maintenances.isEmpty {
            body += "<h2>Maintenances (\(maintenances.count))</h2>"
            body += StatusPageHTML.cardList(maintenances, id: "maintenances")
        }
        body += otherChanges()
        body += plan.notes.map { "<p><em>Note: \(escape($0))</em></p>" }.joined()
        body += "<p class=\"answer\">\(escape(PlanRenderer.summary(plan)))</p></main>"
        return StatusPageHTML.document(title: title, body: body)
    }

    // MARK: - Summary and warnings

    func summarySection() -> String {
        let actions = PlannedChange.Action.allCases
        var html = "<h2>Summary</h2><table class=\"counts\"><tr><th></th>"
        html += actions.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr>"
        let byKind = Dictionary(grouping: plan.changes, by: \.kind)
        for kind in byKind.keys.sorted() {
            let kindChanges = byKind[kind] ?? []
            html += "<tr><td>\(escape(kind.plural))</td>"
            html += actions.map { action in "<td>\(kindChanges.count { $0.action == action })</td>" }.joined() + "</tr>"
        }
        let counts = plan.counts
        html += "<tr><th>all</th>" + actions.map { "<th>\(counts[$0] ?? 0)</th>" }.joined() + "</tr></table>"
        html += "<dl class=\"facts\">"
        if let estimate = plan.estimate {
            html += "<dt>write calls</dt><dd>\(estimate.writeCalls) to \(escape(plan.target.account))</dd>"
            html += "<dt>read calls</dt><dd>\(estimate.readCalls)</dd>"
            html += "<dt>time at the rate limit</dt><dd>about \(PlanRenderer.duration(estimate.seconds))</dd>"
        } else {
            html += "<dt>write calls</dt><dd>\(plan.writeCalls) to \(escape(plan.target.account))</dd>"
        }
        html += "<dt>planned</dt><dd>\(StatusPageHTML.time(plan.createdAt))</dd>"
        for (name, side) in [("source", plan.source), ("target", plan.target)] {
            let fetched = side.fetchedAt.map { "fetched \(StatusPageHTML.time($0)), " } ?? ""
            html += "<dt>\(name) snapshot</dt><dd>\(escape(side.account)) (\(side.provider.displayName)): "
            html += "\(fetched)<code>\(escape(side.digest))</code></dd>"
        }
        html += "<dt>mapping</dt><dd><code>\(escape(plan.mappingDigest))</code></dd></dl>"
        return html
    }

    func warningSection() -> String {
        let groups = reading.warningGroups
        guard !groups.isEmpty else { return "" }
        let total = groups.reduce(0) { $0 + $1.diagnostics.count }
        var html = "<h2>Warnings: \(total) in \(groups.count) cause\(groups.count == 1 ? "" : "s")</h2>"
        html += "<ul class=\"warnings\">"
        for group in groups {
            let examples = reading.examples(group)
            let more = group.diagnostics.count > examples.count ? ", ..." : ""
            html += "<li><strong>\(escape(group.message))</strong>: \(escape(reading.countText(group)))"
            if !examples.isEmpty {
                html += " (e.g. " + examples.map { "“\(escape($0))”" }.joined(separator: ", ") + more + ")"
            }
            html += " <span class=\"remedy\">— \(escape(group.remedy))</span></li>"
        }
        return html + "</ul>"
    }

    // MARK: - Pages

    func mark(_ key: String) -> Mark {
        guard let change = changes[key] else { return .unchanged }
        switch change.action {
        case .create: return .new
        case .delete: return .deleted
        case .update, .adopt: return change.fields.isEmpty ? .unchanged : .changed
        }
    }

    func fieldLines(_ key: String) -> [String] {
        guard let change = changes[key], change.action == .update || change.action == .adopt else { return [] }
        return change.fields.map { "\($0.name): \(reading.value($0.before)) → \(reading.value($0.after))" }
    }

    func targetPage() -> [StatusPageHTML.GroupBox] {
        let outline =
            plan.pages?.target
            ?? Plan.Outline(
                groups: plan.changes.compactMap {
                    if case .group(let group) = $0.payload { group } else { nil }
                },
                services: plan.changes.compactMap {
                    if case .service(let service) = $0.payload { service } else { nil }
                })
        var boxes = StatusPageHTML.boxes(groups: outline.groups, services: outline.services) { key in
            (mark(key), fieldLines(key))
        }
        let deleted = plan.changes.filter { $0.action == .delete && ($0.kind == .group || $0.kind == .service) }
        if !deleted.isEmpty {
            boxes.append(
                StatusPageHTML.GroupBox(
                    name: "Deleted", mark: nil,
                    services: deleted.map {
                        StatusPageHTML.ServiceRow(
                            name: "\($0.kind.rawValue) “\($0.label)”", status: .operational, mark: .deleted)
                    }))
        }
        return boxes
    }

    func sourcePage() -> [StatusPageHTML.GroupBox] {
        guard let outline = plan.pages?.source else { return [] }
        return StatusPageHTML.boxes(groups: outline.groups, services: outline.services) { _ in nil }
    }

    // MARK: - Cards

    func chips(_ affected: [AffectedService]?) -> [StatusPageHTML.ServiceChip] {
        (affected ?? []).map {
            StatusPageHTML.ServiceChip(name: reading.name(of: $0.serviceID) ?? $0.serviceID, status: $0.status)
        }
    }

    /// Every incident and maintenance the plan touches (and, given the desired state, every other), newest first.
    func eventCards() -> [StatusPageHTML.EventCard] {
        var incidents: [String: Incident] = [:]
        var maintenances: [String: Maintenance] = [:]
        for incident in desired?.incidents ?? [] { incidents[incident.id] = incident }
        for maintenance in desired?.maintenances ?? [] { maintenances[maintenance.id] = maintenance }
        for change in plan.changes {
            switch change.payload {
            case .incident(let incident): incidents[incident.id] = incident
            case .maintenance(let maintenance): maintenances[maintenance.id] = maintenance
            default: break
            }
        }
        var cards: [(key: String, card: StatusPageHTML.EventCard)] = []
        for incident in incidents.values { cards.append((incident.id, incidentCard(incident))) }
        for maintenance in maintenances.values { cards.append((maintenance.id, maintenanceCard(maintenance))) }
        // Events the plan touches only through their timeline or a delete, with no payload of their own.
        var shown = Set(cards.map(\.key))
        for change in plan.changes {
            let key: String
            switch change.kind {
            case .incident, .maintenance: key = change.key
            case .incidentUpdate, .maintenanceUpdate: key = change.parentKey ?? change.key
            default: continue
            }
            guard !shown.contains(key) else { continue }
            shown.insert(key)
            cards.append((key, bareCard(key)))
        }
        return cards.sorted { ($0.card.start, $0.key) > ($1.card.start, $1.key) }.map(\.card)
    }

    func incidentCard(_ incident: Incident) -> StatusPageHTML.EventCard {
        let cardMark = mark(incident.id)
        var rows = incident.updates.map { update in
            StatusPageHTML.TimelineRow(
                time: update.time, phase: update.phase, message: update.message,
                services: chips(update.serviceStatuses),
                mark: cardMark == .new ? .new : mark(update.id), changes: fieldLines(update.id))
        }
        let listed = Set(incident.updates.map(\.id))
        for change in childChanges[incident.id] ?? [] where !listed.contains(change.key) {
            rows.append(row(change))
        }
        return StatusPageHTML.EventCard(
            kind: .incident, title: incident.title, start: incident.startTime, end: incident.endTime,
            affected: chips(incident.affected), mark: cardMark, changes: fieldLines(incident.id),
            warnings: warnings[incident.id] ?? [], timeline: rows.sorted { $0.time < $1.time })
    }

    func maintenanceCard(_ maintenance: Maintenance) -> StatusPageHTML.EventCard {
        let cardMark = mark(maintenance.id)
        var rows = maintenance.updates.map { update in
            StatusPageHTML.TimelineRow(
                time: update.time, phase: update.phase, message: update.message,
                mark: cardMark == .new ? .new : mark(update.id), changes: fieldLines(update.id))
        }
        if rows.isEmpty, !maintenance.body.isEmpty {
            rows.append(
                StatusPageHTML.TimelineRow(
                    time: maintenance.startTime, phase: "scheduled", message: maintenance.body, mark: cardMark))
        }
        let listed = Set(maintenance.updates.map(\.id))
        for change in childChanges[maintenance.id] ?? [] where !listed.contains(change.key) {
            rows.append(row(change))
        }
        return StatusPageHTML.EventCard(
            kind: .maintenance, title: maintenance.title, start: maintenance.startTime, end: maintenance.endTime,
            affected: chips(maintenance.affected), mark: cardMark, changes: fieldLines(maintenance.id),
            warnings: warnings[maintenance.id] ?? [], timeline: rows.sorted { $0.time < $1.time })
    }

    /// A card for an event known only by its key: a delete, or new entries on an existing timeline.
    func bareCard(_ key: String) -> StatusPageHTML.EventCard {
        let own = changes[key]
        let children = childChanges[key] ?? []
        let rows = children.map(row).sorted { $0.time < $1.time }
        let label = own?.label ?? children.first.map { String($0.label.split(separator: " · ").first ?? "") } ?? key
        return StatusPageHTML.EventCard(
            kind: key.hasPrefix("maintenance") ? .maintenance : .incident, title: label,
            start: rows.first?.time ?? plan.createdAt, end: nil, affected: [],
            mark: own == nil ? .unchanged : mark(key),
            changes: fieldLines(key), warnings: warnings[key] ?? [], timeline: rows)
    }

    /// A timeline row from the change that writes it.
    func row(_ change: PlannedChange) -> StatusPageHTML.TimelineRow {
        switch change.payload {
        case .incidentUpdate(let update):
            return StatusPageHTML.TimelineRow(
                time: update.time, phase: update.phase, message: update.message,
                services: chips(update.serviceStatuses),
                mark: mark(change.key), changes: change.action == .create ? [] : fieldLines(change.key))
        case .maintenanceUpdate(let update):
            return StatusPageHTML.TimelineRow(
                time: update.time, phase: update.phase, message: update.message, mark: mark(change.key),
                changes: change.action == .create ? [] : fieldLines(change.key))
        default:
            return StatusPageHTML.TimelineRow(
                time: plan.createdAt, phase: change.action.rawValue, message: change.label, mark: mark(change.key))
        }
    }

    // MARK: - Other changes

    /// Phases and templates: a list, since a status page does not show them.
    func otherChanges() -> String {
        let shown: Set<EntityKind> = [.group, .service, .incident, .incidentUpdate, .maintenance, .maintenanceUpdate]
        let others = plan.changes.filter { !shown.contains($0.kind) }
        guard !others.isEmpty else { return "" }
        var html = "<h2>Other changes (\(others.count))</h2><div class=\"page\">"
        for change in others {
            let changeMark = mark(change.key)
            html += """
                <div class="service m-\(changeMark.rawValue)" data-filter data-kind="\(change.kind.rawValue)" \
                data-action="\(change.action.rawValue)"><span class="name">\(change.action.sign) \
                \(escape(PlanReading.singular(change.kind))) “\(escape(change.label))”</span>\
                \(StatusPageHTML.diff(fieldLines(change.key)))</div>
                """
        }
        return html + "</div>"
    }

    func escape(_ text: String) -> String { StatusPageHTML.escape(text) }
}
