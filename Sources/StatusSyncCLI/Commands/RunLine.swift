import Foundation
import StatusSyncCore

/// The one line `statussync sync` prints per cycle: `key=value` text, or with `--format json` one
/// JSON object (JSON Lines, `formatVersion`), so a log collector can read every cycle of `--watch`.
///
/// ```
/// 2026-11-22T10:00:00Z sync pair=mirror changes=0 writes=0 (in sync)
/// 2026-11-22T10:05:00Z sync pair=mirror changes=3 applied=3 writes=3 failed=0 skipped=0 stopped=0 throttled=0 seconds=1.2
/// {"applied":3,"changes":3,"command":"sync","failed":0,"formatVersion":1,"inSync":false,"pair":"mirror",...}
/// ```
enum SyncCycleLine {
    /// One cycle, as the JSON form holds it.
    struct Record: Encodable {
        var formatVersion = JSONOutput.formatVersion
        var command = "sync"
        /// When the cycle started (its plan's clock), ISO 8601 in UTC.
        var time: String
        var pair: String
        /// Whether the target was already in sync (nothing was written).
        var inSync: Bool
        var changes: Int
        var applied: Int
        var writes: Int
        var failed: Int
        var skipped: Int
        var stopped: Int
        /// 429 answers the target's transport received.
        var throttled: Int
        var seconds: Double
    }

    /// The line of a cycle that found nothing to do.
    static func inSync(_ context: CommandContext, time: String, pair: String) throws -> String {
        guard JSONOutput.isRequested(by: context) else {
            return "\(time) sync pair=\(pair) changes=0 writes=0 (in sync)"
        }
        return try JSONOutput.line(
            Record(
                time: time, pair: pair, inSync: true, changes: 0, applied: 0, writes: 0, failed: 0, skipped: 0,
                stopped: 0, throttled: 0, seconds: 0))
    }

    /// The line of a cycle that applied `plan`.
    static func applied(
        _ context: CommandContext, time: String, plan: Plan, report: ApplyReport, throttled: Int
    ) throws -> String {
        let record = Record(
            time: time, pair: plan.pair, inSync: false, changes: plan.changes.count, applied: report.applied,
            writes: report.writes, failed: report.failures.count, skipped: report.skipped.count,
            stopped: report.stopped, throttled: throttled,
            seconds: (report.duration.timeInterval * 10).rounded() / 10)
        guard JSONOutput.isRequested(by: context) else {
            return "\(time) sync pair=\(record.pair) changes=\(record.changes) applied=\(record.applied) "
                + "writes=\(record.writes) failed=\(record.failed) skipped=\(record.skipped) "
                + "stopped=\(record.stopped) throttled=\(record.throttled) "
                + String(format: "seconds=%.1f", report.duration.timeInterval)
        }
        return try JSONOutput.line(record)
    }
}
