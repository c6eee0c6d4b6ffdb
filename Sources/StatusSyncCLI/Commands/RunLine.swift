import Foundation
import StatusSyncCore

/// The machine-readable line that ends an apply and each cycle of `statussync sync`: `key=value`
/// text, or for `sync --format json` one JSON object (JSON Lines, `formatVersion`), so a log collector
/// can read every cycle of `--watch`.
///
/// ```
/// apply pair=migrate changes=3 applied=3 writes=3 failed=0 skipped=0 stopped=0 settled=0 throttled=0 seconds=1.2
/// 2026-11-22T10:00:00Z sync pair=mirror changes=0 writes=0 (in sync)
/// 2026-11-22T10:05:00Z sync pair=mirror changes=3 applied=3 writes=3 failed=0 skipped=0 stopped=0 settled=0 throttled=0 seconds=1.2
/// {"applied":3,"changes":3,"command":"sync","failed":0,"formatVersion":1,"inSync":false,"pair":"mirror",...}
/// ```
enum RunLine {
    /// One run, as the JSON form holds it.
    struct Record: Encodable {
        var formatVersion = JSONOutput.formatVersion
        var command = "sync"
        /// When the cycle started (its plan's clock), ISO 8601 in UTC; the text line of an apply has none.
        var time: String?
        var pair: String
        /// Whether the target was already in sync (nothing was written).
        var inSync: Bool
        var changes: Int
        var applied: Int
        var writes: Int
        var failed: Int
        var skipped: Int
        var stopped: Int
        /// Writes whose answer was lost, settled by reading the target.
        var settled: Int
        /// 429 answers the target's transport received.
        var throttled: Int
        var seconds: Double
    }

    /// The line of a sync cycle that found nothing to do.
    static func inSync(_ context: CommandContext, time: String, pair: String) throws -> String {
        guard JSONOutput.isRequested(by: context) else {
            return "\(time) sync pair=\(pair) changes=0 writes=0 (in sync)"
        }
        return try JSONOutput.line(
            Record(
                time: time, pair: pair, inSync: true, changes: 0, applied: 0, writes: 0, failed: 0, skipped: 0,
                stopped: 0, settled: 0, throttled: 0, seconds: 0))
    }

    /// The line of a run of `command` (`apply`, `sync`) that applied `plan`; the text form of an apply has no time.
    static func applied(
        _ context: CommandContext, command: String = "sync", time: String?, plan: Plan, report: ApplyReport,
        throttled: Int
    ) throws -> String {
        let record = Record(
            command: command, time: time, pair: plan.pair, inSync: false, changes: plan.changes.count,
            applied: report.applied, writes: report.writes, failed: report.failures.count,
            skipped: report.skipped.count, stopped: report.stopped, settled: report.settled, throttled: throttled,
            seconds: (report.duration.timeInterval * 10).rounded() / 10)
        guard JSONOutput.isRequested(by: context) else {
            return (time.map { $0 + " " } ?? "") + "\(command) pair=\(record.pair) changes=\(record.changes) "
                + "applied=\(record.applied) writes=\(record.writes) failed=\(record.failed) skipped=\(record.skipped) "
                + "stopped=\(record.stopped) settled=\(record.settled) throttled=\(record.throttled) "
                + String(format: "seconds=%.1f", report.duration.timeInterval)
        }
        return try JSONOutput.line(record)
    }
}
