import Foundation
import Synchronization

/// What `statussync serve` counts per pair, for `/metrics` and `/readyz`.
package final class ServeMetrics: Sendable {
    /// The figures of one pair.
    package struct PairFigures: Sendable, Hashable {
        /// Figures at zero.
        package init() {}

        /// Cycles finished, whatever their outcome.
        package var cycles = 0
        /// Cycles that ended with an error.
        package var cycleFailures = 0
        /// Authenticated, well-formed webhooks accepted (202).
        package var webhooksReceived = 0
        /// Webhooks refused: a missing or wrong token (401) or a malformed body (400).
        package var webhooksRejected = 0
        /// Writes made to the target.
        package var writes = 0
        /// When the last successful cycle ended.
        package var lastSuccess: Date?
        /// Whether the last cycle succeeded; `nil` before the first one ends.
        package var lastCycleSucceeded: Bool?
        /// The last cycle's error, in one line.
        package var lastError: String?
    }

    private let figures: Mutex<[String: PairFigures]>

    /// Starts every pair at zero.
    package init(pairs: [String]) {
        figures = Mutex(Dictionary(uniqueKeysWithValues: pairs.map { ($0, PairFigures()) }))
    }

    /// Changes the figures of `pair`.
    package func update(_ pair: String, _ change: (inout PairFigures) -> Void) {
        figures.withLock { figures in
            var current = figures[pair] ?? PairFigures()
            change(&current)
            figures[pair] = current
        }
    }

    /// The figures of every pair.
    package var all: [String: PairFigures] { figures.withLock { $0 } }

    /// The pairs whose last cycle did not succeed, each with why, sorted by name; empty when all are ready.
    package func notReady() -> [(pair: String, reason: String)] {
        all.sorted { $0.key < $1.key }.compactMap { pair, figures -> (pair: String, reason: String)? in
            switch figures.lastCycleSucceeded {
            case true?: nil
            case false?: (pair, "last cycle failed: " + (figures.lastError ?? "unknown error"))
            case nil: (pair, "no cycle has finished yet")
            }
        }
    }

    /// The figures in the Prometheus text exposition format (version 0.0.4).
    package func prometheusText(now: Date) -> String {
        let pairs = all.sorted { $0.key < $1.key }
        var text = ""
        func family(_ name: String, _ type: String, _ help: String, _ value: (PairFigures) -> String) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (pair, figures) in pairs { text += "\(name){pair=\"\(Self.escape(pair))\"} \(value(figures))\n" }
        }
        family("statussync_cycles_total", "counter", "Sync cycles finished.") { "\($0.cycles)" }
        family("statussync_cycle_failures_total", "counter", "Sync cycles that ended with an error.") {
            "\($0.cycleFailures)"
        }
        family("statussync_webhooks_received_total", "counter", "Webhooks accepted.") { "\($0.webhooksReceived)" }
        family("statussync_webhooks_rejected_total", "counter", "Webhooks refused (wrong token or malformed body).") {
            "\($0.webhooksRejected)"
        }
        family("statussync_writes_total", "counter", "Writes made to the target account.") { "\($0.writes)" }
        family("statussync_last_cycle_success", "gauge", "1 when the last cycle succeeded, else 0.") {
            $0.lastCycleSucceeded == true ? "1" : "0"
        }
        family(
            "statussync_seconds_since_last_success", "gauge",
            "Seconds since the last successful cycle ended (NaN before the first)."
        ) { figures in
            figures.lastSuccess.map { String(format: "%.3f", max(0, now.timeIntervalSince($0))) } ?? "NaN"
        }
        return text
    }

    /// Escapes a label value: backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
