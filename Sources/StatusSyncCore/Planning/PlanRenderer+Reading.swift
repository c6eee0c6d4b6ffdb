import Foundation

/// What the renderers need to read a ``Plan`` as a person would: names for keys, the warnings
/// grouped by cause, and the changes sorted into what needs a look and what is only added.
package struct PlanReading: Sendable {
    /// The plan read.
    package let plan: Plan
    /// Group and service names by key (``EntityKey``).
    private let names: [String: String]
    /// Change labels by key.
    private let labels: [String: String]

    /// Reads a plan.
    package init(_ plan: Plan) {
        self.plan = plan
        var names: [String: String] = [:]
        for group in plan.pages?.target.groups ?? [] { names[group.id] = group.name }
        for service in plan.pages?.target.services ?? [] { names[service.id] = service.name }
        var labels: [String: String] = [:]
        for change in plan.changes {
            labels[change.key] = change.label
            if change.kind == .group || change.kind == .service, names[change.key] == nil {
                names[change.key] = change.label
            }
        }
        self.names = names
        self.labels = labels
    }

    // MARK: - Names

    /// The name of a group or service key, or `nil` when the plan does not know it.
    package func name(of key: String) -> String? { names[key] }

    /// A reference for people: `group "Payments"`, `service "API"`; an unknown key as `group #ID`.
    package func reference(_ key: String) -> String {
        guard let colon = key.firstIndex(of: ":") else { return key }
        let kind = key[..<colon]
        if let name = names[key] { return "\(kind) \"\(name)\"" }
        return "\(kind) #\(key[key.index(after: colon)...])"
    }

    /// A field value with every group or service key in it replaced by its ``reference(_:)``,
    /// and canonical statuses spelled as words (`service "API" major outage`).
    package func humanize(_ value: String) -> String {
        guard value.contains("group:") || value.contains("service:") else { return value }
        var output = ""
        var rest = value[...]
        while let range = Self.nextKey(in: rest) {
            output += rest[..<range.lowerBound]
            let key = String(rest[range])
            output += reference(key)
            rest = rest[range.upperBound...]
            if rest.first == "=" {
                let word = rest.dropFirst().prefix { $0.isLetter }
                output += " " + (ComponentStatus(rawValue: String(word)).map(StatusPageHTML.words) ?? String(word))
                rest = rest.dropFirst(1 + word.count)
            }
        }
        return output + rest
    }

    private static func nextKey(in text: Substring) -> Range<Substring.Index>? {
        let starts = ["group:", "service:"].compactMap { text.range(of: $0) }
        guard let start = starts.min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
        let end =
            text[start.upperBound...].firstIndex { $0 == "," || $0 == "=" || $0 == " " || $0 == ";" } ?? text.endIndex
        return start.lowerBound..<end
    }

    /// The label of the entity a key names; an update's is its incident's or maintenance's.
    package func label(of key: String) -> String? {
        if let label = labels[key], !key.contains("/") { return label }
        if let slash = key.firstIndex(of: "/"), let parent = labels[String(key[..<slash])] { return parent }
        return labels[key]
    }

    /// The kind of entity a key names, when it is an entity key.
    package static func kind(of key: String) -> EntityKind? {
        if let slash = key.firstIndex(of: "/") {
            switch key[..<slash].prefix(while: { $0 != ":" }) {
            case "incident": return .incidentUpdate
            case "maintenance": return .maintenanceUpdate
            default: return nil
            }
        }
        guard let colon = key.firstIndex(of: ":") else { return nil }
        return EntityKind(rawValue: String(key[..<colon]))
    }

    // MARK: - Warnings

    /// Every warning in the plan, the mapping's and the planner's, as diagnostics keyed by entity.
    package var findings: [Diagnostic] {
        var all = Set(plan.diagnostics)
        for change in plan.changes {
            for warning in change.warnings { all.insert(Diagnostic(key: change.key, message: warning)) }
        }
        return all.sorted()
    }

    /// The warnings grouped by cause, most frequent first.
    package var warningGroups: [DiagnosticGroup] { Diagnostic.grouped(findings) }

    /// How many entities a group is about, in words: `97 incidents`, `3 incident updates`, `2 items`.
    package func countText(_ group: DiagnosticGroup) -> String {
        let count = group.diagnostics.count
        let kinds = Set(group.diagnostics.map { Self.kind(of: $0.key) })
        guard kinds.count == 1, let kind = kinds.first ?? nil else { return count == 1 ? "1 item" : "\(count) items" }
        return count == 1 ? "1 \(Self.singular(kind))" : "\(count) \(kind.plural)"
    }

    /// Up to `limit` distinct names of the entities a group is about.
    package func examples(_ group: DiagnosticGroup, limit: Int = 3) -> [String] {
        var seen: [String] = []
        for diagnostic in group.diagnostics {
            // An entity the plan does not name (one skipped) reads as its kind and source id.
            let name =
                label(of: diagnostic.key)
                ?? Self.kind(of: diagnostic.key).map { kind in
                    "\(Self.singular(kind)) #\(diagnostic.key.split(separator: ":").last ?? "")"
                }
            if let name, !seen.contains(name) { seen.append(name) }
            if seen.count == limit { break }
        }
        return seen
    }

    /// One line for a group: `message: 97 incidents (e.g. "A", "B", "C") — what to do`.
    package func line(_ group: DiagnosticGroup) -> String {
        let examples = examples(group)
        let more = group.diagnostics.count > examples.count ? ", ..." : ""
        let list = examples.isEmpty ? "" : " (e.g. " + examples.map { "\"\($0)\"" }.joined(separator: ", ") + more + ")"
        return "\(group.message): \(countText(group))\(list) — \(group.remedy)"
    }

    /// A kind in the singular: `incident update`.
    package static func singular(_ kind: EntityKind) -> String {
        kind.rawValue.replacingOccurrences(of: "-", with: " ")
    }

    // MARK: - Changes

    /// Updates, adoptions and deletes: every one needs a look.
    package var reviewed: [PlannedChange] { plan.changes.filter { $0.action != .create } }

    /// Creates, per kind in apply order; an incident's or maintenance's own timeline entries are
    /// folded into it (see ``folded``) and not listed here.
    package var creates: [(kind: EntityKind, changes: [PlannedChange])] {
        let created = Set(plan.changes.filter { $0.action == .create }.map(\.key))
        let listed = plan.changes.filter { change in
            change.action == .create && !(change.parentKey.map(created.contains) ?? false)
        }
        let byKind = Dictionary(grouping: listed, by: \.kind)
        return byKind.keys.sorted().map { ($0, byKind[$0] ?? []) }
    }

    /// The number of created timeline entries per created incident or maintenance.
    package var folded: [String: Int] {
        let created = Set(plan.changes.filter { $0.action == .create }.map(\.key))
        var counts: [String: Int] = [:]
        for change in plan.changes where change.action == .create {
            if let parent = change.parentKey, created.contains(parent) { counts[parent, default: 0] += 1 }
        }
        return counts
    }

    /// A create in one line: `"API" in group "Platform"`, `"Outage" (2026-10-01 10:00 UTC, 3 updates)`.
    package func createText(_ change: PlannedChange, folded: [String: Int]) -> String {
        var detail: [String] = []
        switch change.payload {
        case .service(let service):
            if let group = service.groupID { return "\"\(change.label)\" in \(reference(group))" }
        case .incident(let incident):
            detail.append(StatusPageHTML.time(incident.startTime))
            // A StatusHub incident carries its first update; count the timeline as a reader sees it.
            let updates = max(incident.updates.count, folded[change.key] ?? 0)
            if updates > 0 { detail.append(updates == 1 ? "1 update" : "\(updates) updates") }
        case .maintenance(let maintenance):
            detail.append(StatusPageHTML.time(maintenance.startTime))
        default:
            break
        }
        return "\"\(change.label)\"" + (detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))")
    }

    /// A field value for a diff line: references named, line breaks shown, long text cut.
    package func value(_ value: String?, limit: Int = 80) -> String {
        guard let value else { return "(none)" }
        let named = humanize(value)
        let flat = named.replacingOccurrences(of: "\n", with: "⏎")
        let short = flat.count > limit ? String(flat.prefix(limit - 3)) + "..." : flat
        // A value made of references reads as they do; plain text is quoted.
        return named == value ? "\"\(short)\"" : short
    }
}
