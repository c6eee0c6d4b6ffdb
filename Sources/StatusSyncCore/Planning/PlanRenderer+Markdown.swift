extension PlanRenderer {
    /// The most UTF-8 bytes the Markdown form takes: under the 65,536 characters a pull-request comment holds.
    package static let markdownLimit = 65_000

    /// The plan as Markdown for a pull request, in at most ``markdownLimit`` bytes.
    ///
    /// A summary table per kind and action, the warnings grouped by cause, every update, adoption and
    /// delete, then the creates in one `<details>` block per kind. What does not fit is left out and
    /// counted, with a pointer to the JSON and HTML plans, which are complete.
    ///
    /// - Parameters:
    ///   - plan: the plan.
    ///   - limit: the size bound in UTF-8 bytes.
    /// - Returns: the Markdown, ending with a newline.
    package static func markdown(_ plan: Plan, limit: Int = markdownLimit) -> String {
        let reading = PlanReading(plan)
        var head = [
            "## statussync plan: \(md(plan.pair))", "",
            "\(md(plan.source.account)) (\(plan.source.provider.displayName)) → \(md(plan.target.account)) "
                + "(\(plan.target.provider.displayName)), planned \(plan.createdAt.iso8601)", "",
            md(summary(plan)), "",
        ]
        head += countTable(plan)
        let groups = reading.warningGroups
        if !groups.isEmpty {
            let total = groups.reduce(0) { $0 + $1.diagnostics.count }
            head += ["", "### Warnings: \(total) in \(groups.count) cause\(groups.count == 1 ? "" : "s")", ""]
            head += groups.map { "- " + md(reading.line($0)) }
        }
        var tail: [String] = []
        if !plan.notes.isEmpty { tail += [""] + plan.notes.map { "> " + md($0) } }
        tail += ["", "<sub>digests: source `\(plan.source.digest)`, target `\(plan.target.digest)`</sub>"]

        var budget = limit - size(head) - size(tail) - 700
        var omitted: [String] = []
        var body: [String] = []
        let reviewed = reading.reviewed
        if !reviewed.isEmpty {
            body += ["", "### To update, adopt or delete: \(reviewed.count), in full", ""]
            budget -= size(body)
            var shown = 0
            for change in reviewed {
                let block = reviewedBlock(change, reading: reading)
                let blockSize = size(block)
                guard blockSize <= budget else { break }
                body += block
                budget -= blockSize
                shown += 1
            }
            if shown < reviewed.count { omitted.append("\(reviewed.count - shown) of \(reviewed.count) updates") }
        }
        let creates = reading.creates
        if !creates.isEmpty {
            let folded = reading.folded
            body += ["", "### To create", ""]
            budget -= 20
            let lists = creates.map { entry in entry.changes.map { "- " + md(reading.createText($0, folded: folded)) } }
            let frame = 120
            // Kinds that need little get all they need; the rest share what is left equally.
            var allowance = [Int](repeating: 0, count: lists.count)
            var left = budget
            let byNeed = lists.indices.sorted { size(lists[$0]) < size(lists[$1]) }
            for (rank, index) in byNeed.enumerated() {
                let share = left / (lists.count - rank)
                allowance[index] = min(size(lists[index]) + frame, share)
                left -= allowance[index]
            }
            for (index, entry) in creates.enumerated() {
                let noun = entry.changes.count == 1 ? PlanReading.singular(entry.kind) : entry.kind.plural
                var block = ["<details><summary>\(entry.changes.count) \(noun)</summary>", ""]
                var used = size(block)
                var shown = 0
                for line in lists[index] {
                    guard used + line.utf8.count + 1 <= allowance[index] else { break }
                    block.append(line)
                    used += line.utf8.count + 1
                    shown += 1
                }
                if shown < entry.changes.count {
                    block.append("- … and \(entry.changes.count - shown) more")
                    omitted.append("\(entry.changes.count - shown) of \(entry.changes.count) \(entry.kind.plural)")
                }
                block += ["", "</details>", ""]
                body += block
            }
        }
        if !omitted.isEmpty {
            body += [
                "",
                "> **Left out to fit one comment:** " + omitted.joined(separator: ", ") + ". The JSON plan "
                    + "(`statussync plan \(md(plan.pair)) --format json`) lists every change, and the HTML review page "
                    + "(`--format html`) shows them all.",
            ]
        }
        return (head + body + tail).joined(separator: "\n") + "\n"
    }

    /// The counts per kind and action, as a table.
    private static func countTable(_ plan: Plan) -> [String] {
        let actions = PlannedChange.Action.allCases
        var lines = [
            "| | " + actions.map(\.rawValue).joined(separator: " | ") + " |",
            "| --- | " + actions.map { _ in "---:" }.joined(separator: " | ") + " |",
        ]
        let byKind = Dictionary(grouping: plan.changes, by: \.kind)
        for kind in byKind.keys.sorted() {
            let changes = byKind[kind] ?? []
            lines.append(
                "| \(kind.plural) | "
                    + actions.map { action in String(changes.count { $0.action == action }) }
                    .joined(separator: " | ") + " |")
        }
        let counts = plan.counts
        lines.append("| **all** | " + actions.map { "**\(counts[$0] ?? 0)**" }.joined(separator: " | ") + " |")
        return lines
    }

    /// One update, adoption or delete with its fields before → after.
    private static func reviewedBlock(_ change: PlannedChange, reading: PlanReading) -> [String] {
        var lines = [
            "- `\(change.action.sign)` \(change.action.rawValue) \(change.kind.rawValue) **\(md(change.label))**"
        ]
        for field in change.fields {
            lines.append(
                "  - \(md(field.name)): \(md(reading.value(field.before))) → \(md(reading.value(field.after)))")
        }
        lines += change.warnings.map { "  - ⚠ " + md($0) }
        return lines
    }

    private static func size(_ lines: [String]) -> Int {
        lines.reduce(0) { $0 + $1.utf8.count + 1 }
    }

    private static let markdownMarkup: Set<UInt8> = Set("\\`|*_[]#~<>&\n\r".utf8)

    /// Escapes text for Markdown inline content: markup characters are backslash-escaped, `<`, `>`
    /// and `&` become entities, line breaks become spaces.
    package static func md(_ text: String) -> String {
        guard text.utf8.contains(where: markdownMarkup.contains) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "\\", "`", "|", "*", "_", "[", "]", "#", "~": escaped += "\\\(character)"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\n", "\r", "\r\n": escaped += " "
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
