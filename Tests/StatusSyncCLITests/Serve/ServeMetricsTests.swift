import Foundation
import StatusSyncCLI
import StatusSyncCore
import Testing

/// Checks text against the Prometheus text exposition format (0.0.4), line by line.
enum PrometheusText {
    /// The problems found, each with its line; empty when the text is valid.
    static func problems(_ text: String) -> [String] {
        var problems: [String] = []
        guard text.hasSuffix("\n") else { return ["the text does not end with a line feed"] }
        var types: [String: String] = [:]
        var sampled: Set<String> = []
        let name = #/[a-zA-Z_:][a-zA-Z0-9_:]*/#
        let sample =
            #/([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*)?\})? (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[-+]Inf)( -?[0-9]+)?/#
        for (number, line) in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let at = "line \(number + 1): \(line)"
            if line.hasPrefix("# HELP ") {
                let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1)
                if parts.first.map({ (try? name.wholeMatch(in: $0)) == nil }) ?? true { problems.append(at) }
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2, (try? name.wholeMatch(in: parts[0])) != nil,
                    ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[1]))
                else {
                    problems.append(at)
                    continue
                }
                let metric = String(parts[0])
                if types[metric] != nil || sampled.contains(metric) { problems.append(at + " (TYPE repeated or late)") }
                types[metric] = String(parts[1])
            } else if line.hasPrefix("#") || line.isEmpty {
                continue
            } else if let match = try? sample.wholeMatch(in: line) {
                let metric = String(match.1)
                sampled.insert(metric)
                if types[metric] == "counter", !metric.hasSuffix("_total") { problems.append(at + " (counter name)") }
            } else {
                problems.append(at)
            }
        }
        return problems
    }
}

@Suite struct ServeMetricsTests {
    @Test func metricsAreValidPrometheusTextWithEveryFigurePerPair() {
        let metrics = ServeMetrics(pairs: ["mirror", "odd\"name"])
        let now = Date(timeIntervalSince1970: 1_000_000)
        metrics.update("mirror") {
            $0.cycles = 3
            $0.writes = 7
            $0.webhooksReceived = 2
            $0.webhooksRejected = 1
            $0.lastSuccess = now.addingTimeInterval(-4.5)
            $0.lastCycleSucceeded = true
        }
        let text = metrics.prometheusText(now: now)
        #expect(PrometheusText.problems(text) == [])
        #expect(text.contains("statussync_cycles_total{pair=\"mirror\"} 3\n"))
        #expect(text.contains("statussync_writes_total{pair=\"mirror\"} 7\n"))
        #expect(text.contains("statussync_webhooks_received_total{pair=\"mirror\"} 2\n"))
        #expect(text.contains("statussync_webhooks_rejected_total{pair=\"mirror\"} 1\n"))
        #expect(text.contains("statussync_seconds_since_last_success{pair=\"mirror\"} 4.500\n"))
        #expect(text.contains("statussync_seconds_since_last_success{pair=\"odd\\\"name\"} NaN\n"))
    }

    @Test func lagAndCallsLeftArePerPairAndStillPrometheusText() {
        let metrics = ServeMetrics(pairs: ["mirror", "quiet"])
        let now = Date(timeIntervalSince1970: 1_000_000)
        let incident = EntityTarget(kind: .incident, id: "7")
        metrics.recordDelivered(
            "mirror",
            [
                .entity(incident, reason: "a", changedAt: now.addingTimeInterval(-2)),
                .cycle(reason: "reconcile"),
                .entity(incident, reason: "b", changedAt: now.addingTimeInterval(-0.5)),
            ], now: now)
        metrics.update("mirror") {
            $0.targetedSyncs = 2
            $0.callsLeft = ["old": 912, "new\"side": 30]
        }
        let text = metrics.prometheusText(now: now)
        #expect(PrometheusText.problems(text) == [])
        #expect(text.contains("statussync_targeted_syncs_total{pair=\"mirror\"} 2\n"))
        #expect(text.contains("statussync_last_change_lag_seconds{pair=\"mirror\"} 0.500\n"))
        #expect(text.contains("statussync_last_change_lag_seconds{pair=\"quiet\"} NaN\n"))
        #expect(text.contains("statussync_change_lag_seconds_sum{pair=\"mirror\"} 2.500\n"))
        #expect(text.contains("statussync_change_lag_seconds_count{pair=\"mirror\"} 2\n"))
        #expect(text.contains("statussync_rate_limit_calls_left{pair=\"mirror\",account=\"old\"} 912\n"))
        #expect(text.contains("statussync_rate_limit_calls_left{pair=\"mirror\",account=\"new\\\"side\"} 30\n"))
    }

    @Test func theCheckerCatchesWhatIsNotPrometheusText() {
        #expect(!PrometheusText.problems("a_total{pair=mirror} 1\n").isEmpty)
        #expect(!PrometheusText.problems("# TYPE a counter\na 1\n").isEmpty)
        #expect(!PrometheusText.problems("a 1").isEmpty)
        #expect(!PrometheusText.problems("a one\n").isEmpty)
    }

    @Test func readinessNamesThePairsWhoseLastCycleDidNotSucceed() {
        let metrics = ServeMetrics(pairs: ["a", "b", "c"])
        metrics.update("a") { $0.lastCycleSucceeded = true }
        metrics.update("b") {
            $0.lastCycleSucceeded = false
            $0.lastError = "target: credentials were rejected"
        }
        let notReady = metrics.notReady()
        #expect(notReady.map(\.pair) == ["b", "c"])
        #expect(notReady.first?.reason == "last cycle failed: target: credentials were rejected")
        #expect(notReady.last?.reason == "no cycle has finished yet")
    }
}
