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
        let control = RunControl(context, accounts: [session.source, session.target])
        defer { control.cancel() }
        let now = Instant(context.now())
        let pair = try session.open(now: now, time: control.time)
        defer { withExtendedLifetime(pair) {} }
        guard let made = try await session.makeOnlinePlan(pair, control: control, now: now) else { return .success }
        var plan = made.plan
        if let saved {
            plan = saved.plan
            try pair.sync.check(plan, path: saved.path, source: made.source, target: made.target)
        }
        try PlanCommand.show(plan, context: context)
        guard !plan.isEmpty else { return .success }
        if !command.flag("--yes") {
            context.output.standardError(
                "Apply \(plan.changes.count) change(s), \(plan.writeCalls) write call(s), to '\(plan.target.account)'? [y/N] "
            )
            let answer = await control.readLine(context.output.readLine)?
                .trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else {
                context.info("Nothing applied.")
                return .failure
            }
        }
        let report = try await execute(
            plan, sync: pair.sync, state: pair.state, session: session, context: context,
            shouldStop: { control.isStopping })
        let usage = await pair.target.transport.usage()
        for line in try summary(report, usage: usage, plan: plan, context: context) { context.result(line) }
        for failure in report.failures { context.output.standardError("failed: \(failure.key): \(failure.reason)\n") }
        if let interruption = control.stopReason {
            return try stopped(
                by: interruption, control: control, context: context, counts: (report.applied, plan.changes.count))
        }
        guard report.isComplete else {
            throw CommandError.invalidInput(
                "\(report.failures.count) change(s) failed and \(report.skipped.count) waited on them; "
                    + "nothing is lost: run 'statussync apply \(plan.pair)' again to carry on")
        }
        return .success
    }

    /// Ends a run stopped part-way: a signal says so with the counts on standard output and exits 0 (what
    /// is done is saved); a wait past `--max-wait` is the run's one error line, exit 1.
    ///
    /// - Parameters:
    ///   - interruption: Why the run stopped.
    ///   - control: The run's control, to describe a refused wait.
    ///   - context: The command's context.
    ///   - counts: The changes applied and planned; `nil` when the run stopped before planning.
    /// - Returns: The exit status for a signal.
    /// - Throws: ``CommandError`` for a refused wait.
    static func stopped(
        by interruption: WaitInterruption, control: RunControl, context: CommandContext, counts: (done: Int, of: Int)?
    ) throws -> ExitStatus {
        switch interruption {
        case .tooLong(let notice, let limit):
            throw CommandError.invalidInput(control.maxWaitLine(notice, limit: limit))
        case .signal:
            context.result(stoppedLine(counts: counts))
            return .success
        }
    }

    /// The line a run stopped by a signal ends with.
    static func stoppedLine(counts: (done: Int, of: Int)?) -> String {
        let progress =
            counts.map { "stopped after \($0.done) of \($0.of) changes" }
            ?? "stopped while fetching, before any change"
        return progress + "; run the same command to carry on"
    }

    /// Applies with a progress line and an ETA on a terminal.
    static func execute(
        _ plan: Plan, sync: PairSync, state: PairState, session: PairSession, context: CommandContext,
        shouldStop: (@Sendable () -> Bool)? = nil
    ) async throws -> ApplyReport {
        let line = StatusLine(context)
        let started = context.now()
        let now = context.now
        let options = ApplyOptions(
            notifiesSubscribers: session.mapping.carry.notifySubscribers,
            progress: { progress in
                // Once the run is stopping, the changes left count as finished without being applied.
                if shouldStop?() == true { return }
                line.show(done: progress.finished, of: progress.total, force: progress.finished == progress.total) {
                    let elapsed = now().timeIntervalSince(started)
                    let rate = elapsed > 0 ? Double(progress.writes) / elapsed : 0
                    let left = plan.writeCalls - progress.writes
                    let eta = rate > 0 ? ", \(PlanRenderer.duration(Double(max(left, 0)) / rate)) left" : ""
                    return "applied \(progress.finished)/\(progress.total) changes, \(progress.writes) writes"
                        + String(format: ", %.1f/s", rate) + eta
                }
            }, shouldStop: shouldStop)
        defer { line.clear() }
        return try await sync.apply(plan, state: state, options: options)
    }

    /// The result lines: what was applied, and a machine-readable last line (``RunLine``).
    static func summary(
        _ report: ApplyReport, usage: RateLimitUsage, plan: Plan, context: CommandContext
    ) throws -> [String] {
        let seconds = String(format: "%.1f", report.duration.timeInterval)
        return [
            "Applied \(report.applied) of \(plan.changes.count) change(s) to '\(plan.target.account)' with "
                + "\(report.writes) write call(s) in \(seconds) s"
                + (report.settled > 0 ? "; \(report.settled) lost answer(s) settled by reading the target" : "")
                + "; \(usage.throttled) answered 429 (too many requests)"
                + (usage.slowestPace < 1
                    ? ", so writes slowed to as little as \(Int((usage.slowestPace * 100).rounded(.up)))% of the "
                        + "configured rate (check the account's rateLimit)" : "")
                + ".",
            try RunLine.applied(
                context, command: "apply", time: nil, plan: plan, report: report, throttled: usage.throttled),
        ]
    }
}
