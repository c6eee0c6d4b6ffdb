import Foundation

extension VerificationRenderer {
    /// How many incident and maintenance cards without a difference the page shows, newest first.
    package static let htmlQuietCardLimit = 300

    /// The verification as one self-contained HTML page (inline CSS, no script, no request to any host).
    ///
    /// The answer comes first, then the differences, the expected ones by cause, the counts and the
    /// uptime table, then the incident and maintenance history as cards: every card with a difference
    /// is shown and marked (the entity, and each timeline entry, with the source's and the target's
    /// value), and up to ``htmlQuietCardLimit`` faithful ones after them.
    package static func html(_ result: Verifier.Result) -> String {
        let verification = result.verification
        let byEntity = Dictionary(grouping: verification.differences, by: { $0.parentKey ?? $0.key })
        var cards: [String] = []
        var quiet: [String] = []
        var extras: [String] = []
        let incidents = result.desired.incidents.sorted { ($0.startTime, $0.id) > ($1.startTime, $1.id) }
        for incident in incidents {
            let card = incidentCard(incident, differences: byEntity[incident.id] ?? [])
            if byEntity[incident.id] == nil { quiet.append(card) } else { cards.append(card) }
        }
        for maintenance in result.desired.maintenances.sorted(by: { ($0.startTime, $0.id) > ($1.startTime, $1.id) }) {
            let card = maintenanceCard(maintenance, differences: byEntity[maintenance.id] ?? [])
            if byEntity[maintenance.id] == nil { quiet.append(card) } else { cards.append(card) }
        }
        for difference in verification.differences
        where difference.kind == .extra && difference.parentKey == nil
            && (difference.entity == .incident || difference.entity == .maintenance)
        {
            extras.append(
                """
                <article class="card differs" data-key="\(escape(difference.key))"><header><span class="badge bad">extra \
                in the target</span> <strong>\(escape(difference.label))</strong> <span class="muted">\
                \(escape(difference.entity?.rawValue ?? "")) \(escape(difference.targetID ?? ""))</span></header></article>
                """)
        }
        let shownQuiet = quiet.prefix(htmlQuietCardLimit)
        let title = "statussync verify: \(verification.pair)"
        let answerClass = verification.isFaithful ? "good" : "bad"
        let others = verification.differences.filter {
            !(($0.entity == .incident || $0.entity == .incidentUpdate || $0.entity == .maintenance
                || $0.entity == .maintenanceUpdate) && $0.kind != .uptime)
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; max-width: 1100px; }
            table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
            th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .answer { font-size: 18px; padding: 10px 14px; border-radius: 6px; }
            .answer.good { background: #eaf7ea; border: 1px solid #9cd49c; }
            .answer.bad { background: #fbeaea; border: 1px solid #e3a1a1; }
            .muted { color: #777; } .badge { font-size: 12px; padding: 1px 6px; border-radius: 8px; }
            .badge.bad { background: #d9534f; color: #fff; } .badge.good { background: #5cb85c; color: #fff; }
            .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px;
                     align-items: start; }
            .card { border: 1px solid #ddd; border-radius: 6px; padding: 10px 12px; background: #fff; }
            .card.differs { border: 2px solid #d9534f; background: #fff8f8; }
            .card ol { margin: 6px 0 0; padding-left: 18px; } .card li { margin: 4px 0; }
            .card li.differs { background: #fbeaea; outline: 1px solid #e3a1a1; }
            .diff { font-size: 12px; color: #a12a26; white-space: pre-wrap; }
            .message { white-space: pre-wrap; }
            tr.differs td { background: #fbeaea; }
            </style></head><body>
            <h1>\(escape(title))</h1>
            <p class="answer \(answerClass)">\(escape(summary(verification)))</p>
            <p class="muted">\(escape(verification.source.account)) (\(verification.source.provider.displayName)) → \
            \(escape(verification.target.account)) (\(verification.target.provider.displayName)) · window \
            \(Instant(secondsSince1970: verification.window.start)) – \(Instant(secondsSince1970: verification.window.end))</p>
            \(others.isEmpty ? "" : differenceTable(others))
            \(expectedList(verification))
            \(countTable(verification))
            \(uptimeTable(verification))
            <h2>History (\(extras.count + cards.count) with differences, \(shownQuiet.count) of \(quiet.count) faithful shown)</h2>
            <div class="cards">
            \((extras + cards + shownQuiet).joined(separator: "\n"))
            </div>
            </body></html>

            """
    }

    static func differenceTable(_ differences: [Verification.Difference]) -> String {
        let rows = differences.map {
            "<tr class=\"differs\"><td>\(escape($0.kind.rawValue))</td><td>\(escape($0.entity?.rawValue ?? "page")) "
                + "<strong>\(escape($0.label))</strong></td><td>\(escape($0.field ?? ""))</td>"
                + "<td>\(escape($0.sourceValue ?? ""))</td><td>\(escape($0.targetValue ?? ""))</td></tr>"
        }
        return "<h2>Differences</h2><table class=\"differences\"><thead><tr><th>kind</th><th>entity</th><th>field</th>"
            + "<th>source (mapped)</th><th>target</th></tr></thead><tbody>\(rows.joined())</tbody></table>"
    }

    static func expectedList(_ verification: Verification) -> String {
        guard !verification.expected.isEmpty else { return "" }
        let items = verification.expected.map {
            "<li><strong>\($0.count) ×</strong> \(escape($0.cause))"
                + ($0.examples.first.map { " <span class=\"muted\">e.g. \(escape($0.key))</span>" } ?? "") + "</li>"
        }
        return "<h2>Expected, as the mapping declares</h2><ul class=\"expected\">\(items.joined())</ul>"
    }

    static func countTable(_ verification: Verification) -> String {
        let rows = verification.counts.filter { $0.source + $0.target > 0 }.map {
            "<tr><td>\(escape($0.kind.plural))</td><td class=\"num\">\($0.source)</td><td class=\"num\">\($0.carried)</td>"
                + "<td class=\"num\">\($0.skipped)</td><td class=\"num\">\($0.target)</td></tr>"
        }
        return "<h2>Counts</h2><table><thead><tr><th>kind</th><th>source</th><th>carried</th><th>skipped</th>"
            + "<th>target</th></tr></thead><tbody>\(rows.joined())</tbody></table>"
    }

    static func uptimeTable(_ verification: Verification) -> String {
        let rows = uptimeRows(verification).map { row in
            "<tr class=\"uptime\(row.isEqualToTheMinute ? "" : " differs")\"><td>\(escape(row.name))</td>"
                + "<td class=\"num\">\(percent(row.sourceDowntime, row.windowSeconds))</td>"
                + "<td class=\"num\">\(row.targetDowntime.map { percent($0, row.windowSeconds) } ?? "absent")</td>"
                + "<td class=\"num\">\(signed(row.differenceMinutes)) min</td><td>\(escape(row.rule ?? ""))</td></tr>"
        }
        let equal = verification.uptime.servicesEqual
        let total = verification.uptime.services.count
        let page = verification.uptime.page
        return
            "<h2>\(escape(uptimeHeading(verification)))</h2><details class=\"uptime\"\(equal == total ? "" : " open")>"
            + "<summary>Equal to the minute on \(equal) of \(total) services; the whole page: "
            + "\(percent(page.sourceDowntime, page.windowSeconds)) vs "
            + "\(page.targetDowntime.map { percent($0, page.windowSeconds) } ?? "absent")</summary>"
            + "<table><thead><tr><th></th><th>source</th><th>target</th><th>difference</th><th>explained by</th></tr>"
            + "</thead><tbody>\(rows.joined())</tbody></table></details>"
    }

    static func marks(_ differences: [Verification.Difference], key: String) -> String {
        differences.filter { $0.key == key }.map {
            switch $0.kind {
            case .missing: "<div class=\"diff\">missing in the target</div>"
            case .extra: "<div class=\"diff\">extra in the target</div>"
            default:
                "<div class=\"diff\">\(escape($0.field ?? "")): source \(escape(quote($0.sourceValue))), "
                    + "target \(escape(quote($0.targetValue)))</div>"
            }
        }.joined()
    }

    static func incidentCard(_ incident: Incident, differences: [Verification.Difference]) -> String {
        let updates = incident.updates.map { update in
            let own = marks(differences, key: update.id)
            return "<li\(own.isEmpty ? "" : " class=\"differs\"")><span class=\"muted\">\(update.time) · "
                + "\(escape(update.phase))</span><div class=\"message\">\(escape(update.message))</div>\(own)</li>"
        }
        let extras = differences.filter { $0.kind == .extra && $0.parentKey == incident.id }.map {
            "<li class=\"differs\"><div class=\"diff\">extra in the target: \(escape($0.label))</div></li>"
        }
        let badge =
            differences.isEmpty
            ? "<span class=\"badge good\">faithful</span>" : "<span class=\"badge bad\">differs</span>"
        return """
            <article class="card\(differences.isEmpty ? "" : " differs")" data-key="\(escape(incident.id))"><header>\
            \(badge) <strong>\(escape(incident.title))</strong><div class="muted">\(incident.startTime) – \
            \(incident.endTime.map(\.iso8601) ?? "open")</div></header>\(marks(differences, key: incident.id))\
            <ol>\((updates + extras).joined())</ol></article>
            """
    }

    static func maintenanceCard(_ maintenance: Maintenance, differences: [Verification.Difference]) -> String {
        let updates = maintenance.updates.map { update in
            let own = marks(differences, key: update.id)
            return "<li\(own.isEmpty ? "" : " class=\"differs\"")><span class=\"muted\">\(update.time) · "
                + "\(escape(update.phase))</span><div class=\"message\">\(escape(update.message))</div>\(own)</li>"
        }
        let badge =
            differences.isEmpty
            ? "<span class=\"badge good\">faithful</span>" : "<span class=\"badge bad\">differs</span>"
        return """
            <article class="card maintenance\(differences.isEmpty ? "" : " differs")" data-key="\(escape(maintenance.id))">\
            <header>\(badge) <strong>\(escape(maintenance.title))</strong> <span class="muted">maintenance</span>\
            <div class="muted">\(maintenance.startTime) – \(maintenance.endTime)</div></header>\
            <div class="message">\(escape(maintenance.body))</div>\(marks(differences, key: maintenance.id))\
            <ol>\(updates.joined())</ol></article>
            """
    }

    /// Escapes text for HTML (the plan page's escaping).
    static func escape(_ text: String) -> String { StatusPageHTML.escape(text) }
}
