import Foundation
import StatusSyncCore
import StatusSyncHTTPServer
import Synchronization

/// One `statussync serve` process: an HTTP server, a worker per pair, and a reconcile timer per pair.
///
/// The first cycle of a pair is a full one; then its timer asks for a light cycle each time but every
/// ``ServedPair/fullEvery``-th, which is full. A cycle a webhook asks for is full.
final class ServeEngine: Sendable {
    /// One served pair and how often it is reconciled without a webhook.
    struct ServedPair: Sendable {
        /// The pair's name.
        var name: String
        /// The time between two cycles when nothing triggers one.
        var interval: Duration
        /// Every how many timer cycles one reads every list whole; 1: every one.
        ///
        /// The others are light: the source's incident list is read only as far as its recent incidents.
        var fullEvery: Int = 1
        /// The webhook token, when the pair takes webhooks.
        var token: WebhookToken?
        /// The call ledgers of the pair's accounts that have an hourly budget, for the calls left.
        var ledgers: [CallLedger] = []
    }

    private let context: CommandContext
    private let pairs: [ServedPair]
    private let workers: [String: PairWorker]
    private let server: HTTPServer
    /// The per-pair figures.
    let metrics: ServeMetrics
    private let log: ServeLog
    private let tasks = Mutex<(workers: [Task<Void, Never>], timers: [Task<Void, Never>])>(([], []))
    private let isStopping = Mutex(false)

    /// Prepares the engine; nothing runs before ``start()``.
    ///
    /// - Parameters:
    ///   - context: The command's context; each cycle runs with it, its output turned into log events.
    ///   - pairs: The pairs to serve.
    ///   - host: The IPv4 address to listen on.
    ///   - port: The port, 0 for any free one.
    ///   - log: Where events go.
    init(context: CommandContext, pairs: [ServedPair], host: String, port: UInt16, log: ServeLog) {
        self.context = context
        self.pairs = pairs
        self.log = log
        let workers = Dictionary(uniqueKeysWithValues: pairs.map { ($0.name, PairWorker(pair: $0.name)) })
        self.workers = workers
        let metrics = ServeMetrics(pairs: pairs.map(\.name))
        self.metrics = metrics
        let router = ServeRouter(
            workers: workers, tokens: pairs.reduce(into: [:]) { $0[$1.name] = $1.token }, metrics: metrics, log: log,
            now: context.now)
        server = HTTPServer(host: host, port: port) { router.handle($0) }
    }

    /// Listens, starts the workers and timers, and triggers a first cycle of every pair.
    ///
    /// - Returns: The port listened on.
    /// - Throws: ``HTTPServerError`` when the address cannot be bound.
    @discardableResult
    func start() throws -> UInt16 {
        let port = try server.start()
        for pair in pairs {
            guard let worker = workers[pair.name] else { continue }
            let workerTask = Task { await worker.run { work, covered in await self.perform(pair.name, work, covered) } }
            let timerTask = Task {
                var tick = 0
                while !Task.isCancelled {
                    do { try await Task.sleep(for: pair.interval) } catch { return }
                    tick += 1
                    let isFull = tick % max(pair.fullEvery, 1) == 0
                    worker.trigger(isFull ? "full reconcile" : "reconcile", light: !isFull)
                }
            }
            tasks.withLock {
                $0.workers.append(workerTask)
                $0.timers.append(timerTask)
            }
            worker.trigger("start")
        }
        return port
    }

    /// Stops listening, lets every cycle in flight finish its writes in flight and save, and returns then.
    func shutdown() async {
        isStopping.withLock { $0 = true }
        server.stop()
        let (workerTasks, timerTasks) = tasks.withLock { ($0.workers, $0.timers) }
        for timer in timerTasks { timer.cancel() }
        for worker in workers.values { worker.stop() }
        for task in workerTasks { await task.value }
    }

    /// Reads the calls left in the shared windows of `pair`'s accounts into its figures.
    private func recordBudget(_ pair: String) async {
        guard let served = pairs.first(where: { $0.name == pair }) else { return }
        var left: [String: Int] = [:]
        for ledger in served.ledgers { left[ledger.account] = try? ledger.callsLeft() }
        metrics.update(pair) { $0.callsLeft = left }
    }

    /// Runs one piece of work of `pair`: a full cycle, or a targeted sync that falls back to one when it must.
    private func perform(_ pair: String, _ work: PairWork, _ covered: [PairWork]) async {
        // After the work's session is gone: what it held is free by now.
        defer { FreedMemory.release() }
        guard case .entity(let target, let reason, _) = work else {
            let light = if case .cycle(_, let light) = work { light } else { false }
            await cycle(pair, reason: work.reason, light: light, carrying: covered)
            return
        }
        let start = Date()
        var cycleContext = context
        cycleContext.output = log.streams(pair: pair)
        do {
            let session = try PairSession(cycleContext, pairName: pair)
            let outcome = try await TargetedSync.run(
                session, target: target, shouldStop: { self.isStopping.withLock { $0 } })
            switch outcome {
            case .fallback(let why):
                log.log("info", "sync of \(target) (\(reason)) needs a full cycle: \(why)", pair: pair)
                await cycle(pair, reason: reason, carrying: [work])
            case .applied(let writes):
                let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
                log.log("info", "sync of \(target) done (\(reason)): writes=\(writes) seconds=\(seconds)", pair: pair)
                metrics.recordDelivered(pair, [work], now: Date())
                metrics.update(pair) {
                    $0.targetedSyncs += 1
                    $0.writes += writes
                }
            }
        } catch {
            let line = StatusSyncCLI.oneLine(error)
            metrics.update(pair) {
                $0.targetedSyncs += 1
                $0.targetedFailures += 1
            }
            log.log(
                "error", "sync of \(target) failed (\(reason)): \(line); the next reconcile tries it again", pair: pair)
        }
        await recordBudget(pair)
    }

    /// Runs one cycle of `pair` and records its outcome; `carrying` are the entity syncs it stands for.
    ///
    /// A `light` cycle reads the source's incident list only as far as its recent incidents.
    private func cycle(_ pair: String, reason: String, light: Bool = false, carrying: [PairWork] = []) async {
        let start = Date()
        log.log("info", "cycle started (\(reason))" + (light ? ": recent incidents only" : ""), pair: pair)
        var cycleContext = context
        cycleContext.output = log.streams(pair: pair)
        do {
            let session = try PairSession(cycleContext, pairName: pair)
            let writes = try await SyncCommand.runCycle(
                session, shouldStop: { self.isStopping.withLock { $0 } }, recentOnly: light)
            metrics.update(pair) {
                $0.cycles += 1
                $0.writes += writes
                $0.lastSuccess = Date()
                $0.lastCycleSucceeded = true
                $0.lastError = nil
            }
            metrics.recordDelivered(pair, carrying, now: Date())
            let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
            log.log("info", "cycle done (\(reason)): writes=\(writes) seconds=\(seconds)", pair: pair)
        } catch {
            let line = StatusSyncCLI.oneLine(error)
            metrics.update(pair) {
                $0.cycles += 1
                $0.cycleFailures += 1
                $0.lastCycleSucceeded = false
                $0.lastError = line
            }
            log.log("error", "cycle failed (\(reason)): \(line)", pair: pair)
        }
        await recordBudget(pair)
    }
}
