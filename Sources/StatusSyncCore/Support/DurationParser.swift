/// Parses durations written as a number and a unit: `250ms`, `30s`, `5m`, `1h`, `1.5h`.
package enum DurationParser {
    /// The duration, or `nil` when `text` is not a positive number followed by `ms`, `s`, `m` or `h`.
    package static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, seconds) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number > 0, number.isFinite else { return nil }
            return .milliseconds(Int64((number * seconds * 1000).rounded()))
        }
        return nil
    }
}
