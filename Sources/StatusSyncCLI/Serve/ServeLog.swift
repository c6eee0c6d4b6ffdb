import Foundation
import StatusSyncCore

/// The log of `statussync serve`: one line per event, as text for people or one JSON object per line.
///
/// Lines carry the time, a level, the pair when there is one, and a message; never a token or a key.
struct ServeLog: Sendable {
    /// How lines are written.
    enum Format: String, Sendable {
        /// `2026-01-01T00:00:00Z info pair=mirror message`.
        case text
        /// `{"level":"info","message":"...","pair":"mirror","time":"2026-01-01T00:00:00Z"}`.
        case json
    }

    /// How lines are written.
    let format: Format
    /// Writes one finished line, newline included.
    let write: @Sendable (String) -> Void
    /// The clock the lines are dated with.
    let now: @Sendable () -> Date

    /// Writes one event.
    ///
    /// - Parameters:
    ///   - level: `info`, `warning` or `error`.
    ///   - message: What happened, one line.
    ///   - pair: The pair it concerns, if any.
    func log(_ level: String, _ message: String, pair: String? = nil) {
        let time = Instant(now()).iso8601
        let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        switch format {
        case .text:
            write("\(time) \(level)" + (pair.map { " pair=\($0)" } ?? "") + " \(oneLine)\n")
        case .json:
            var object = ["time": time, "level": level, "message": oneLine]
            if let pair { object["pair"] = pair }
            let data =
                (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data()
            write(String(decoding: data, as: UTF8.self) + "\n")
        }
    }

    /// Output streams whose lines become log events of `pair`: standard output at `info`, standard error at
    /// the level its prefix names (`error:`, `failed:` and `warning:`), `info` otherwise.
    func streams(pair: String) -> OutputStreams {
        OutputStreams(
            standardOutput: { text in
                for line in text.split(whereSeparator: \.isNewline) { log("info", String(line), pair: pair) }
            },
            standardError: { text in
                for line in text.split(whereSeparator: \.isNewline) {
                    let level =
                        line.hasPrefix("error:") || line.hasPrefix("failed:")
                        ? "error" : line.hasPrefix("warning:") ? "warning" : "info"
                    log(level, String(line), pair: pair)
                }
            })
    }
}
