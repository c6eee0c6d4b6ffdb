import Foundation
import StatusSyncCore

/// `statussync sync PAIR [--watch --interval D]`: plan and apply without prompting, for schedulers.
enum SyncCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let command = context.command
        if command.value("--interval") != nil, !command.flag("--watch") {
            throw UsageError.requiresOption("--interval", requires: "--watch")
        }
        let interval = command.duration("--interval") ?? .seconds(300)
        let signals = SignalWaiter()
        defer { signals.cancel() }
        var cycle = 0
        var failed = false
        repeat {
            cycle += 1
            do {
                try await runCycle(context, signals: signals)
                failed = false
            } catch let error as UsageError {
                throw error
            } catch {
                failed = true
                context.output.standardError("error: \(StatusSyncCLI.oneLine(error))\n")
                if !command.flag("--watch") { return .failure }
            }
            guard command.flag("--watch"), !signals.hasReceived else { break }
            let stopped = await signals.sleep(for: interval)
            if stopped { break }
        } while true
        if signals.hasReceived { context.info("Stopped on a signal after \(cycle) cycle(s); state saved.") }
        return failed && !command.flag("--watch") ? .failure : .success
    }

    /// One cycle: recover, snapshot, plan, apply; prints one summary line.
    static func runCycle(_ context: CommandContext, signals: SignalWaiter) async throws {
        try await runCycle(PairSession(context), shouldStop: { signals.hasReceived })
    }

    /// One cycle of `session`'s pair, as ``runCycle(_:signals:)``; `statussync serve` runs its pairs' cycles here.
    ///
    /// - Returns: The writes the cycle made.
    @discardableResult
    static func runCycle(_ session: PairSession, shouldStop: @escaping @Sendable () -> Bool) async throws -> Int {
        let context = session.context
        let now = Instant(context.now())
        let (sync, targetClient) = try session.makeSync(now: now)
        let lock = try sync.lock()
        defer { withExtendedLifetime(lock) {} }
        let (state, settling) = try sync.recover()
        let plan = try await session.makeOnlinePlan(sync, state: state, settlingKeys: settling, now: now).plan
        return try await applyAndReport(
            plan, sync: sync, targetClient: targetClient, state: state, session: session, now: now,
            shouldStop: shouldStop)
    }

    /// Applies `plan` (the caller holds the pair's lock) and prints the cycle's summary line.
    ///
    /// - Returns: The writes made.
    /// - Throws: ``CommandError/invalidInput(_:)`` when a change failed or waited on one that did.
    static func applyAndReport(
        _ plan: Plan, sync: PairSync, targetClient: ProviderFactory.Client, state: PairState, session: PairSession,
        now: Instant, shouldStop: @escaping @Sendable () -> Bool
    ) async throws -> Int {
        let context = session.context
        let stamp = now.iso8601
        guard !plan.isEmpty else {
            context.result(try SyncCycleLine.inSync(context, time: stamp, pair: plan.pair))
            return 0
        }
        let report = try await ApplyCommand.execute(
            plan, sync: sync, state: state, session: session, context: context,
            shouldStop: shouldStop)
        let usage = await targetClient.transport.usage()
        context.result(
            try SyncCycleLine.applied(context, time: stamp, plan: plan, report: report, throttled: usage.throttled))
        for failure in report.failures { context.output.standardError("failed: \(failure.key): \(failure.reason)\n") }
        if !report.failures.isEmpty || !report.skipped.isEmpty {
            throw CommandError.invalidInput("\(report.failures.count) change(s) failed; the next cycle carries on")
        }
        return report.writes
    }
}
