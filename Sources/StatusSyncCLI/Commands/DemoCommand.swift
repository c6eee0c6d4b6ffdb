import Foundation
import StatusSyncCore
import StatusSyncEmulator

/// `statussync demo`, the embedded default: a migration end to end on two local emulators.
///
/// Two emulators run in this process; a Freshstatus account is migrated to StatusHub, then a
/// second plan finds nothing to do.
enum DemoCommand {
    /// The write rate the demo's StatusHub emulator allows and the client keeps to (the documented limit is 5/s).
    static let demoWritesPerSecond = 200

    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let global = context.command.global
        if let option = global.configPath != nil ? "--config" : global.storePath != nil ? "--store" : nil {
            throw CommandError.invalidInput(
                "the demo uses its own emulators, configuration and temporary store, so \(option) does not apply; "
                    + "to rehearse with your own, follow examples/migration-with-review.md")
        }
        // Under --quiet only the results are printed: the apply's summary and the second plan's verdict.
        let narrate: (String) -> Void = { line in if !global.isQuiet { context.result(line) } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "statussync-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var sourceOptions = EmulatorOptions(provider: .freshstatus)
        sourceOptions.seed = SeedGenerator.exampleFreshstatus
        sourceOptions.rateLimits = EmulatorRateLimits(callsPerHour: 1_000_000)
        var targetOptions = EmulatorOptions(provider: .statushub)
        targetOptions.rateLimits = EmulatorRateLimits(readsPerSecond: 600, writesPerSecond: demoWritesPerSecond)
        let source = try Emulator(options: sourceOptions)
        let target = try Emulator(options: targetOptions)
        try source.start()
        defer { source.stop() }
        try target.start()
        defer { target.stop() }

        let style = context.style
        narrate(
            style.bold("== statussync demo: migrate a Freshstatus account to StatusHub, on two local emulators"))
        narrate(
            "Freshstatus emulator: \(source.baseURL.absoluteString) (seeded with the example account, "
                + "examples/freshstatus-seed.json)")
        narrate("StatusHub emulator:   \(target.baseURL.absoluteString) (empty)")
        narrate(
            "The emulators allow \(demoWritesPerSecond) StatusHub writes/s so the demo is quick; against the real "
                + "StatusHub (5 writes/s) the plan below says how long it would take.")

        let demoContext = try makeContext(context, directory: directory, source: source, target: target)
        let session = try PairSession(demoContext)
        let now = Instant(context.now())
        let pair = try session.open(now: now)
        defer { withExtendedLifetime(pair) {} }
        let (sync, targetClient, state, settling) = (pair.sync, pair.target, pair.state, pair.settlingKeys)

        narrate("")
        narrate(style.bold("== 1. Plan"))
        let made = try await session.makeOnlinePlan(sync, state: state, settlingKeys: settling, now: now)
        let plan = made.plan
        for line in overview(plan) { narrate(line) }
        let documented = documentedEstimate(plan)
        narrate(
            PlanRenderer.summary(plan).replacingOccurrences(of: "at its rate limit", with: "at the demo's raised limit")
                + " At StatusHub's documented 5 writes/s: about \(PlanRenderer.duration(documented)).")
        let review = try writeReview(plan, context: context)
        context.result("Review page: \(review.path) (open it in a browser; the plan's JSON is beside it)")

        narrate("")
        narrate(style.bold("== 2. Apply"))
        let report = try await ApplyCommand.execute(
            plan, sync: sync, state: state, session: session, context: demoContext)
        let usage = await targetClient.transport.usage()
        for line in try ApplyCommand.summary(report, usage: usage, plan: plan, context: context) {
            context.result(line)
        }
        guard report.isComplete else {
            throw CommandError.invalidInput("the demo's apply did not complete: \(report.failures.first?.reason ?? "")")
        }

        narrate("")
        narrate(style.bold("== 3. Plan again"))
        let after = try sync.recover()
        let again = try await session.makeOnlinePlan(
            sync, state: after.state, settlingKeys: after.settlingKeys, now: now)
        let second = try await sync.apply(again.plan, state: after.state, options: ApplyOptions())
        if again.plan.isEmpty {
            context.result("No changes: the target is in sync. A second apply made \(second.writes) write calls.")
        } else {
            context.result(PlanRenderer.text(again.plan))
            throw CommandError.invalidInput("the second plan was not empty: \(again.plan.changes.count) change(s)")
        }
        let verified = try await VerifyCommand.verify(
            Verifier(mapper: sync.mapper), sync: sync, source: again.source, target: again.target, state: after.state)
        narrate("")
        context.result(style.bold("== 4. Verify: ") + VerificationRenderer.summary(verified.verification))
        guard verified.verification.isFaithful else {
            throw CommandError.invalidInput("the demo's verify found differences")
        }
        narrate("")
        narrate(
            "Done. Next, rehearse your own migration: start 'statussync emulate freshstatus --data "
                + "examples/freshstatus-seed.json' and 'statussync emulate statushub', then follow "
                + "examples/migration-with-review.md (a configuration for them, then plan and apply).")
        return .success
    }

    /// A context whose configuration points at the emulators and whose environment holds their keys.
    static func makeContext(
        _ context: CommandContext, directory: URL, source: Emulator, target: Emulator
    ) throws -> CommandContext {
        let mappingPath = directory.appendingPathComponent("freshstatus-to-statushub.json").path
        try AtomicFile.write(Data(DemoSeed.mapping.utf8), to: mappingPath)
        let configuration = """
            {"version": 1, "store": "\(directory.path)/store",
             "accounts": {
               "old": {"provider": "freshstatus", "subdomain": "\(source.options.subdomain)", "apiKeyEnv": "DEMO_FRESHSTATUS_KEY",
                       "baseURL": "\(source.baseURL.absoluteString)", "rateLimit": {"callsPerHour": 1000000}},
               "new": {"provider": "statushub", "account": "demo", "hub": "\(target.options.hub)", "apiKeyEnv": "DEMO_STATUSHUB_KEY",
                       "baseURL": "\(target.baseURL.absoluteString)",
                       "rateLimit": {"readsPerSecond": 500, "writesPerSecond": \(demoWritesPerSecond - 10)}}},
             "pairs": {"migrate": {"source": "old", "target": "new", "mapping": "\(mappingPath)"}}}
            """
        let configPath = directory.appendingPathComponent("statussync.json").path
        try AtomicFile.write(Data(configuration.utf8), to: configPath)
        var arguments = ["apply", "migrate", "--yes", "--config", configPath]
        if context.command.global.isQuiet { arguments.append("--quiet") }
        if context.command.global.disablesColor { arguments.append("--no-color") }
        guard case .run(let command) = try Invocation.parse(arguments) else {
            throw CommandError.invalidInput("the demo could not build its own command line")
        }
        var environment = context.environment
        environment["DEMO_FRESHSTATUS_KEY"] = source.options.apiKey
        environment["DEMO_STATUSHUB_KEY"] = target.options.apiKey
        return CommandContext(
            command: command, environment: environment, output: context.output, now: context.now,
            redactor: context.redactor)
    }

    /// Writes the plan's review page and its JSON into `statussync-demo-review/` in the temporary
    /// directory (`TMPDIR`), which outlives the demo, and returns the page's location.
    static func writeReview(_ plan: Plan, context: CommandContext) throws -> URL {
        let temporary =
            context.environment["TMPDIR"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let directory = temporary.appendingPathComponent("statussync-demo-review")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let page = directory.appendingPathComponent("review.html")
        try AtomicFile.write(Data(PlanRenderer.html(plan).utf8), to: page.path)
        try AtomicFile.write(try PlanRenderer.json(plan), to: directory.appendingPathComponent("plan.json").path)
        return page
    }

    /// Counts per kind and action: what the plan will do, in a few lines.
    static func overview(_ plan: Plan) -> [String] {
        let byKind = Dictionary(grouping: plan.changes, by: \.kind)
        return byKind.keys.sorted().map { kind in
            let changes = byKind[kind] ?? []
            let counts = PlannedChange.Action.allCases.compactMap { action -> String? in
                let count = changes.count { $0.action == action }
                return count == 0 ? nil : "\(count) \(action.rawValue)"
            }
            let warned = changes.count { !$0.warnings.isEmpty }
            return "  \(kind.plural): " + counts.joined(separator: ", ")
                + (warned > 0 ? " (\(warned) with warnings)" : "")
        } + [
            "  \(plan.diagnostics.count) warning(s) in all; the review page groups them by cause and shows every change."
        ]
    }

    /// The time the plan's writes take at StatusHub's documented 5 writes per second.
    static func documentedEstimate(_ plan: Plan) -> Double {
        AccountRateLimits.statusHub.policy(for: .post).minimumDuration(forCalls: plan.writeCalls).timeInterval
    }
}

/// What the demo carries inside the binary, so it runs from any directory.
///
/// The account is generated in process and is byte for byte `examples/freshstatus-seed.json`;
/// the mapping means what `mappings/freshstatus-to-statushub.json` means (both checked by tests).
package enum DemoSeed {
    /// The shipped Freshstatus → StatusHub mapping, as the demo uses it.
    package static let mapping = """
        {"version": 1, "source": "freshstatus", "target": "statushub",
         "componentStatus": {"OP": "up", "PD": "degraded-performance", "PO": "degraded-performance", "MO": "down", "UM": "down"},
         "incidentPhases": {"map": {"Investigating": "investigating", "Identified": "identified",
                                    "Monitoring": "monitoring", "Resolved": "resolved"},
                            "default": "investigating", "resolved": "resolved"},
         "carry": {"privateEvents": "skip", "notifySubscribers": false, "incidentDescription": "openingUpdate"}}
        """
}
