/// Walks raw arguments, splitting `--name=value` and honouring `--`.
struct ArgumentCursor {
    /// One raw argument, classified.
    enum Token: Hashable {
        /// `--name` or `--name=value` (or a short `-h`).
        case option(name: String, inlineValue: String?)
        /// Anything else, and everything after `--`.
        case positional(String)
    }

    private var remaining: ArraySlice<String>
    private var afterTerminator = false

    init(_ arguments: [String]) { self.remaining = arguments[...] }

    /// Returns the next token, or `nil` at the end.
    mutating func next() -> Token? {
        guard let argument = remaining.popFirst() else { return nil }
        if afterTerminator || !argument.hasPrefix("-") || argument == "-" || isNegativeNumber(argument) {
            return .positional(argument)
        }
        if argument == "--" {
            afterTerminator = true
            return next()
        }
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            return .option(
                name: String(argument[..<equals]), inlineValue: String(argument[argument.index(after: equals)...]))
        }
        return .option(name: argument, inlineValue: nil)
    }

    /// Returns the inline value, or else consumes the next argument as the value.
    ///
    /// A following argument that looks like an option is not taken as a value, so that
    /// `--out --yes` reports the missing value instead of writing a file named `--yes`.
    mutating func value(for option: String, inline: String?) throws(UsageError) -> String {
        if let inline { return inline }
        guard let next = remaining.first, !next.hasPrefix("-") || next == "-" || isNegativeNumber(next) else {
            throw .missingValue(option: option)
        }
        remaining.removeFirst()
        return next
    }

    private func isNegativeNumber(_ argument: String) -> Bool {
        argument.count > 1 && argument.hasPrefix("-") && Double(argument) != nil
    }
}
