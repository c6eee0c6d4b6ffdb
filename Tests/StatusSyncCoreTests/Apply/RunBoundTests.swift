import Foundation
import StatusSyncCore
import StatusSyncEmulator
import Testing

/// Holds the emulator's connection threads while closed, as a server that stops answering does.
final class AnswerGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isClosed = false
    private var heldCount = 0

    /// How many requests the closed gate has held so far.
    var held: Int { condition.withLock { heldCount } }

    func close() { condition.withLock { isClosed = true } }

    func open() {
        condition.withLock {
            isClosed = false
            condition.broadcast()
        }
    }

    /// Blocks while the gate is closed, for at most a minute.
    func pass() {
        condition.withLock {
            let limit = Date().addingTimeInterval(60)
            if isClosed { heldCount += 1 }
            while isClosed, condition.wait(until: limit) {}
        }
    }
}

/// A pair's `timeouts.run`: past it the run stops, says which call it was waiting on, and loses nothing.
@Suite struct RunBoundTests {
    /// A pair whose target emulator answers only while `gate` is open.
    func pair(gate: AnswerGate) throws -> EmulatedPair {
        // A held call must stay in flight however long a loaded machine takes to reach the deadline.
        try EmulatedPair(from: .freshstatus, to: .statushub, targetTimeout: .seconds(600)) { options in
            options.latency = .milliseconds(1)
            options.clock = EmulatorClock(
                now: { Date() },
                sleep: { duration in
                    gate.pass()
                    EmulatorClock.system.sleep(duration)
                })
        }
    }

    static func entities(_ target: Emulator, _ kind: String) -> Int {
        let state = (try? JSONSerialization.jsonObject(with: target.stateData())) as? [String: Any] ?? [:]
        return (state[kind] as? [Any])?.count ?? 0
    }

    /// The pair's links and its plan from fresh snapshots, with no bound.
    func stateAndPlan(_ sync: PairSync) async throws -> (PairState, Plan) {
        let (state, _) = try sync.recover()
        let (source, target) = try await sync.snapshots()
        let plan = try sync.plan(
            source: source.snapshot, target: target.snapshot, state: state,
            options: PlanOptions(now: Instant(Date()), matching: sync.mapper.mapping.matching), isStrict: false)
        return (state, plan)
    }

    /// Waits up to a minute for `condition`, polling.
    func eventually(_ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while !condition(), Date() < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return condition()
    }

    /// A clock that stands still until the target holds a call, then jumps an hour: a bound and its grace pass then,
    /// however loaded the machine.
    static func clockPassingOnceHeld(_ gate: AnswerGate) -> TimeSource {
        let start = Date()
        return TimeSource(
            now: { gate.held >= 1 ? start.addingTimeInterval(3600) : start },
            sleep: { _ in
                while gate.held < 1 { try await Task.sleep(for: .milliseconds(5)) }
            })
    }

    @Test func aFetchPastTheBoundIsCancelledNamesTheCallAndSavesNothing() async throws {
        let gate = AnswerGate()
        let emulated = try pair(gate: gate)
        defer { gate.open() }
        gate.close()
        var sync = emulated.sync
        // The deadline passes, and the grace ends, once the target holds a read: however loaded the machine.
        let time = Self.clockPassingOnceHeld(gate)
        sync.runBound = RunBound(limit: .seconds(60), setting: "pairs.pair.timeouts.run", time: time)
        do {
            _ = try await sync.snapshots()
            Issue.record("the fetch finished although the target never answered")
        } catch let error as RunTimeoutError {
            #expect(
                error.inFlight.contains { $0.hasPrefix("[new] GET /api/v3/hubs/acme-status/") }, "\(error.inFlight)")
            #expect(error.description.contains("(pairs.pair.timeouts.run) and stopped while fetching 'old' and 'new'"))
            #expect(!error.description.contains("\n"))
        }
        gate.open()
        #expect(emulated.sync.store.latestSnapshotPath(account: "new") == nil, "nothing saved for the hung account")
    }

    @Test func writesHungAtTheBoundAreCancelledLeftInDoubtAndSettledByTheNextRun() async throws {
        let gate = AnswerGate()
        let emulated = try pair(gate: gate)
        defer { gate.open() }
        var sync = emulated.sync
        let (state, plan) = try await stateAndPlan(sync)
        gate.close()
        // The deadline passes, and the grace ends, once the target holds a write: however loaded the machine.
        let time = Self.clockPassingOnceHeld(gate)
        sync.runBound = RunBound(limit: .seconds(60), setting: "pairs.pair.timeouts.run", time: time)
        do {
            _ = try await sync.apply(plan, state: state, options: ApplyOptions(concurrency: 4))
            Issue.record("the apply finished although the target never answered")
        } catch let error as RunTimeoutError {
            #expect(
                error.inFlight.contains { $0.hasPrefix("[new] POST /api/v3/hubs/acme-status/groups") },
                "\(error.inFlight)")
            #expect(error.description.contains("stopped while applying to 'new'"))
        }
        // The hung create reaches the target after all, as a slow server's would.
        gate.open()
        #expect(await eventually { Self.entities(emulated.target, "groups") >= 1 })

        let (recovered, settling) = try emulated.sync.recover()
        #expect(!settling.isEmpty, "the cancelled writes are in doubt, not forgotten")
        _ = recovered
        let report = try await emulated.cycle().report
        #expect(report.isComplete)
        #expect(Self.entities(emulated.target, "groups") == 2, "no duplicate group")
        #expect(try await emulated.cycle().plan.isEmpty)
    }

    @Test func anApplyReachingTheBoundStartsNoNewWriteSavesWhatItDidAndFails() async throws {
        let gate = AnswerGate()
        let emulated = try pair(gate: gate)
        var sync = emulated.sync
        let (state, plan) = try await stateAndPlan(sync)
        // The clock passes the deadline once the target holds its groups; the cancelling timer never fires.
        let targetEmulator = emulated.target
        let start = Date()
        let time = TimeSource(
            now: { Self.entities(targetEmulator, "groups") >= 2 ? start.addingTimeInterval(3600) : start },
            sleep: { _ in try await Task.sleep(for: .seconds(3600)) })
        sync.runBound = RunBound(limit: .seconds(60), setting: "pairs.pair.timeouts.run", time: time)
        do {
            _ = try await sync.apply(plan, state: state, options: ApplyOptions(concurrency: 1))
            Issue.record("the apply ran past its bound")
        } catch let error as RunTimeoutError {
            #expect(error.description.contains("change(s) applied"), "\(error)")
            #expect(error.inFlight.isEmpty, "the writes in flight finished: \(error.inFlight)")
        }
        let saved = try emulated.sync.store.pairState("pair")
        #expect(saved.links.values.contains { $0.kind == .group }, "the links of what was done are saved")
        #expect(Self.entities(emulated.target, "incidents") < 2, "writes after the deadline were not started")

        let report = try await emulated.cycle().report
        #expect(report.isComplete)
        #expect(Self.entities(emulated.target, "groups") == 2)
        #expect(try await emulated.cycle().plan.isEmpty)
    }
}
