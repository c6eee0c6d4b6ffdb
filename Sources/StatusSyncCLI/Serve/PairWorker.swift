import Synchronization

/// Runs the sync cycles of one pair one at a time, coalescing triggers.
///
/// A trigger while no cycle runs starts one; triggers while one runs are merged into a single cycle
/// after it (a burst of webhooks makes one more cycle, not one each). Two cycles of a pair never overlap.
package final class PairWorker: Sendable {
    /// The pair the worker syncs.
    package let pair: String
    private let stream: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let isStopping = Mutex(false)

    /// Makes an idle worker; cycles run once ``run(cycle:)`` is called.
    package init(pair: String) {
        self.pair = pair
        (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a cycle; `reason` is what the cycle is logged with.
    package func trigger(_ reason: String) {
        continuation.yield(reason)
    }

    /// Runs one cycle per (coalesced) trigger until ``stop()``; returns when the cycle in flight has ended.
    package func run(cycle: @Sendable (String) async -> Void) async {
        for await reason in stream {
            if isStopping.withLock({ $0 }) { break }
            await cycle(reason)
        }
    }

    /// Takes no more triggers; ``run(cycle:)`` returns after the cycle in flight, starting none after it.
    package func stop() {
        isStopping.withLock { $0 = true }
        continuation.finish()
    }
}
