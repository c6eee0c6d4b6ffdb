/// Colours and emphasis for output read by people, off when output is not a terminal,
/// with `--no-color`, or when `NO_COLOR` is set to anything non-empty.
package struct TerminalStyle: Sendable, Hashable {
    /// Whether escape sequences are written at all.
    package var isEnabled: Bool

    /// Creates a style that colours only when `isEnabled`.
    package init(isEnabled: Bool) { self.isEnabled = isEnabled }

    /// Decides from the terminal, the `--no-color` flag and the environment.
    package init(isTerminal: Bool, disablesColor: Bool, environment: [String: String]) {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        self.isEnabled = isTerminal && !disablesColor && !noColor && environment["TERM"] != "dumb"
    }

    /// Green text (creates).
    package func green(_ text: String) -> String { wrap(text, "32") }
    /// Yellow text (updates, warnings).
    package func yellow(_ text: String) -> String { wrap(text, "33") }
    /// Red text (deletes, errors).
    package func red(_ text: String) -> String { wrap(text, "31") }
    /// Cyan text (adoptions).
    package func cyan(_ text: String) -> String { wrap(text, "36") }
    /// Bold text.
    package func bold(_ text: String) -> String { wrap(text, "1") }
    /// Dim text.
    package func dim(_ text: String) -> String { wrap(text, "2") }

    private func wrap(_ text: String, _ code: String) -> String {
        isEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
