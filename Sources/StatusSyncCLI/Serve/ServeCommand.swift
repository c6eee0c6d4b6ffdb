import Foundation
import StatusSyncCore

/// `statussync serve`: mirrors pairs continuously, driven by webhooks and reconcile timers, until a signal.
package enum ServeCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        FreedMemory.prepareForLongRun()
        let signals = SignalWaiter()
        defer { signals.cancel() }
        return try await run(context) { await signals.wait() }
    }

    /// Serves until `stop` returns, then drains and returns; ``run(_:)`` stops on SIGINT or SIGTERM.
    ///
    /// - Parameters:
    ///   - context: The parsed `serve` command and its surroundings.
    ///   - stop: Returns when serving must end, with the signal's number if a signal ended it.
    /// - Returns: ``ExitStatus/success`` once the cycles in flight have finished and saved.
    /// - Throws: A usage, configuration or listening error, before anything is served.
    package static func run(
        _ context: CommandContext, until stop: @Sendable () async -> Int32?
    ) async throws -> ExitStatus {
        let command = context.command
        let (host, port) = try listenAddress(command.value("--listen") ?? "127.0.0.1:8080")
        let reconcile = try positive(command.duration("--reconcile") ?? .seconds(15 * 60), option: "--reconcile")
        let poll = try positive(command.duration("--poll") ?? .seconds(60), option: "--poll")
        let fullReconcile = try positive(
            command.duration("--full-reconcile") ?? .seconds(6 * 3600), option: "--full-reconcile")
        guard fullReconcile >= reconcile else {
            throw UsageError.invalidValue(
                option: "--full-reconcile", value: describe(fullReconcile),
                expected: "a duration no shorter than --reconcile (\(describe(reconcile)))")
        }
        let format = ServeLog.Format(rawValue: command.value("--log-format") ?? "text") ?? .text
        let output = context.output
        let log = ServeLog(format: format, write: { output.standardOutput($0) }, now: context.now)
        let pairs = try servedPairs(context, reconcile: reconcile, fullReconcile: fullReconcile, poll: poll)
        let costs = try budgetLines(context, pairs: pairs, fullReconcile: fullReconcile)

        let engine = ServeEngine(context: context, pairs: pairs, host: host, port: port, log: log)
        let bound = try engine.start()
        for pair in pairs {
            let webhooks = pair.token == nil ? "; no webhooks" : " and on webhooks at POST /hooks/\(pair.name)"
            let full = pair.fullEvery > 1 ? " (1 in \(pair.fullEvery) in full, light ones between)" : ""
            log.log("info", "serving: a cycle every \(describe(pair.interval))\(full)\(webhooks)", pair: pair.name)
        }
        for (pair, line) in costs { log.log("info", line, pair: pair) }
        let shown = host.contains(":") ? "[\(host)]" : host
        log.log("info", "listening on http://\(shown):\(bound) (/healthz, /readyz, /metrics)")
        let number = await stop()
        log.log("info", "stopping" + (number.map { " on signal \($0)" } ?? "") + ": finishing the cycle in flight")
        await engine.shutdown()
        log.log("info", "stopped; state saved")
        return .success
    }

    /// The pairs `--pair` names (comma-separated, repeatable), or every pair of the configuration, with their intervals
    /// and webhook tokens.
    ///
    /// A Freshstatus source is reconciled every `reconcile`, in full every `fullReconcile` (rounded down to a whole
    /// number of reconciles); a StatusHub source is polled every `poll`, always in full.
    static func servedPairs(
        _ context: CommandContext, reconcile: Duration, fullReconcile: Duration, poll: Duration
    ) throws -> [ServeEngine.ServedPair] {
        let configuration = try context.loadConfiguration()
        let given = context.command.values("--pair").flatMap {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let names = context.command.value("--pair") == nil ? configuration.pairs.keys.sorted() : given
        guard !names.isEmpty else {
            throw CommandError.invalidInput("the configuration defines no pair to serve; add one under \"pairs\"")
        }
        var served: [ServeEngine.ServedPair] = []
        for name in names where !served.contains(where: { $0.name == name }) {
            let pair = try configuration.pair(named: name)
            let source = try configuration.account(named: pair.source)
            var token: WebhookToken?
            if let webhook = pair.webhook {
                guard source.provider.capabilities.sendsWebhooks else {
                    throw CommandError.invalidInput(
                        "pair '\(name)' takes webhooks but its source '\(source.name)' is \(source.provider.rawValue), "
                            + "which sends none; remove \"webhook\" from the pair (it is polled every --poll)")
                }
                let variable = webhook.tokenEnvironmentVariable
                guard let value = context.environment[variable], !value.isEmpty else {
                    throw CommandError.invalidInput(
                        "pair '\(name)' takes webhooks but \(variable) is not set; export the webhook token in it")
                }
                token = WebhookToken(value)
            }
            let store = FileStore(root: context.storeDirectory(configuration))
            let target = try configuration.account(named: pair.target)
            let ledgers = try [source, target].compactMap {
                CallLedger.forAccount($0.name, limits: try ProviderFactory.rateLimits(for: $0), store: store)
            }
            let isPolled = !source.provider.capabilities.sendsWebhooks
            served.append(
                ServeEngine.ServedPair(
                    name: name, interval: isPolled ? poll : reconcile,
                    fullEvery: isPolled ? 1 : ReconcileCost.fullEvery(interval: reconcile, fullInterval: fullReconcile),
                    token: token, ledgers: ledgers))
        }
        return served
    }

    /// What each pair's timer costs of its source's hourly call budget (a source paced per second has none), from the calls
    /// the source's last snapshot took (or, for the scope it was not taken in, would have taken).
    ///
    /// The figure is the busiest hour's (``ReconcileCost/busiestHour``): the provider counts calls in a
    /// sliding hour, and the hour that holds a full reconcile costs most.
    ///
    /// - Parameters:
    ///   - context: The command's context.
    ///   - pairs: The served pairs.
    ///   - fullReconcile: The `--full-reconcile` asked for, for the interval suggested when the timer cannot fit.
    /// - Returns: A line per pair that has a snapshot to measure by.
    /// - Throws: ``CommandError/invalidInput(_:)`` when the timer alone would spend more than the budget in an hour.
    static func budgetLines(
        _ context: CommandContext, pairs: [ServeEngine.ServedPair], fullReconcile: Duration
    ) throws -> [(pair: String, line: String)] {
        let configuration = try context.loadConfiguration()
        let store = FileStore(root: context.storeDirectory(configuration))
        var lines: [(pair: String, line: String)] = []
        for served in pairs {
            let pair = try configuration.pair(named: served.name)
            let source = try configuration.account(named: pair.source)
            // Only an hourly budget is spent by the timer; a per-second pace is not.
            guard case .shared(.slidingWindow(let budget, let window)) = try ProviderFactory.rateLimits(for: source),
                window == .seconds(3600), let path = store.latestSnapshotPath(account: source.name),
                let header = try? Snapshot.decodePayload(store.read(path), as: JSONValue.self, path: path).header,
                header.calls > 0
            else { continue }
            let scopes = header.scopeCalls ?? FetchScopeCalls(full: header.calls, recent: header.calls)
            let cost = ReconcileCost(
                interval: served.interval, fullEvery: served.fullEvery, light: scopes.recent, full: scopes.full)
            let every = describe(served.interval)
            let fullEvery = describe(served.interval * served.fullEvery)
            let measure =
                served.fullEvery > 1
                ? "\(scopes.full) calls a full reconcile, every \(fullEvery), \(scopes.recent) a light one between"
                : "\(scopes.full) calls a cycle"
            let counted = "as the last snapshot of '\(source.name)' counts them"
            guard cost.busiestHour <= budget else {
                let fitting = cost.shortestFitting(budget, fullInterval: fullReconcile).map {
                    "choose --reconcile \(describe($0)) or longer"
                }
                throw CommandError.invalidInput(
                    "pair '\(served.name)': a cycle every \(every) costs about \(cost.busiestHour) of the \(budget) "
                        + "\(source.provider.capabilities.displayName) calls an hour (\(measure), \(counted)); "
                        + (fitting ?? "a full reconcile alone costs more than the budget: raise the account's rateLimit")
                )
            }
            let average = served.fullEvery > 1 ? ", \(cost.averageHour) on average" : ""
            lines.append(
                (
                    served.name,
                    "reconcile every \(every): about \(cost.busiestHour) of \(budget) \(source.provider.capabilities.displayName) "
                        + "calls an hour at most"
                        + "\(average) (\(measure), \(counted); each webhook adds a few)"
                ))
        }
        return lines
    }

    /// Splits `HOST:PORT` (an IPv4 address and a port) or `[HOST]:PORT` (an IPv6 address, such as `[::1]:8080`).
    static func listenAddress(_ text: String) throws(UsageError) -> (host: String, port: UInt16) {
        let invalid = UsageError.invalidValue(
            option: "--listen", value: text, expected: "HOST:PORT, e.g. 0.0.0.0:8080 or [::]:8080")
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard !host.isEmpty, rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()) else { throw invalid }
            return (String(host), port)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let port = UInt16(parts[1]) else { throw invalid }
        return (String(parts[0]), port)
    }

    /// A duration as a person writes it: `15m`, `1h`, `90s`, `250ms`.
    static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 != 0 { return "\(milliseconds)ms" }
        let seconds = milliseconds / 1000
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    private static func positive(_ duration: Duration, option: String) throws(UsageError) -> Duration {
        guard duration > .zero else {
            throw .invalidValue(option: option, value: "0", expected: "a duration above zero, such as 15m")
        }
        return duration
    }
}
