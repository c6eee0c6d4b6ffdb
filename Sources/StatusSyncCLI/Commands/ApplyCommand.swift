import Foundation
import StatusSyncCore

/// `statussync apply PAIR`: plans (or reads a saved plan), confirms and applies exactly once.
enum ApplyCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let command = context.command
        if !command.flag("--yes"), !context.output.isInteractive {
            throw ApplyError.refused(
                reason: "refusing to apply without confirmation: there is no terminal to ask on; pass --yes")
        }
        let session = try PairSession(context)
        // A saved plan is checked before anything is fetched: a wrong file costs no API call.
        let saved = try command.value("--plan").map { path throws(PlanError) in
            (path: path, plan: try PlanRenderer.load(path: path, pair: session.pair.name))
        }
        let now = Instant(context.now())
        let (sync, targetClient) = try session.makeSync(now: now)
        let lock = try sync.lock()
        defer { withExtendedLifetime(lock) {} }
        let (state, settling) = try sync.recover()
        if !settling.isEmpty {
            context.note(
                "Recovering an interrupted run: \(settling.count) write(s) of unknown outcome are settled first.")
        }
        let made = try await session.makeOnlinePlan(sync, state: state, settlingKeys: settling, now: now)
        var plan = made.plan
        if let saved {
            plan = saved.plan
            try sync.check(plan, path: saved.path, source: made.source, target: made.target)
        }
        try PlanCommand.show(plan, context: context)
        guard !plan.isEmpty else { return .success }
        if !command.flag("--yes") {
            context.output.standardError(
                "Apply \(plan.changes.count) change(s), \(plan.writeCalls) write call(s), to '\(plan.target.account)'? [y/N] "
            )
            let answer = context.output.readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else {
                context.info("Nothing applied.")
                return .failure
            }
        }
        let report = try await execute(plan, sync: sync, state: state, session: session, context: context)
        let usage = await targetClient.transport.usage()
        for line in summary(report, usage: usage, plan: plan) { context.result(line) }
        for failure in report.failures { context.output.standardError("failed: \(failure.key): \(failure.reason)\n") }
        guard report.isComplete else {
            throw CommandError.invalidInput(
                "\(report.failures.count) change(s) failed and \(report.skipped.count) waited on them; "
                    + "nothing is lost: run 'statussync apply \(plan.pair)' again to carry on")
        }
        return .success
    }

    /// Applies with a progress line and an ETA on a terminal.
    static func execute(
        _ plan: Plan, sync: PairSync, state: PairState, session: PairSession, context: CommandContext,
        shouldStop: (@Sendable () -> Bool)? = nil
    ) async throws -> ApplyReport {
        let line = StatusLine(context)
        let started = Date()
        let options = ApplyOptions(
            notifiesSubscribers: session.mapping.carry.notifySubscribers,
            progress: { progress in
                line.show(force: progress.finished == progress.total) {
                    let elapsed = Date().timeIntervalSince(started)
                    let rate = elapsed > 0 ? Double(progress.writes) / elapsed : 0
                    let left = plan.writeCalls - progress.writes
                    let eta = rate > 0 ? " · ETA \(PlanRenderer.duration(Double(max(left, 0)) / rate))" : ""
                    return "Applying: \(progress.finished)/\(progress.total) changes, \(progress.writes) writes"
                        + String(format: " · %.1f/s", rate) + eta
                }
            }, shouldStop: shouldStop)
        defer { line.clear() }
        return try await sync.apply(plan, state: state, options: options)
    }

    /// The result lines: what was applied, and a machine-readable last line.
    static func summary(_ report: ApplyReport, usage: RateLimitUsage, plan: Plan) -> [String] {
        let seconds = String(format: "%.1f", report.duration.timeInterval)
        return [
            "Applied \(report.applied) of \(plan.changes.count) change(s) to '\(plan.target.account)' with "
                + "\(report.writes) write call(s) in \(seconds) s"
                + (report.settled > 0 ? "; \(report.settled) lost answer(s) settled by reading the target" : "")
                + (usage.throttled > 0 ? "; \(usage.throttled) throttled (429)" : "")
                + (usage.slowestPace < 1
                    ? "; the target accepted less than the configured rate, so writes slowed to as little as "
                        + "\(Int((usage.slowestPace * 100).rounded(.up)))% of it (check the account's rateLimit)" : "")
                + ".",
            "apply pair=\(plan.pair) changes=\(plan.changes.count) applied=\(report.applied) writes=\(report.writes) "
                + "failed=\(report.failures.count) skipped=\(report.skipped.count) stopped=\(report.stopped) "
                + "settled=\(report.settled) throttled=\(usage.throttled) seconds=\(seconds)",
        ]
    }
}
