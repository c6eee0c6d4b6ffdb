import Foundation

/// The look shared by statussync's HTML pages (the plan's review page, and any report that shows a
/// status page): one self-contained document with inline CSS and script, status colours, a status
/// page's groups and services, and incident cards with their timelines.
///
/// Nothing here loads anything from elsewhere: no font, script, image or style sheet. Callers build
/// the small view models below and ask for their HTML.
package enum StatusPageHTML {
    /// How an entity is touched by the changes the page shows.
    package enum Mark: String, Sendable, Hashable, CaseIterable {
        /// It will be created.
        case new
        /// Some of its fields change.
        case changed
        /// It stays as it is.
        case unchanged
        /// It will be deleted.
        case deleted
        /// The target says something else than the source (a verification's finding).
        case differs

        /// The plan action the filter calls this mark by.
        package var action: String {
            switch self {
            case .new: "create"
            case .changed: "update"
            case .unchanged: "unchanged"
            case .deleted: "delete"
            case .differs: "differs"
            }
        }
    }

    /// A service as a status page lists it.
    package struct ServiceRow: Sendable, Hashable {
        /// The service's name.
        package var name: String
        /// Its status.
        package var status: ComponentStatus
        /// How the changes touch it; `nil` on a page that shows no changes.
        package var mark: Mark?
        /// Fields that change, as `name: before → after`.
        package var changes: [String]

        /// Creates a row.
        package init(name: String, status: ComponentStatus, mark: Mark? = nil, changes: [String] = []) {
            self.name = name
            self.status = status
            self.mark = mark
            self.changes = changes
        }
    }

    /// A group of services as a status page shows it; a group without a name holds ungrouped services.
    package struct GroupBox: Sendable, Hashable {
        /// The group's name, empty for the services outside any group.
        package var name: String
        /// How the changes touch it.
        package var mark: Mark?
        /// Fields that change.
        package var changes: [String]
        /// Its services, in page order.
        package var services: [ServiceRow]

        /// Creates a group box.
        package init(name: String, mark: Mark? = nil, changes: [String] = [], services: [ServiceRow]) {
            self.name = name
            self.mark = mark
            self.changes = changes
            self.services = services
        }
    }

    /// A service an event affects, by name, with the status it gives it.
    package struct ServiceChip: Sendable, Hashable {
        /// The service's name.
        package var name: String
        /// The status.
        package var status: ComponentStatus

        /// Creates a chip.
        package init(name: String, status: ComponentStatus) {
            self.name = name
            self.status = status
        }
    }

    /// One entry of an event's timeline.
    package struct TimelineRow: Sendable, Hashable {
        /// When it was posted.
        package var time: Instant
        /// The phase it reports.
        package var phase: String
        /// Its text.
        package var message: String
        /// The services and statuses it sets, if it records them.
        package var services: [ServiceChip]
        /// How the changes touch it.
        package var mark: Mark?
        /// Fields that change.
        package var changes: [String]

        /// Creates a row.
        package init(
            time: Instant, phase: String, message: String, services: [ServiceChip] = [], mark: Mark? = nil,
            changes: [String] = []
        ) {
            self.time = time
            self.phase = phase
            self.message = message
            self.services = services
            self.mark = mark
            self.changes = changes
        }
    }

    /// An incident or maintenance as a status page's history shows it.
    package struct EventCard: Sendable, Hashable {
        /// `incident` or `maintenance`.
        package var kind: EntityKind
        /// The title.
        package var title: String
        /// When it started.
        package var start: Instant
        /// When it ended, if it has.
        package var end: Instant?
        /// The services it affects.
        package var affected: [ServiceChip]
        /// How the changes touch it.
        package var mark: Mark?
        /// Fields that change, as `name: before → after`.
        package var changes: [String]
        /// Lossy steps and other warnings about it or its timeline.
        package var warnings: [String]
        /// Its timeline, oldest first (shown newest first).
        package var timeline: [TimelineRow]

        /// Creates a card.
        package init(
            kind: EntityKind, title: String, start: Instant, end: Instant?, affected: [ServiceChip], mark: Mark?,
            changes: [String] = [], warnings: [String] = [], timeline: [TimelineRow]
        ) {
            self.kind = kind
            self.title = title
            self.start = start
            self.end = end
            self.affected = affected
            self.mark = mark
            self.changes = changes
            self.warnings = warnings
            self.timeline = timeline
        }

        /// The mark the card filters by: its own, or "changed" when only its timeline changes.
        var effectiveMark: Mark? {
            guard mark == .unchanged else { return mark }
            return timeline.contains { $0.mark != .unchanged && $0.mark != nil } ? .changed : mark
        }
    }

    // MARK: - Rendering

    /// A whole document: the shared style, `body`, and the filter script.
    package static func document(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(css)</style></head>
        <body class="js-off">
        \(body)
        <script>\(script)</script>
        </body></html>

        """
    }

    /// The filter bar: by kind, by action, by text, and the "only what changes" / "everything" views.
    ///
    /// Elements with `data-filter` are filtered by their `data-kind`, `data-action` and text. With
    /// JavaScript off the bar stays hidden and everything shows.
    package static func filterBar(kinds: [EntityKind]) -> String {
        let options = kinds.map { "<option value=\"\($0.rawValue)\">\(escape($0.plural))</option>" }.joined()
        return """
            <form id="filter" class="filter" onsubmit="return false"><label>kind <select id="f-kind">\
            <option value="">all</option>\(options)</select></label> <label>action <select id="f-action">\
            <option value="">all</option><option value="create">new</option><option value="update">changed</option>\
            <option value="delete">deleted</option>\
            <option value="unchanged">unchanged</option></select></label> <label>text \
            <input id="f-text" type="search" placeholder="title, service, message"></label> \
            <label><input type="radio" name="view" value="changes" checked> only what changes</label> \
            <label><input type="radio" name="view" value="all"> everything</label> <span id="f-count"></span></form>
            """
    }

    /// A status page: its groups with their services, in order, each with its status colour and mark.
    package static func page(heading: String, groups: [GroupBox]) -> String {
        var html = "<section class=\"page\"><h3>\(escape(heading))</h3>"
        for group in groups {
            html += "<div class=\"group\">"
            if !group.name.isEmpty {
                html += "<div \(marked("group-name", kind: .group, group.mark))>"
                html += "\(escape(group.name))\(badge(group.mark))\(diff(group.changes))</div>"
            }
            for service in group.services {
                html += """
                    <div \(marked("service", kind: .service, service.mark))>\
                    <span class="name">\(escape(service.name))</span>\(badge(service.mark))\
                    <span class="status s-\(service.status.rawValue)">\(escape(words(service.status)))</span>\
                    \(diff(service.changes))</div>
                    """
            }
            html += "</div>"
        }
        return html + "</section>"
    }

    /// The page's group boxes: groups in order with their services in page order, then the services
    /// outside any group.
    ///
    /// - Parameters:
    ///   - groups: the page's groups, in order.
    ///   - services: its services.
    ///   - marking: the mark and field changes of an entity by id, or `nil` on a page that shows no changes.
    /// - Returns: the boxes, in page order.
    package static func boxes(
        groups: [ServiceGroup], services: [Service], marking: (String) -> (Mark, [String])?
    ) -> [GroupBox] {
        func row(_ service: Service) -> ServiceRow {
            let marked = marking(service.id)
            return ServiceRow(name: service.name, status: service.status, mark: marked?.0, changes: marked?.1 ?? [])
        }
        let byGroup = Dictionary(grouping: services, by: { $0.groupID ?? "" })
        var boxes = groups.map { group in
            let marked = marking(group.id)
            return GroupBox(
                name: group.name, mark: marked?.0, changes: marked?.1 ?? [],
                services: (byGroup[group.id] ?? []).sorted { ($0.position, $0.id) < ($1.position, $1.id) }.map(row))
        }
        let known = Set(groups.map(\.id))
        let loose = services.filter { !known.contains($0.groupID ?? "") }
        if !loose.isEmpty { boxes.append(GroupBox(name: "", services: loose.map(row))) }
        return boxes
    }

    /// The opening tag's attributes of a marked element: its classes, and what the filter reads.
    static func marked(_ classes: String, kind: EntityKind, _ mark: Mark?) -> String {
        guard let mark else { return "class=\"\(classes)\"" }
        return "class=\"\(classes) m-\(mark.rawValue)\" data-filter data-kind=\"\(kind.rawValue)\" "
            + "data-action=\"\(mark.action)\""
    }

    /// An incident or maintenance card with its timeline, newest entry first.
    package static func card(_ card: EventCard) -> String {
        var html = "<article \(marked("card", kind: card.kind, card.effectiveMark))>"
        html += "<header><h4>\(escape(card.title))\(badge(card.mark))</h4><div class=\"when\">"
        html += card.kind == .maintenance ? "maintenance · " : ""
        html += "\(time(card.start))" + (card.end.map { " – \(time($0))" } ?? " · open") + "</div>"
        html += chips(card.affected) + "</header>"
        html += diff(card.changes)
        // The warnings section above explains each cause; a card names its own in a few words.
        for warning in card.warnings {
            let short = warning.range(of: ": ").map { String(warning[..<$0.lowerBound]) } ?? warning
            html += "<div class=\"warn\">⚠ \(escape(short))</div>"
        }
        html += "<ol class=\"timeline\">"
        // A row shows the services it sets only where they differ from the entry before it.
        var previous = card.affected
        var shownServices: [[ServiceChip]] = []
        for row in card.timeline {
            shownServices.append(row.services == previous ? [] : row.services)
            if !row.services.isEmpty { previous = row.services }
        }
        for (row, services) in zip(card.timeline, shownServices).reversed() {
            html += """
                <li class="update\(row.mark.map { " m-\($0.rawValue)" } ?? "")" data-row="\(card.kind.rawValue)">\
                <time>\(time(row.time))</time> <b>\(escape(row.phase))</b>\(card.mark == .new ? "" : badge(row.mark))\
                <div class="msg">\(escape(row.message))</div>\(chips(services))\(diff(row.changes))</li>
                """
        }
        return html + "</ol></article>"
    }

    /// How many cards a card list renders as elements at once; the page's script renders the rest
    /// from inert text as the reader scrolls to them or filters.
    package static let eagerCards = 100
    /// How many cards each later batch holds.
    package static let cardBatch = 250

    /// A list of cards, newest first as given: the first ``eagerCards`` as elements, the rest in
    /// batches of ``cardBatch`` as inert text (`<script type="text/html" class="later">`) that the
    /// page's script turns into elements when the reader comes near them or filters the page.
    ///
    /// A browser neither parses nor lays out the text of a batch until then, so a page of 10,000
    /// incidents opens as fast as one of a hundred. Each batch says how many cards it holds
    /// (`data-total`) and how many of them change (`data-changing`), for the filter's count.
    ///
    /// - Parameters:
    ///   - cards: the cards, in page order.
    ///   - id: the list's element id.
    /// - Returns: the list's HTML.
    package static func cardList(_ cards: [EventCard], id: String) -> String {
        var html = "<div class=\"cards\" id=\"\(escape(id))\">"
        html += cards.prefix(eagerCards).map(card).joined()
        var start = min(eagerCards, cards.count)
        while start < cards.count {
            let batch = cards[start..<min(start + cardBatch, cards.count)]
            let changing = batch.count { $0.effectiveMark != nil && $0.effectiveMark != .unchanged }
            let filtered = batch.count { $0.effectiveMark != nil }
            html += "<script type=\"text/html\" class=\"later\" data-total=\"\(filtered)\" "
            html += "data-changing=\"\(changing)\">\(batch.map(card).joined())</script>"
            start += cardBatch
        }
        if cards.count > eagerCards {
            html += "<noscript><p>\(cards.count - eagerCards) more cards are shown with JavaScript on; "
            html += "the JSON form lists every one.</p></noscript><div class=\"more\"></div>"
        }
        return html + "</div>"
    }

    private static func chips(_ services: [ServiceChip]) -> String {
        guard !services.isEmpty else { return "" }
        return "<div class=\"chips\">"
            + services.map {
                "<span class=\"chip s-\($0.status.rawValue)\" title=\"\(escape(words($0.status)))\">\(escape($0.name))</span>"
            }
            .joined() + "</div>"
    }

    private static func badge(_ mark: Mark?) -> String {
        guard let mark, mark != .unchanged else { return "" }
        return " <span class=\"badge b-\(mark.rawValue)\">\(mark.rawValue)</span>"
    }

    /// Field changes as a small list of `before → after` lines.
    package static func diff(_ changes: [String]) -> String {
        guard !changes.isEmpty else { return "" }
        return "<ul class=\"diff\">" + changes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
    }

    /// A status in words: `major outage`.
    package static func words(_ status: ComponentStatus) -> String {
        switch status {
        case .operational: "operational"
        case .underMaintenance: "under maintenance"
        case .degradedPerformance: "degraded performance"
        case .partialOutage: "partial outage"
        case .majorOutage: "major outage"
        }
    }

    /// A time in UTC to the minute: `2026-10-01 10:00 UTC`.
    package static func time(_ instant: Instant) -> String {
        let iso = instant.iso8601
        guard iso.count >= 16 else { return iso }
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
    }

    /// Escapes text for HTML content and attribute values.
    package static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    // MARK: - Style and script

    /// The shared style sheet: status colours, marks, the two pages side by side, cards.
    package static let css = """
        :root { --ok: #1f9d55; --degraded: #d69e2e; --partial: #dd6b20; --major: #c53030; --maint: #3182ce;
          --new: #2f855a; --changed: #b7791f; --deleted: #c53030; --line: #e2e8f0; --muted: #64748b; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1a202c;
          background: #f7fafc; }
        main { max-width: 1200px; margin: 0 auto; padding: 20px 24px 60px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; }
        h3 { font-size: 15px; margin: 0 0 8px; } h4 { font-size: 15px; margin: 0; }
        .sub, .when, time { color: var(--muted); }
        .answer { font-size: 16px; font-weight: 600; margin: 12px 0; }
        table.counts { border-collapse: collapse; background: #fff; }
        table.counts th, table.counts td { border: 1px solid var(--line); padding: 4px 10px; text-align: right; }
        table.counts th:first-child, table.counts td:first-child { text-align: left; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 12px 0; }
        dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
        code { font-size: 12px; word-break: break-all; }
        ul.warnings { padding-left: 18px; } ul.warnings li { margin: 4px 0; }
        .remedy { color: var(--muted); }
        .filter { position: sticky; top: 0; z-index: 2; background: #fff; border: 1px solid var(--line);
          border-radius: 6px; padding: 8px 12px; margin: 16px 0; display: flex; gap: 14px; flex-wrap: wrap;
          align-items: center; }
        .js-off .filter { display: none; }
        .pages { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; align-items: start; }
        .page { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px; }
        .group { margin: 0 0 12px; } .group-name { font-weight: 600; padding: 4px 0; }
        .service { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 5px 8px;
          border-top: 1px solid var(--line); }
        .service .name { flex: 1; }
        .status { font-size: 12px; font-weight: 600; }
        .status::before, .chip::before { content: ""; display: inline-block; width: 9px; height: 9px;
          border-radius: 50%; margin-right: 5px; background: currentColor; }
        .s-operational { color: var(--ok); } .s-degradedPerformance { color: var(--degraded); }
        .s-partialOutage { color: var(--partial); } .s-majorOutage { color: var(--major); }
        .s-underMaintenance { color: var(--maint); }
        .badge { font-size: 11px; font-weight: 700; text-transform: uppercase; border-radius: 3px;
          padding: 0 5px; color: #fff; vertical-align: middle; }
        .b-new { background: var(--new); } .b-changed { background: var(--changed); }
        .b-deleted, .b-differs { background: var(--deleted); }
        .m-new { border-left: 4px solid var(--new); } .m-changed { border-left: 4px solid var(--changed); }
        .m-deleted { border-left: 4px solid var(--deleted); text-decoration: line-through; }
        .m-differs { border-left: 4px solid var(--deleted); background: #fff5f5; }
        .answer.good { color: var(--new); } .answer.bad { color: var(--deleted); }
        table.list { border-collapse: collapse; background: #fff; width: 100%; }
        table.list th, table.list td { border: 1px solid var(--line); padding: 4px 10px; text-align: left;
          vertical-align: top; }
        table.list td.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.list tr.differs td { background: #fff5f5; }
        .card.m-new .timeline li.m-new { border-left: none; }
        .group-name.m-new, .group-name.m-changed, .group-name.m-deleted { padding-left: 6px; }
        .cards { display: flex; flex-direction: column; gap: 12px; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px;
          content-visibility: auto; contain-intrinsic-size: auto 220px; }
        .card header { margin-bottom: 6px; }
        .more { min-height: 1px; }
        .chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
        .chip { font-size: 12px; border: 1px solid var(--line); border-radius: 12px; padding: 0 8px; }
        .timeline { list-style: none; margin: 8px 0 0; padding: 0; }
        .timeline li { padding: 6px 10px; border-top: 1px solid var(--line); }
        .msg { white-space: pre-wrap; }
        ul.diff { margin: 4px 0; padding-left: 18px; color: #744210; font-size: 13px; }
        .warn { color: #975a16; background: #fffaf0; border-radius: 4px; padding: 2px 8px; margin: 4px 0;
          font-size: 13px; }
        .hidden, .only-changes [data-filter][data-action="unchanged"] { display: none !important; }
        @media (max-width: 800px) { .pages { grid-template-columns: 1fr; } }
        """

    /// The filter script: hides elements with `data-filter` that do not match the bar.
    package static let script = """
        (function () {
          var body = document.body;
          body.classList.remove("js-off");
          body.classList.add("only-changes");
          // Cards kept as inert text become elements near the viewport, or all at once for a filter.
          var later = Array.prototype.slice.call(document.querySelectorAll("script.later"));
          function render(batch) {
            batch.insertAdjacentHTML("beforebegin", batch.textContent);
            batch.remove();
          }
          function renderAll() {
            later.forEach(render);
            later = [];
          }
          var lists = Array.prototype.slice.call(document.querySelectorAll(".cards > .more"));
          if (lists.length && "IntersectionObserver" in window) {
            var observer = new IntersectionObserver(function (entries) {
              entries.forEach(function (entry) {
                if (!entry.isIntersecting) { return; }
                var next = entry.target.parentNode.querySelector("script.later");
                if (next) {
                  later.splice(later.indexOf(next), 1);
                  render(next);
                }
                observer.unobserve(entry.target);
                // More to come: observe afresh, which reports again if the list's end is still near.
                if (entry.target.parentNode.querySelector("script.later")) { observer.observe(entry.target); }
              });
            }, { rootMargin: "1500px 0px" });
            lists.forEach(function (more) { observer.observe(more); });
          } else {
            renderAll();
          }
          if (location.hash === "#all") { renderAll(); }
          var form = document.getElementById("filter");
          if (!form) { return; }
          var counter = document.getElementById("f-count");
          var total = document.querySelectorAll("[data-filter]").length;
          var changing = total - document.querySelectorAll("[data-filter][data-action=unchanged]").length;
          later.forEach(function (batch) {
            total += +batch.dataset.total;
            changing += +batch.dataset.changing;
          });
          var items = null, texts = null;
          function value(id) { return document.getElementById(id).value; }
          function apply() {
            var kind = value("f-kind"), action = value("f-action"), text = value("f-text").trim().toLowerCase();
            var all = form.querySelector("input[name=view]:checked").value === "all";
            body.classList.toggle("only-changes", !all && action !== "unchanged");
            if (!kind && !action && !text) {
              if (items) { items.forEach(function (el) { el.classList.remove("hidden"); }); }
              counter.textContent = (all ? total : changing) + " of " + total + " shown";
              return;
            }
            if (later.length) { renderAll(); }
            if (!items) {
              items = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
              texts = items.map(function (el) { return el.textContent.toLowerCase(); });
            }
            var shown = 0;
            for (var i = 0; i < items.length; i++) {
              var el = items[i];
              var ok = (!kind || el.dataset.kind === kind) && (!action || el.dataset.action === action)
                && (all || action === "unchanged" || el.dataset.action !== "unchanged")
                && (!text || texts[i].indexOf(text) >= 0);
              el.classList.toggle("hidden", !ok);
              if (ok) { shown++; }
            }
            counter.textContent = shown + " of " + total + " shown";
          }
          form.addEventListener("input", apply);
          form.addEventListener("change", apply);
          apply();
        })();
        """
}
