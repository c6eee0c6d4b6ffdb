extension PlanRenderer {
    /// The plan as one self-contained HTML page: the source's desired values beside the target's
    /// current ones for every change, creates in green, updates in amber, adoptions in blue, deletes in red.
    package static func html(_ plan: Plan) -> String {
        var rows: [String] = []
        for change in plan.changes {
            let source: String
            let target: String
            switch change.action {
            case .create:
                source = fieldList(change.fields.map { ($0.name, $0.after) })
                target = "<em>absent</em>"
            case .delete:
                source = "<em>gone from the source</em>"
                target = escape(change.label)
            case .update, .adopt:
                source = change.fields.isEmpty ? "<em>same</em>" : fieldList(change.fields.map { ($0.name, $0.after) })
                target = change.fields.isEmpty ? "<em>same</em>" : fieldList(change.fields.map { ($0.name, $0.before) })
            }
            let warnings = change.warnings.map { "<div class=\"warning\">! \(escape($0))</div>" }.joined()
            rows.append(
                """
                <tr class="\(change.action.rawValue)"><td class="sign">\(change.action.sign)</td>\
                <td>\(escape(change.kind.rawValue))</td><td><strong>\(escape(change.label))</strong>\(warnings)</td>\
                <td>\(source)</td><td>\(target)</td></tr>
                """)
        }
        let counts = plan.counts
        let title = "statussync plan: \(plan.pair)"
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; width: 100%; }
            th, td { border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
            tr.create { background: #eaf7ea; } tr.update { background: #fff6e0; }
            tr.adopt { background: #e8f1fb; } tr.delete { background: #fbeaea; }
            td.sign { font-family: monospace; font-weight: bold; }
            .warning { color: #8a5a00; font-size: 12px; } dl { margin: 0; } dt { font-weight: 600; }
            dd { margin: 0 0 4px 0; white-space: pre-wrap; }
            </style></head><body>
            <h1>\(escape(title))</h1>
            <p>\(escape(plan.source.account)) (\(plan.source.provider.displayName)) → \(escape(plan.target.account)) \
            (\(plan.target.provider.displayName)) · planned \(plan.createdAt)</p>
            <p><strong>\(counts[.create] ?? 0)</strong> to create, <strong>\(counts[.update] ?? 0)</strong> to update, \
            <strong>\(counts[.adopt] ?? 0)</strong> to adopt, <strong>\(counts[.delete] ?? 0)</strong> to delete.</p>
            <p>\(escape(summary(plan)))</p>
            \(plan.isEmpty ? "<p>No changes: the target is in sync.</p>" : "")
            <table><thead><tr><th></th><th>kind</th><th>entity</th>\
            <th>source (\(plan.source.provider.displayName), mapped)</th>\
            <th>target now (\(plan.target.provider.displayName))</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            \(plan.notes.map { "<p><em>Note: \(escape($0))</em></p>" }.joined(separator: "\n"))
            </body></html>

            """
    }

    private static func fieldList(_ fields: [(String, String?)]) -> String {
        "<dl>" + fields.map { "<dt>\(escape($0.0))</dt><dd>\(escape($0.1 ?? "(none)"))</dd>" }.joined() + "</dl>"
    }

    /// Escapes text for HTML.
    static func escape(_ text: String) -> String {
        var escaped = ""
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
}
