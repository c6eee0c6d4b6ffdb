/// A source of random numbers in `0..<1`, injected so that jittered backoff is deterministic in tests.
package struct RandomSource: Sendable {
    /// Returns the next number in `0..<1`.
    package var nextUnit: @Sendable () -> Double

    /// Creates a random source from a function returning numbers in `0..<1`.
    package init(_ nextUnit: @escaping @Sendable () -> Double) {
        self.nextUnit = nextUnit
    }

    /// The system's random number generator.
    package static let live = RandomSource { Double.random(in: 0..<1) }
}
