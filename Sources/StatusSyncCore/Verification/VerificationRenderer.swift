import Foundation

/// Renders a ``Verification`` for people (text, Markdown, HTML) and for programs (JSON).
///
/// Every form starts with the answer in one line, then the differences, then the expected
/// (declared lossy) ones grouped by cause, then the uptime table.
package enum VerificationRenderer {
    /// The largest Markdown a pull-request comment takes (65,536 characters), with room to spare.
    package static let markdownLimit = 65_000

    /// The versioned JSON, with sorted keys.
    package static func json(_ verification: Verification) throws -> Data {
        try JSONCoding.makeEncoder().encode(verification)
    }

    /// The answer in one line: `faithful: 270 incidents, ...; uptime equal to the minute on 36 of 36 services`.
    package static func summary(_ verification: Verification) -> String {
        func count(_ kind: EntityKind, _ noun: String) -> String {
            let value = verification.carried(kind)
            return "\(value) \(noun)\(value == 1 ? "" : "s")"
        }
        let counts = [
            count(.incident, "incident"), count(.incidentUpdate, "update"), count(.maintenance, "maintenance"),
            count(.service, "service"),
        ].joined(separator: ", ")
        let uptime =
            "uptime equal to the minute on \(verification.uptime.servicesEqual) of "
            + "\(verification.uptime.services.count) services"
        guard !verification.isFaithful else { return "faithful: \(counts); \(uptime)" }
        let count = verification.differences.count
        let entities = Set(verification.differences.map { $0.parentKey ?? $0.key }).count
        return "\(count) difference\(count == 1 ? "" : "s") in \(entities) entit\(entities == 1 ? "y" : "ies"): "
            + "\(counts) compared; \(uptime)"
    }

    /// One line per difference, for people.
    package static func line(_ difference: Verification.Difference) -> String {
        let what = difference.entity?.rawValue ?? "page"
        let name = "\(what) \"\(difference.label)\""
        let target = difference.targetID.map { " [target \($0)]" } ?? ""
        switch difference.kind {
        case .missing:
            return "missing in the target: \(name) (\(difference.key))"
        case .extra:
            return "extra in the target: \(name)\(target)"
        case .field, .uptime, .witness:
            return "\(difference.kind == .field ? "changed" : difference.kind.rawValue): \(name)\(target) "
                + "\(difference.field ?? ""): source \(quote(difference.sourceValue)), target \(quote(difference.targetValue))"
        }
    }

    /// The verification for a terminal.
    package static func text(
        _ verification: Verification, good: (String) -> String = { $0 }, bad: (String) -> String = { $0 }
    )
        -> String
    {
        let answer = summary(verification)
        var lines = [
            verification.isFaithful ? good(answer) : bad(answer),
            "\(verification.source.account) (\(verification.source.provider.displayName)) → "
                + "\(verification.target.account) (\(verification.target.provider.displayName)), pair '\(verification.pair)', "
                + "window \(Instant(secondsSince1970: verification.window.start)) – "
                + "\(Instant(secondsSince1970: verification.window.end))",
        ]
        if !verification.differences.isEmpty {
            lines += ["", "Differences (\(verification.differences.count)):"]
            lines += verification.differences.map { "  " + bad(line($0)) }
        }
        if !verification.expected.isEmpty {
            let total = verification.expected.reduce(0) { $0 + $1.count }
            lines += ["", "Expected, as the mapping declares (\(total), by cause):"]
            for group in verification.expected {
                lines.append("  \(group.count) × \(group.cause)")
                if let example = group.examples.first { lines.append("      e.g. \(example.key)") }
            }
        }
        lines += ["", "Counts (source / carried / skipped / target):"]
        for count in verification.counts where count.source + count.target > 0 {
            lines.append(
                "  \(count.kind.plural): \(count.source) / \(count.carried) / \(count.skipped) / \(count.target)")
        }
        lines += ["", uptimeHeading(verification)]
        for row in uptimeRows(verification) where !row.isEqualToTheMinute || row.key == "page" {
            lines.append("  " + uptimeLine(row))
        }
        let equal = verification.uptime.services.filter(\.isEqualToTheMinute).count
        if equal > 0 { lines.append("  (\(equal) service\(equal == 1 ? "" : "s") equal to the minute not listed)") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func uptimeHeading(_ verification: Verification) -> String {
        "Uptime (down: \(verification.uptime.sourceDownCodes) on \(verification.source.provider.displayName), "
            + "\(verification.uptime.targetDownCodes) on \(verification.target.provider.displayName); "
            + "source vs target):"
    }

    static func uptimeRows(_ verification: Verification) -> [UptimeParity.Row] {
        verification.uptime.services + verification.uptime.groups + [verification.uptime.page]
    }

    static func uptimeLine(_ row: UptimeParity.Row) -> String {
        var text =
            "\(row.name): \(percent(row.sourceDowntime, row.windowSeconds)) vs "
            + (row.targetDowntime.map { percent($0, row.windowSeconds) } ?? "absent")
        if let target = row.targetDowntime, target != row.sourceDowntime {
            text += " (\(signed(row.differenceMinutes)) min)"
        }
        if let rule = row.rule { text += ", explained: \(rule)" }
        if let witness = row.witness {
            let parts = [
                witness.source.map { "source says \($0) s down" }, witness.target.map { "target says \($0) s down" },
            ]
            text += "; " + parts.compactMap { $0 }.joined(separator: ", ")
        }
        return text
    }

    static func percent(_ downtime: Int64, _ window: Int64) -> String {
        String(format: "%.4f%%", UptimeParity.Row.percent(downtime: downtime, window: window))
    }

    static func signed(_ value: Int64) -> String { value > 0 ? "+\(value)" : "\(value)" }

    static func quote(_ value: String?) -> String {
        guard let value else { return "(none)" }
        let flat = value.replacingOccurrences(of: "\n", with: "⏎")
        return "\"" + (flat.count > 80 ? String(flat.prefix(77)) + "..." : flat) + "\""
    }

    // MARK: - Markdown

    /// The verification as Markdown for a pull request, at most ``markdownLimit`` characters.
    package static func markdown(_ verification: Verification) -> String {
        var head = [
            "## statussync verify: `\(verification.pair)`", "",
            "**\(cell(summary(verification)))**", "",
            "\(verification.source.account) (\(verification.source.provider.displayName)) → "
                + "\(verification.target.account) (\(verification.target.provider.displayName))", "",
            "| kind | source | carried | skipped | target |", "| --- | ---: | ---: | ---: | ---: |",
        ]
        for count in verification.counts where count.source + count.target > 0 {
            head.append(
                "| \(count.kind.plural) | \(count.source) | \(count.carried) | \(count.skipped) | \(count.target) |")
        }
        var sections: [[String]] = []
        if !verification.differences.isEmpty {
            var rows = [
                "", "### Differences (\(verification.differences.count))", "",
                "| kind | entity | field | source | target |", "| --- | --- | --- | --- | --- |",
            ]
            rows += verification.differences.map {
                "| \($0.kind.rawValue) | \(cell(($0.entity?.rawValue ?? "page") + " " + $0.label)) | \(cell($0.field ?? "")) | "
                    + "\(cell(quote($0.sourceValue))) | \(cell(quote($0.targetValue))) |"
            }
            sections.append(rows)
        }
        if !verification.expected.isEmpty {
            var rows = ["", "<details><summary>Expected, as the mapping declares</summary>", ""]
            rows += verification.expected.map { "- \($0.count) × \(cell($0.cause))" }
            rows += ["", "</details>"]
            sections.append(rows)
        }
        var uptime = [
            "", "<details><summary>\(cell(uptimeHeading(verification)))</summary>", "",
            "| | source | target | difference | explained by |", "| --- | ---: | ---: | ---: | --- |",
        ]
        uptime += uptimeRows(verification).map { row in
            "| \(cell(row.name)) | \(percent(row.sourceDowntime, row.windowSeconds)) | "
                + "\(row.targetDowntime.map { percent($0, row.windowSeconds) } ?? "absent") | "
                + "\(signed(row.differenceMinutes)) min | \(cell(row.rule ?? "")) |"
        }
        uptime += ["", "</details>"]
        sections.append(uptime)
        var lines = head
        let tail = ["", "_Full detail: `statussync verify \(verification.pair) --format json` or `--format html`._"]
        for section in sections {
            var remaining = markdownLimit - (lines + tail).joined(separator: "\n").count - 200
            var kept: [String] = []
            for row in section {
                remaining -= row.count + 1
                if remaining < 0 {
                    kept.append("")
                    kept.append("_… cut to fit one comment._")
                    if section.contains("</details>") { kept.append("</details>") }
                    break
                }
                kept.append(row)
            }
            lines += kept
        }
        return (lines + tail).joined(separator: "\n") + "\n"
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
