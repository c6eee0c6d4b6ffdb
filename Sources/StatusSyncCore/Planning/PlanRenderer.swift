import Foundation

/// Renders a ``Plan`` for people (text, Markdown) and for programs (JSON).
package enum PlanRenderer {
    /// Colours for the text form; the caller decides whether they are on.
    package struct Palette: Sendable {
        /// Wraps text for a create.
        package var create: @Sendable (String) -> String
        /// Wraps text for an update.
        package var update: @Sendable (String) -> String
        /// Wraps text for an adoption.
        package var adopt: @Sendable (String) -> String
        /// Wraps text for a delete.
        package var delete: @Sendable (String) -> String
        /// Wraps a warning.
        package var warning: @Sendable (String) -> String

        /// Creates a palette.
        package init(
            create: @escaping @Sendable (String) -> String, update: @escaping @Sendable (String) -> String,
            adopt: @escaping @Sendable (String) -> String, delete: @escaping @Sendable (String) -> String,
            warning: @escaping @Sendable (String) -> String
        ) {
            self.create = create
            self.update = update
            self.adopt = adopt
            self.delete = delete
            self.warning = warning
        }

        /// No colours.
        package static let plain = Palette(
            create: { $0 }, update: { $0 }, adopt: { $0 }, delete: { $0 }, warning: { $0 })

        func wrap(_ action: PlannedChange.Action, _ text: String) -> String {
            switch action {
            case .create: create(text)
            case .update: update(text)
            case .adopt: adopt(text)
            case .delete: delete(text)
            }
        }
    }

    /// The one-line summary: counts per action, write calls and the time they take.
    package static func summary(_ plan: Plan) -> String {
        let counts = plan.counts
        var parts = PlannedChange.Action.allCases.map { "\(counts[$0] ?? 0) to \($0.rawValue)" }
        if let estimate = plan.estimate {
            parts.append(
                "\(estimate.writeCalls) write call\(estimate.writeCalls == 1 ? "" : "s") to \(plan.target.account)")
            parts.append("about \(duration(estimate.seconds)) at its rate limit")
        }
        return "Plan: " + parts.joined(separator: ", ") + "."
    }

    /// A duration for people: `45 s`, `13 min 30 s`, `2 h 5 min`.
    package static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min" + (whole % 60 == 0 ? "" : " \(whole % 60) s") }
        return "\(whole / 3600) h" + (whole % 3600 / 60 == 0 ? "" : " \(whole % 3600 / 60) min")
    }

    /// The plan for a terminal: one line per change with its sign, field diffs and warnings, then a summary.
    package static func text(_ plan: Plan, palette: Palette = .plain) -> String {
        var lines = [
            "statussync plan for pair '\(plan.pair)': \(plan.source.account) (\(plan.source.provider.displayName)) → "
                + "\(plan.target.account) (\(plan.target.provider.displayName))",
            "",
        ]
        if plan.isEmpty { lines.append("No changes: the target is in sync.") }
        for change in plan.changes {
            let indent = change.parentKey == nil ? "" : "    "
            let target = change.targetID.map { " [\(plan.target.provider.rawValue) \($0)]" } ?? ""
            lines.append(
                palette.wrap(
                    change.action, "\(indent)\(change.action.sign) \(change.kind.rawValue) \"\(change.label)\"")
                    + target)
            if change.action != .create {
                for field in change.fields {
                    lines.append("\(indent)      \(field.name): \(quote(field.before)) → \(quote(field.after))")
                }
            }
            for warning in change.warnings { lines.append(palette.warning("\(indent)      ! \(warning)")) }
        }
        let attached = Set(plan.changes.map(\.key))
        let unattached = plan.diagnostics.filter { !attached.contains($0.key) }
        if !unattached.isEmpty {
            lines += ["", "Not carried or changed on the way (\(unattached.count)):"]
            lines += unattached.map { palette.warning("  ! \($0.key): \($0.message)") }
        }
        if !plan.notes.isEmpty { lines += [""] + plan.notes.map { "Note: \($0)" } }
        lines += ["", summary(plan)]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan as Markdown for a pull request: a summary table and a table of changes.
    package static func markdown(_ plan: Plan) -> String {
        let counts = plan.counts
        var lines = [
            "## statussync plan: `\(plan.pair)`", "",
            "\(plan.source.account) (\(plan.source.provider.displayName)) → \(plan.target.account) (\(plan.target.provider.displayName))",
            "", "| create | update | adopt | delete |", "| ---: | ---: | ---: | ---: |",
            "| \(counts[.create] ?? 0) | \(counts[.update] ?? 0) | \(counts[.adopt] ?? 0) | \(counts[.delete] ?? 0) |",
            "",
        ]
        if plan.isEmpty {
            lines.append("No changes: the target is in sync.")
        } else {
            lines += ["| | kind | entity | fields | warnings |", "| --- | --- | --- | --- | --- |"]
            for change in plan.changes {
                let fields =
                    change.action == .create
                    ? ""
                    : change.fields.map { "\($0.name): \(quote($0.before)) → \(quote($0.after))" }.joined(
                        separator: "<br>")
                lines.append(
                    "| `\(change.action.sign)` | \(change.kind.rawValue) | \(cell(change.label)) | \(cell(fields)) | "
                        + "\(cell(change.warnings.joined(separator: "<br>"))) |")
            }
        }
        let attached = Set(plan.changes.map(\.key))
        let unattached = plan.diagnostics.filter { !attached.contains($0.key) }
        if !unattached.isEmpty {
            lines += ["", "<details><summary>Not carried or changed on the way (\(unattached.count))</summary>", ""]
            lines += unattached.map { "- `\($0.key)`: \(cell($0.message))" }
            lines += ["", "</details>"]
        }
        if !plan.notes.isEmpty { lines += [""] + plan.notes.map { "> \($0)" } }
        lines += ["", summary(plan)]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quote(_ value: String?) -> String {
        guard let value else { return "(none)" }
        let flat = value.replacingOccurrences(of: "\n", with: "⏎")
        let short = flat.count > 80 ? String(flat.prefix(77)) + "..." : flat
        return "\"\(short)\""
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
