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

    /// Creates listed one per line in the text and Markdown forms before a kind is summarised.
    package static let createsListedInFull = 40

    /// The plan for a terminal: the answer in one line, the warnings grouped by cause, every update,
    /// adoption and delete with its fields before → after, then the creates per kind (summarised
    /// above ``createsListedInFull`` unless `full`), then the summary again.
    ///
    /// - Parameters:
    ///   - plan: the plan.
    ///   - palette: colours, off by default.
    ///   - full: list every create, whatever the count.
    /// - Returns: the text, ending with a newline.
    package static func text(_ plan: Plan, palette: Palette = .plain, full: Bool = false) -> String {
        let reading = PlanReading(plan)
        var lines = [
            "statussync plan for pair '\(plan.pair)': \(plan.source.account) (\(plan.source.provider.displayName)) → "
                + "\(plan.target.account) (\(plan.target.provider.displayName))",
            summary(plan),
        ]
        if plan.isEmpty {
            lines.append("No changes: the target is in sync.")
        } else {
            lines.append(legend)
        }
        let groups = reading.warningGroups
        if !groups.isEmpty {
            let total = groups.reduce(0) { $0 + $1.diagnostics.count }
            lines += ["", "Warnings: \(total) in \(groups.count) cause\(groups.count == 1 ? "" : "s")"]
            lines += groups.map { palette.warning("  ! " + reading.line($0)) }
        }
        let reviewed = reading.reviewed
        if !reviewed.isEmpty {
            lines += ["", "To update, adopt or delete (\(reviewed.count)), in full:"]
            for change in reviewed {
                let target = change.targetID.map { " [\(plan.target.provider.rawValue) \($0)]" } ?? ""
                let detail = eventDetail(change, reading: reading, dated: true).map { " (\($0))" } ?? ""
                lines.append(
                    palette.wrap(
                        change.action, "  \(change.action.sign) \(change.kind.rawValue) \"\(change.label)\"" + detail)
                        + target)
                for field in change.fields {
                    lines.append(
                        "        \(field.name): \(reading.value(field.before)) → \(reading.value(field.after))")
                }
                for warning in change.warnings { lines.append(palette.warning("        ! \(warning)")) }
            }
        }
        let creates = reading.creates
        if !creates.isEmpty {
            let folded = reading.folded
            let count = creates.reduce(0) { $0 + $1.changes.count }
            lines += [
                "",
                "To create: \(count)" + (folded.isEmpty ? "" : " (a new incident's timeline counted with it)") + ":",
            ]
            for (kind, changes) in creates {
                if full || changes.count <= createsListedInFull {
                    for change in changes {
                        lines.append(
                            palette.create(
                                "  + \(PlanReading.singular(kind)) " + reading.createText(change, folded: folded)
                                    + (eventDetail(change, reading: reading, dated: false).map { ", \($0)" } ?? "")))
                    }
                } else {
                    let first = changes.prefix(3).map { "\"\($0.label)\"" }.joined(separator: ", ")
                    let updates = changes.reduce(0) { $0 + (folded[$1.key] ?? 0) }
                    let with = updates == 0 ? "" : " with \(updates) timeline entries"
                    lines.append(
                        palette.create(
                            "  + \(changes.count) \(kind.plural)\(with): \(first) and \(changes.count - 3) more "
                                + "(--full lists them)"))
                }
            }
        }
        if !plan.notes.isEmpty { lines += [""] + plan.notes.map { "Note: \($0)" } }
        lines += ["", summary(plan)]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The one line that says what the signs in front of the changes mean.
    package static let legend = "(+ create, ~ update, = adopt an existing entity, - delete)"

    /// What tells an incident or a maintenance from another of the same title: its start (when `dated`)
    /// and the services it affects, such as `2026-10-01 10:00 UTC, affects "API", "Login"`.
    static func eventDetail(_ change: PlannedChange, reading: PlanReading, dated: Bool) -> String? {
        let (start, affected): (Instant, [AffectedService])
        switch change.payload {
        case .incident(let incident): (start, affected) = (incident.startTime, incident.affected)
        case .maintenance(let maintenance): (start, affected) = (maintenance.startTime, maintenance.affected)
        default: return nil
        }
        var parts = dated ? [StatusPageHTML.time(start)] : []
        if !affected.isEmpty {
            let names = affected.map {
                reading.name(of: $0.serviceID).map { "\"\($0)\"" } ?? reading.reference($0.serviceID)
            }
            parts.append("affects " + names.joined(separator: ", "))
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
