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
        /// Targeted syncs of one incident or maintenance finished, whatever their outcome.
        package var targetedSyncs = 0
        /// Targeted syncs that ended with an error.
        package var targetedFailures = 0
        /// Seconds from the last change delivered to the target to its arrival there.
        package var lastLag: Double?
        /// The sum of every delivered change's lag, in seconds.
        package var lagSum = 0.0
        /// The changes whose lag was measured.
        package var lagCount = 0
        /// The calls left in the rate-limit window shared through the store, by account.
        package var callsLeft: [String: Int] = [:]
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

    /// Records that the changes of `work` reached the target at `now`: their lag from the source change.
    package func recordDelivered(_ pair: String, _ work: [PairWork], now: Date) {
        let lags = work.compactMap { piece -> Double? in
            guard case .entity(_, _, let changedAt) = piece else { return nil }
            return max(0, now.timeIntervalSince(changedAt))
        }
        guard let last = lags.last else { return }
        update(pair) {
            $0.lastLag = last
            $0.lagSum += lags.reduce(0, +)
            $0.lagCount += lags.count
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
        family("statussync_targeted_syncs_total", "counter", "Targeted syncs of one incident or maintenance.") {
            "\($0.targetedSyncs)"
        }
        family(
            "statussync_targeted_sync_failures_total", "counter", "Targeted syncs that ended with an error."
        ) { "\($0.targetedFailures)" }
        family(
            "statussync_last_change_lag_seconds", "gauge",
            "Seconds from the last delivered source change to its arrival in the target (NaN before the first)."
        ) { figures in figures.lastLag.map { String(format: "%.3f", $0) } ?? "NaN" }
        text += "# HELP statussync_change_lag_seconds Seconds from a source change to its arrival in the target.\n"
        text += "# TYPE statussync_change_lag_seconds summary\n"
        for (pair, figures) in pairs {
            let label = "{pair=\"\(Self.escape(pair))\"}"
            text += "statussync_change_lag_seconds_sum\(label) \(String(format: "%.3f", figures.lagSum))\n"
            text += "statussync_change_lag_seconds_count\(label) \(figures.lagCount)\n"
        }
        text += "# HELP statussync_rate_limit_calls_left Calls left in the account's rate-limit window, "
        text += "shared by every process on the store.\n# TYPE statussync_rate_limit_calls_left gauge\n"
        for (pair, figures) in pairs {
            for (account, left) in figures.callsLeft.sorted(by: { $0.key < $1.key }) {
                text +=
                    "statussync_rate_limit_calls_left{pair=\"\(Self.escape(pair))\",account=\"\(Self.escape(account))\"} \(left)\n"
            }
        }
        return text
    }

    /// Escapes a label value: backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
