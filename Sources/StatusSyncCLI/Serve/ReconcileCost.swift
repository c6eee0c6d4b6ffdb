import Foundation
import StatusSyncCore

/// What a pair's reconcile timer costs of a source's hourly call budget: a cycle every ``interval``, every
/// ``fullEvery``-th one full and the others light.
///
/// Freshstatus counts its 1,000 calls an hour in a sliding window, so what must fit is the busiest hour: the
/// one holding the most full cycles. The average is given as well, for what a day costs.
package struct ReconcileCost: Sendable, Hashable {
    /// The time between two timer cycles.
    package var interval: Duration
    /// Every how many timer cycles one is full.
    package var fullEvery: Int
    /// The calls of a light cycle.
    package var light: Int
    /// The calls of a full cycle.
    package var full: Int

    /// Creates the cost of a timer.
    package init(interval: Duration, fullEvery: Int, light: Int, full: Int) {
        self.interval = interval
        self.fullEvery = fullEvery
        self.light = light
        self.full = full
    }

    /// The timer cycles that can start in one hour.
    package var cyclesPerHour: Int {
        let seconds = max(0.001, interval.timeInterval)
        return max(1, Int((3600 / seconds).rounded(.up)))
    }

    /// The calls of the busiest hour: as many full cycles as one hour can hold, light ones for the rest.
    package var busiestHour: Int {
        let cycles = cyclesPerHour
        let fulls = min(cycles, (cycles + max(fullEvery, 1) - 1) / max(fullEvery, 1))
        return fulls * full + (cycles - fulls) * light
    }

    /// The calls of an hour on average, over a whole run of `fullEvery` cycles.
    package var averageHour: Int {
        let every = Double(max(fullEvery, 1))
        let perCycle = (Double(full) + Double(max(fullEvery, 1) - 1) * Double(light)) / every
        return Int((perCycle * 3600 / max(0.001, interval.timeInterval)).rounded(.up))
    }

    /// Every how many cycles of `interval` a full one runs, for a full reconcile at least every `fullInterval`.
    package static func fullEvery(interval: Duration, fullInterval: Duration) -> Int {
        max(1, Int((fullInterval.timeInterval / max(0.001, interval.timeInterval)).rounded(.down)))
    }

    /// The shortest whole-minute interval, with full cycles still every `fullInterval`, whose busiest hour fits
    /// `budget`; `nil` when none of up to a day does.
    package func shortestFitting(_ budget: Int, fullInterval: Duration) -> Duration? {
        for minutes in 1...1440 {
            let interval = Duration.seconds(minutes * 60)
            var candidate = self
            candidate.interval = interval
            candidate.fullEvery = Self.fullEvery(interval: interval, fullInterval: max(fullInterval, interval))
            if candidate.busiestHour <= budget { return interval }
        }
        return nil
    }
}
