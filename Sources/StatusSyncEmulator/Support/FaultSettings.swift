import Foundation

/// The faults and limits that can change while an emulator runs (`POST /_emulator/faults`).
struct FaultSettings: Sendable {
    var latency: Duration
    var failRate: Double
    var loseResponseRate: Double
    var throttleRate: Double
    var throttleRetryAfter: Int
    var throttlesWritesOnly: Bool
    var rateLimits: EmulatorRateLimits

    init(options: EmulatorOptions) {
        latency = options.latency
        failRate = options.failRate
        loseResponseRate = options.loseResponseRate
        throttleRate = options.throttleRate
        throttleRetryAfter = options.throttleRetryAfter
        throttlesWritesOnly = options.throttlesWritesOnly
        rateLimits = options.rateLimits
    }

    /// The settings as JSON, in the shape `POST /_emulator/faults` accepts.
    var json: JSONValue {
        let (seconds, attoseconds) = latency.components
        let milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        return .object([
            "latencyMs": .int(milliseconds),
            "failRate": .double(failRate),
            "loseResponseRate": .double(loseResponseRate),
            "throttleRate": .double(throttleRate),
            "throttleRetryAfter": .int(throttleRetryAfter),
            "throttleWritesOnly": .bool(throttlesWritesOnly),
            "rateLimit": .object([
                "enabled": .bool(rateLimits.isEnabled),
                "callsPerHour": .int(rateLimits.callsPerHour),
                "readsPerSecond": .int(rateLimits.readsPerSecond),
                "writesPerSecond": .int(rateLimits.writesPerSecond),
            ]),
        ])
    }

    /// Applies the members present in `body`; returns an error message for the first invalid one.
    mutating func apply(_ body: [String: JSONValue]) -> String? {
        let known: Set<String> = [
            "latencyMs", "failRate", "loseResponseRate", "throttleRate", "throttleRetryAfter", "throttleWritesOnly",
            "rateLimit",
            "faultSeed",
        ]
        if let unknown = body.keys.sorted().first(where: { !known.contains($0) }) { return "unknown key '\(unknown)'" }
        func rate(_ key: String) -> (Double?, String?) {
            guard let value = body[key] else { return (nil, nil) }
            let number: Double? =
                switch value {
                case .int(let int): Double(int)
                case .double(let double): double
                default: nil
                }
            guard let number, (0...1).contains(number) else { return (nil, "\(key) must be a number from 0 to 1") }
            return (number, nil)
        }
        var updated = self
        if let value = body["latencyMs"] {
            guard let milliseconds = value.intValue, milliseconds >= 0 else {
                return "latencyMs must be an integer ≥ 0"
            }
            updated.latency = .milliseconds(milliseconds)
        }
        if let value = body["throttleRetryAfter"] {
            guard let seconds = value.intValue, seconds >= 1 else { return "throttleRetryAfter must be an integer ≥ 1" }
            updated.throttleRetryAfter = seconds
        }
        if let value = body["throttleWritesOnly"] {
            guard let flag = value.boolValue else { return "throttleWritesOnly must be a boolean" }
            updated.throttlesWritesOnly = flag
        }
        for (key, path) in [
            ("failRate", \FaultSettings.failRate), ("loseResponseRate", \.loseResponseRate),
            ("throttleRate", \.throttleRate),
        ] {
            let (number, error) = rate(key)
            if let error { return error }
            if let number { updated[keyPath: path] = number }
        }
        if let value = body["rateLimit"] {
            guard let limits = value.objectValue else { return "rateLimit must be an object" }
            let keys: [(String, WritableKeyPath<EmulatorRateLimits, Int>)] = [
                ("callsPerHour", \.callsPerHour), ("readsPerSecond", \.readsPerSecond),
                ("writesPerSecond", \.writesPerSecond),
            ]
            let allowed = Set(keys.map(\.0) + ["enabled"])
            if let unknown = limits.keys.sorted().first(where: { !allowed.contains($0) }) {
                return "unknown key 'rateLimit.\(unknown)'"
            }
            if let enabled = limits["enabled"] {
                guard let flag = enabled.boolValue else { return "rateLimit.enabled must be a boolean" }
                updated.rateLimits.isEnabled = flag
            }
            for (key, path) in keys {
                guard let entry = limits[key] else { continue }
                guard let count = entry.intValue, count >= 0 else { return "rateLimit.\(key) must be an integer ≥ 0" }
                updated.rateLimits[keyPath: path] = count
            }
        }
        self = updated
        return nil
    }
}
