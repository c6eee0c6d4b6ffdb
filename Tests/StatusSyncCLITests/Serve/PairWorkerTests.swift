import Foundation
import StatusSyncCLI
import StatusSyncCore
import Synchronization
import Testing

@Suite struct PairWorkerTests {
    /// A cycle that waits until the test opens it, counting how many run and how many overlap.
    private final class GatedCycles: Sendable {
        private let state = Mutex((started: 0, running: 0, mostAtOnce: 0, reasons: [String]()))
        private let gate: AsyncStream<Void>
        private let opener: AsyncStream<Void>.Continuation

        init() { (gate, opener) = AsyncStream.makeStream(of: Void.self) }

        var started: Int { state.withLock { $0.started } }
        var mostAtOnce: Int { state.withLock { $0.mostAtOnce } }
        var reasons: [String] { state.withLock { $0.reasons } }

        func open(_ count: Int) { for _ in 0..<count { opener.yield() } }

        func run(_ reason: String) async {
            state.withLock {
                $0.started += 1
                $0.running += 1
                $0.mostAtOnce = max($0.mostAtOnce, $0.running)
                $0.reasons.append(reason)
            }
            var iterator = gate.makeAsyncIterator()
            _ = await iterator.next()
            state.withLock { $0.running -= 1 }
        }
    }

    private func waitFor(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            await Task.yield()
        }
    }

    @Test func aBurstDuringACycleMakesOneMoreCycleAndCyclesNeverOverlap() async throws {
        let worker = PairWorker(pair: "mirror")
        let cycles = GatedCycles()
        let running = Task { await worker.run { work, _ in await cycles.run(work.reason) } }
        worker.trigger("first")
        try await waitFor { cycles.started == 1 }
        for index in 0..<100 { worker.trigger("burst \(index)") }
        cycles.open(1)
        try await waitFor { cycles.started == 2 }
        cycles.open(1)
        worker.stop()
        await running.value
        #expect(cycles.started == 2)
        #expect(cycles.mostAtOnce == 1)
        #expect(cycles.reasons == ["first", "burst 99"])
    }

    private func day(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + seconds) }

    @Test func webhooksAboutOneIncidentAreCoalescedAndEntitiesRunInOrder() async throws {
        let worker = PairWorker(pair: "mirror")
        let cycles = GatedCycles()
        let works = Mutex<[PairWork]>([])
        let running = Task {
            await worker.run { work, _ in
                works.withLock { $0.append(work) }
                await cycles.run(work.reason)
            }
        }
        let first = EntityTarget(kind: .incident, id: "7")
        let second = EntityTarget(kind: .maintenance, id: "8")
        worker.trigger(first, reason: "note 0", changedAt: day(0))
        try await waitFor { cycles.started == 1 }
        for index in 1...10 { worker.trigger(first, reason: "note \(index)", changedAt: day(Double(index))) }
        worker.trigger(second, reason: "planned", changedAt: day(20))
        worker.trigger(first, reason: "note 11", changedAt: day(21))
        #expect(worker.queued.count == 2)
        cycles.open(3)
        try await waitFor { cycles.started == 3 }
        worker.stop()
        await running.value
        #expect(cycles.mostAtOnce == 1)
        #expect(
            works.withLock { $0 } == [
                .entity(first, reason: "note 0", changedAt: day(0)),
                .entity(first, reason: "note 11", changedAt: day(1)),
                .entity(second, reason: "planned", changedAt: day(20)),
            ])
    }

    @Test func manyEntitiesAtOnceMakeOneFullCycleThatCoversThem() async throws {
        let worker = PairWorker(pair: "mirror")
        let cycles = GatedCycles()
        let covered = Mutex<[Int]>([])
        let running = Task {
            await worker.run { work, carried in
                covered.withLock { $0.append(carried.count) }
                await cycles.run(work.reason)
            }
        }
        worker.trigger("start")
        try await waitFor { cycles.started == 1 }
        for index in 0..<100 {
            worker.trigger(EntityTarget(kind: .incident, id: "\(index)"), reason: "open", changedAt: day(0))
        }
        cycles.open(1)
        try await waitFor { cycles.started == 2 }
        cycles.open(1)
        worker.stop()
        await running.value
        #expect(cycles.started == 2)
        #expect(cycles.reasons.last == "11 entities waiting: one cycle for all")
        #expect(covered.withLock { $0 } == [0, 100])
    }

    @Test func stopLetsTheCycleInFlightFinishAndStartsNoOther() async throws {
        let worker = PairWorker(pair: "mirror")
        let cycles = GatedCycles()
        let running = Task { await worker.run { work, _ in await cycles.run(work.reason) } }
        worker.trigger("first")
        try await waitFor { cycles.started == 1 }
        worker.trigger("pending")
        worker.stop()
        cycles.open(2)
        await running.value
        #expect(cycles.started == 1)
    }

    @Test func aLightCycleStaysLightOnlyIfEveryTriggerItStandsForAskedForALightOne() async throws {
        let worker = PairWorker(pair: "mirror")
        worker.trigger("reconcile", light: true)
        worker.trigger("reconcile", light: true)
        #expect(worker.queued == [.cycle(reason: "reconcile", light: true)])
        worker.trigger("webhook")
        worker.trigger("reconcile", light: true)
        #expect(worker.queued == [.cycle(reason: "webhook", light: false)])

        // A light cycle that covers entities waiting reads every list: they may be old incidents.
        let other = PairWorker(pair: "mirror")
        other.trigger("reconcile", light: true)
        other.trigger(EntityTarget(kind: .incident, id: "7"), reason: "webhook", changedAt: day(0))
        let ran = Mutex<[PairWork]>([])
        let running = Task { await other.run { work, _ in ran.withLock { $0.append(work) } } }
        try await waitFor { !ran.withLock { $0 }.isEmpty }
        other.stop()
        await running.value
        #expect(ran.withLock { $0 } == [.cycle(reason: "reconcile", light: false)])
    }
}
