import Foundation
import StatusSyncCore

/// `statussync plan PAIR`: maps, diffs and prints the plan.
enum PlanCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let session = try PairSession(context)
        let now = Instant(context.now())
        let plan: Plan
        var source: AccountState?
        if context.command.flag("--offline") {
            plan = try session.makeOfflinePlan(now: now)
            source = try? session.storedAccount(session.source).state
            if let lastApply = try session.store.pairState(session.pair.name).lastApply,
                lastApply.targetDigest == plan.target.digest
            {
                context.warn(
                    "the stored snapshot of '\(plan.target.account)' predates the apply of \(lastApply.finishedAt), "
                        + "so this plan may list changes already made; refresh it with 'statussync snapshot \(plan.target.account)'"
                )
            }
        } else {
            let control = RunControl(context, accounts: [session.source, session.target])
            defer { control.cancel() }
            let pair = try session.open(now: now, time: control.time)
            defer { withExtendedLifetime(pair) {} }
            guard let made = try await session.makeOnlinePlan(pair, control: control, now: now) else {
                return .success
            }
            plan = made.plan
            source = try? ProviderData.state(from: made.source.data, provider: made.source.provider)
        }
        // The review page also shows what does not change; the mapping is pure, so mapping again is safe.
        let desired = source.flatMap {
            try? Mapper(mapping: session.mapping, mappingPath: session.pair.mapping, now: now).map($0).desired
        }
        try show(plan, context: context, desired: desired)
        if let out = context.command.value("--out") {
            try AtomicFile.write(try PlanRenderer.json(plan), to: out)
            try session.store.pinSnapshots(
                digests: [plan.source.digest, plan.target.digest], pair: plan.pair, planPath: out)
            context.info("Saved the plan to \(out); apply it with 'statussync apply \(plan.pair) --plan \(out)'.")
        }
        return context.command.flag("--detailed-exitcode") && !plan.isEmpty ? .changesPending : .success
    }

    /// Prints the plan in the format `--format` asks for.
    static func show(_ plan: Plan, context: CommandContext, desired: AccountState? = nil) throws {
        switch context.command.value("--format") ?? "text" {
        case "json":
            context.output.standardOutput(String(decoding: try PlanRenderer.json(plan), as: UTF8.self) + "\n")
        case "markdown":
            context.output.standardOutput(PlanRenderer.markdown(plan))
        case "html":
            context.output.standardOutput(PlanRenderer.html(plan, desired: desired))
        default:
            let style = context.style
            let palette = PlanRenderer.Palette(
                create: style.green, update: style.yellow, adopt: style.cyan, delete: style.red, warning: style.dim)
            context.output.standardOutput(
                PlanRenderer.text(plan, palette: palette, full: context.command.flag("--full")))
        }
    }
}
