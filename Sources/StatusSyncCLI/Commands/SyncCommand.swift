import Foundation
import StatusSyncCore

/// `statussync sync PAIR [--watch --interval D]`: plan and apply without prompting, for schedulers.
enum SyncCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let command = context.command
        if command.value("--interval") != nil, !command.flag("--watch") {
            throw UsageError.requiresOption("--interval", requires: "--watch")
        }
        if command.flag("--watch") { FreedMemory.prepareForLongRun() }
        let interval = command.duration("--interval") ?? .seconds(300)
        let control = RunControl(context)
        defer { control.cancel() }
        var cycle = 0
        var failed = false
        repeat {
            cycle += 1
            do {
                let session = try PairSession(context)
                control.know([session.source, session.target])
                try await runCycle(session, shouldStop: { control.isStopping }, time: control.time, reportsStop: true)
                failed = false
            } catch let error as UsageError {
                throw error
            } catch let interruption as WaitInterruption {
                return try ApplyCommand.stopped(by: interruption, control: control, context: context, counts: nil)
            } catch {
                failed = true
                context.output.standardError("error: \(StatusSyncCLI.oneLine(error))\n")
                if !command.flag("--watch") { return .failure }
            }
            // Here, with the cycle's session gone too: what it held is free by now.
            FreedMemory.release()
            if case .tooLong(let notice, let limit) = control.stopReason {
                throw CommandError.invalidInput(control.maxWaitLine(notice, limit: limit))
            }
            guard command.flag("--watch"), !control.isStopping else { break }
            context.note(
                "Next cycle at \(RunControl.clock(context.now().addingTimeInterval(interval.timeInterval))); "
                    + "Ctrl-C to stop, nothing is lost.")
            let stopped = await control.signals.sleep(for: interval)
            if stopped { break }
        } while true
        if control.signals.hasReceived, !JSONOutput.isRequested(by: context) {
            // Standard output, as every line of a run's log: standard error holds only an error.
            context.result("stopped on a signal after \(cycle) cycle(s); state saved")
        }
        return failed && !command.flag("--watch") ? .failure : .success
    }

    /// One cycle of `session`'s pair: recover, snapshot, plan, apply; prints one summary line.
    ///
    /// `statussync serve` runs its pairs' cycles here too. Callers that run many give what a cycle freed back
    /// to the system once the session is gone too (``FreedMemory/release()``), so a long run's memory stays flat.
    ///
    /// - Parameters:
    ///   - session: The pair.
    ///   - shouldStop: Whether to stop before the next change.
    ///   - time: The clock the provider calls wait on.
    ///   - reportsStop: Whether a cycle stopped part-way says so in a line of its own, with the counts.
    ///   - recentOnly: Read the source's long lists only as far as their recent items, carrying the rest over from
    ///     the previous snapshot (`serve`'s light reconcile).
    /// - Returns: The writes the cycle made.
    /// - Throws: What opening, fetching or applying throws (a ``WaitInterruption`` when a wait is ended), or
    ///   ``CommandError`` when changes failed.
    @discardableResult
    static func runCycle(
        _ session: PairSession, shouldStop: @escaping @Sendable () -> Bool, time: TimeSource = .live,
        reportsStop: Bool = false, recentOnly: Bool = false
    ) async throws -> Int {
        let context = session.context
        let now = Instant(context.now())
        let pair = try session.open(now: now, time: time)
        defer { withExtendedLifetime(pair) {} }
        let plan = try await session.makeOnlinePlan(
            pair.sync, state: pair.state, settlingKeys: pair.settlingKeys, now: now, recentOnly: recentOnly
        ).plan
        return try await applyAndReport(
            plan, sync: pair.sync, targetClient: pair.target, state: pair.state, session: session, now: now,
            shouldStop: shouldStop, reportsStop: reportsStop)
    }

    /// Applies `plan` (the caller holds the pair's lock) and prints the cycle's summary line.
    ///
    /// - Parameters:
    ///   - plan: The plan to apply.
    ///   - sync: The pair cycle.
    ///   - targetClient: The target's client, whose usage gives the 429s received.
    ///   - state: The pair's links, recovered.
    ///   - session: The pair.
    ///   - now: The run's clock.
    ///   - shouldStop: Whether to stop before the next change.
    ///   - reportsStop: Whether a cycle stopped part-way says so in a line of its own, with the counts.
    /// - Returns: The writes made.
    /// - Throws: ``CommandError/invalidInput(_:)`` when a change failed or waited on one that did.
    static func applyAndReport(
        _ plan: Plan, sync: PairSync, targetClient: ProviderFactory.Client, state: PairState, session: PairSession,
        now: Instant, shouldStop: @escaping @Sendable () -> Bool, reportsStop: Bool = false
    ) async throws -> Int {
        let context = session.context
        let stamp = now.iso8601
        guard !plan.isEmpty else {
            context.result(try RunLine.inSync(context, time: stamp, pair: plan.pair))
            return 0
        }
        let report = try await ApplyCommand.execute(
            plan, sync: sync, state: state, session: session, context: context,
            shouldStop: shouldStop)
        let usage = await targetClient.transport.usage()
        context.result(
            try RunLine.applied(context, time: stamp, plan: plan, report: report, throttled: usage.throttled))
        for failure in report.failures { context.output.standardError("failed: \(failure.key): \(failure.reason)\n") }
        if reportsStop, report.stopped > 0, shouldStop(), !JSONOutput.isRequested(by: context) {
            context.result(ApplyCommand.stoppedLine(counts: (report.applied, plan.changes.count)))
        }
        if !report.failures.isEmpty || !report.skipped.isEmpty {
            throw CommandError.invalidInput("\(report.failures.count) change(s) failed; the next cycle carries on")
        }
        return report.writes
    }
}
