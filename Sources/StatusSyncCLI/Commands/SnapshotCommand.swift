import Foundation
import StatusSyncCore
import Synchronization

/// `statussync snapshot ACCOUNT`: fetches every entity of one account into the store.
///
/// Standard output gets the result: a line naming the file, one line per kind with its count,
/// a line with the calls and the time, and last a machine-friendly line of `key=value` pairs:
///
/// ```
/// Saved snapshot of 'new' (StatusHub) to .statussync/snapshots/new/2026-11-22T10-00-00Z.json
///   groups                     3
///   services                  12
///   incidents                 57  (50 reused from the previous snapshot)
///   maintenances               4
///   incident_templates         2
///   maintenance_templates      1
///   total                     79
/// 13 calls (6 list pages, 7 incident details) in 0.9 s
/// snapshot account=new provider=statushub entities=79 calls=13 list_calls=6 detail_calls=7 reused=50 seconds=0.912 path=...
/// ```
///
/// With `--format json`, standard output gets one document instead (``Report``).
///
/// Standard error gets progress: on a terminal one line rewritten in place with the calls made,
/// the calls expected and an ETA; otherwise a line when the fetch starts. `--quiet` silences both.
enum SnapshotCommand {
    /// Runs the command.
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let configuration = try context.loadConfiguration()
        let name = context.command.argument("ACCOUNT")
        let account = try configuration.account(named: name)
        let store = FileStore(
            root: context.storeDirectory(configuration), snapshotRetention: configuration.snapshotRetention)
        let isVerbose = context.command.global.isVerbose
        let output = context.output
        let log: (@Sendable (String) -> Void)? =
            isVerbose ? { @Sendable line in output.standardError(line + "\n") } : nil
        let client = try ProviderFactory.makeClient(
            for: account, environment: context.environment, log: log, store: store,
            note: { output.standardError("note: \($0)\n") })

        let drawsLine = output.isErrorTerminal && !context.command.global.isQuiet && !isVerbose
        let progress = ProgressLine(account: name, output: output, isEnabled: drawsLine)
        if !drawsLine {
            context.note("Fetching account '\(name)' (\(account.provider.displayName))...")
        }
        let report: SnapshotReport
        do {
            report = try await AccountSnapshotter(store: store).snapshot(
                account: name, client: client.provider, full: context.command.flag("--full"),
                progress: { progress.update($0) })
            progress.clear()
        } catch {
            progress.clear()
            throw error
        }
        if let problem = report.previousProblem {
            context.warn("the previous snapshot could not be used, so every incident was fetched: \(problem)")
        }
        let usage = await client.transport.usage()
        if JSONOutput.isRequested(by: context) {
            context.result(try JSONOutput.document(Report(report, account: account, usage: usage)))
        } else {
            for line in summary(report, account: account, usage: usage) { context.result(line) }
        }
        return .success
    }

    /// The `--format json` document: what the text's last line holds, with the counts per kind.
    struct Report: Encodable {
        var formatVersion = JSONOutput.formatVersion
        var command = "snapshot"
        var account: String
        var provider: ProviderID
        var path: String
        var digest: String
        /// Entities per kind, by the snapshot's keys (`services`, `incidents`, ...).
        var counts: [String: Int]
        var entities: Int
        var calls: Int
        var listCalls: Int
        var detailCalls: Int
        /// Incident details taken from the previous snapshot instead of fetched.
        var reused: Int
        /// HTTP attempts, retries included, and the 429 answers among them.
        var attempts: Int
        var throttled: Int
        var seconds: Double

        init(_ report: SnapshotReport, account: Account, usage: RateLimitUsage) {
            let fetch = report.fetch
            let kinds = EntityKind.listedKinds(of: account.provider).map(\.snapshotKey)
            self.account = account.name
            provider = account.provider
            path = report.path
            digest = report.snapshot.digest
            counts = Dictionary(uniqueKeysWithValues: kinds.map { ($0, fetch.counts[$0] ?? 0) })
            entities = counts.values.reduce(0, +)
            calls = fetch.calls
            listCalls = fetch.listCalls
            detailCalls = fetch.detailCalls
            reused = fetch.reusedDetails
            attempts = usage.calls
            throttled = usage.throttled
            seconds = report.duration.timeInterval
        }
    }

    /// The result lines; see ``SnapshotCommand``.
    static func summary(_ report: SnapshotReport, account: Account, usage: RateLimitUsage) -> [String] {
        let fetch = report.fetch
        let counts = fetch.counts
        let kinds = EntityKind.listedKinds(of: account.provider).map(\.snapshotKey)
        let width = max(kinds.map(\.count).max() ?? 0, 5) + 2
        func row(_ label: String, _ count: Int, _ note: String = "") -> String {
            let number = String(count)
            let padding = String(repeating: " ", count: max(width - label.count + 8 - number.count, 1))
            return "  " + label + padding + number + note
        }
        var lines = [
            report.reused
                ? "'\(account.name)' (\(account.provider.displayName)) is unchanged since its snapshot \(report.path)"
                : "Saved snapshot of '\(account.name)' (\(account.provider.displayName)) to \(report.path)"
        ]
        for kind in kinds {
            let note =
                kind == "incidents" && fetch.reusedDetails > 0
                ? "  (\(fetch.reusedDetails) reused from the previous snapshot)" : ""
            lines.append(row(kind, counts[kind] ?? 0, note))
        }
        let total = kinds.reduce(0) { $0 + (counts[$1] ?? 0) }
        lines.append(row("total", total))
        let detailName = account.provider.capabilities.incidentReadName
        var calls = "\(fetch.calls) calls (\(fetch.listCalls) list pages, \(fetch.detailCalls) \(detailName))"
        if usage.calls > fetch.calls || usage.throttled > 0 {
            calls += ", \(usage.calls) HTTP attempts with retries, \(usage.throttled) throttled"
        }
        let seconds = report.duration.secondsText
        lines.append("\(calls) in \(seconds) s")
        lines.append(
            "snapshot account=\(account.name) provider=\(account.provider.rawValue) entities=\(total) "
                + "calls=\(fetch.calls) list_calls=\(fetch.listCalls) detail_calls=\(fetch.detailCalls) "
                + "reused=\(fetch.reusedDetails) attempts=\(usage.calls) throttled=\(usage.throttled) "
                + "seconds=\(seconds) digest=\(report.snapshot.digest) path=\(report.path)")
        return lines
    }
}

extension Duration {
    /// Seconds with three decimals, such as `1.234`.
    fileprivate var secondsText: String {
        let parts = components
        let milliseconds = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

/// The progress line a snapshot draws on a terminal's standard error, rewritten in place.
private final class ProgressLine: Sendable {
    private struct State {
        var lastDrawn: Date?
        var isVisible = false
    }

    private let account: String
    private let output: OutputStreams
    private let isEnabled: Bool
    private let start = Date()
    private let state = Mutex(State())

    init(account: String, output: OutputStreams, isEnabled: Bool) {
        self.account = account
        self.output = output
        self.isEnabled = isEnabled
    }

    /// Redraws the line, at most ten times a second.
    func update(_ progress: FetchProgress) {
        guard isEnabled else { return }
        let now = Date()
        let text = state.withLock { state -> String? in
            if let last = state.lastDrawn, now.timeIntervalSince(last) < 0.1 { return nil }
            state.lastDrawn = now
            state.isVisible = true
            return line(progress, now: now)
        }
        if let text { output.standardError("\r\u{1B}[K" + text) }
    }

    /// Removes the line, so that what follows starts on a clean line.
    func clear() {
        guard isEnabled else { return }
        let wasVisible = state.withLock { state in
            defer { state.isVisible = false }
            return state.isVisible
        }
        if wasVisible { output.standardError("\r\u{1B}[K") }
    }

    private func line(_ progress: FetchProgress, now: Date) -> String {
        let elapsed = now.timeIntervalSince(start)
        var text = "\(account): \(progress.callsMade)/\(progress.callsExpected) calls"
        let items = progress.counts.values.reduce(0, +)
        text += ", \(items) items"
        if progress.reusedDetails > 0 { text += ", \(progress.reusedDetails) reused" }
        if progress.callsMade >= 3, progress.callsExpected > progress.callsMade {
            let remaining = elapsed / Double(progress.callsMade) * Double(progress.callsExpected - progress.callsMade)
            text += ", ETA \(Int(remaining.rounded(.up)))s"
        }
        return text
    }
}
