import Foundation

/// Generates realistic, deterministic seeds for both providers, at any size.
///
/// The same `(incidents, seed)` always gives byte-identical output. Every incident is drawn from its
/// own PRNG stream (derived from the seed and its index), and the document is written entity by
/// entity, so 100,000-incident accounts need memory for the output only.
///
/// What a generated account contains: 8 groups (4 nested under others in Freshstatus), 36 services
/// (2 without group), `incidents` incidents from 2019-01-01 to before 2026-11-01 with 1 to 6 updates
/// each; the latest 3% are open, every 10th is private (Freshstatus) or every 15th a draft
/// (StatusHub); titles and messages mix accents, CJK and emoji; Freshstatus affected components use
/// all five statuses `OP PD PO MO UM`. Maintenances: past ones, two in progress (ending in 2099) and
/// three in the future (starting in 2099).
package enum SeedGenerator {
    /// The number of services every generated account has.
    package static let serviceCount = 36
    /// The number of groups every generated account has.
    package static let groupCount = 8
    /// The incident count of the example accounts (`examples/*-seed.json`, the demo).
    package static let exampleIncidents = 300
    /// The PRNG seed of the example accounts.
    package static let exampleSeed: UInt64 = 2026

    /// The example Freshstatus account: exactly `examples/freshstatus-seed.json`.
    package static var exampleFreshstatus: Data { freshstatus(incidents: exampleIncidents, seed: exampleSeed) }

    /// The example StatusHub hub: exactly `examples/statushub-seed.json`.
    package static var exampleStatusHub: Data { statushub(incidents: exampleIncidents, seed: exampleSeed) }

    /// A Freshstatus seed with `incidents` incidents, pretty-printed.
    ///
    /// - Parameters:
    ///   - incidents: How many incidents to generate.
    ///   - seed: The PRNG seed.
    /// - Returns: UTF-8 JSON in the Freshstatus seed shape.
    package static func freshstatus(incidents: Int, seed: UInt64) -> Data {
        FreshstatusSeedWriter(incidents: max(incidents, 0), seed: seed).write()
    }

    /// A StatusHub seed with `incidents` incidents, pretty-printed.
    ///
    /// - Parameters:
    ///   - incidents: How many incidents to generate.
    ///   - seed: The PRNG seed.
    /// - Returns: UTF-8 JSON in the StatusHub seed shape.
    package static func statushub(incidents: Int, seed: UInt64) -> Data {
        StatusHubSeedWriter(incidents: max(incidents, 0), seed: seed).write()
    }

    // MARK: - Shared vocabulary

    static let groupNames = [
        "Platform", "Customer apps", "Payments", "Data", "Edge network", "Mobile", "Billing engine", "Analytics",
    ]
    static let serviceNames = [
        "Public API", "Web dashboard", "Login & SSO", "Webhooks", "Search", "File uploads", "CDN", "DNS",
        "iOS app", "Android app", "Push notifications", "Card payments", "SEPA débits", "Invoices", "Refunds",
        "Data warehouse", "Exports", "Reporting", "Event stream", "Email delivery", "SMS delivery",
        "Status widget", "Admin console", "Billing API", "Usage metering", "Tax calculation", "Realtime charts",
        "Audit log", "Backups", "Identity verification", "Chat support", "Knowledge base", "東京 region",
        "Zürich region", "São Paulo region", "Integrations",
    ]
    static let incidentTitles = [
        "Elevated error rates on the Public API", "Dégradation du service de paiement", "API 応答遅延",
        "数据库连接超时", "Login issues 🔐", "Störung im Rechenzentrum Zürich", "Incidencia en el área de facturación",
        "🚧 Slow dashboard loading", "Webhook deliveries delayed", "Intermittent 502 errors",
        "Search results incomplete",
        "Push notifications not delivered 📱", "Exports stuck in queue", "Problème d'accès à la console",
        "支付处理延迟", "Partial outage in São Paulo", "Email delivery backlog ✉️", "DNS resolution failures",
    ]
    static let messages = [
        "We are investigating reports of errors.", "Nous enquêtons sur le problème.", "原因を調査しています。",
        "We have identified the cause and are deploying a fix. 🛠️", "修复程序已部署，正在监控。",
        "Wir beobachten die Lage weiterhin.", "Error rates are back to normal; monitoring. ✅",
        "Une mise à jour suivra dans 30 minutes.", "Traffic has been rerouted to a healthy región.",
        "This incident has been resolved. Thank you for your patience 🙏",
    ]

    /// 2019-01-01T00:00:00Z: the start of generated history.
    static let historyStart = 1_546_300_800.0
    /// 2026-10-25T00:00:00Z: no generated incident starts later (history ends before 2026-11-01).
    static let historyEnd = 1_792_886_400.0
    /// 2099-01-01T00:00:00Z: far-future anchor for in-progress and future maintenances.
    static let farFuture = 4_070_908_800.0

    /// The PRNG stream of one entity, independent of every other entity's.
    static func stream(_ seed: UInt64, _ kind: UInt64, _ index: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (kind &* 0xA24B_AED4_963E_E407) ^ (UInt64(index) &* 0x9FB2_1C65_1E98_DF25))
        return SplitMix64(seed: mixer.next())
    }

    static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T {
        values[Int(random.next() % UInt64(values.count))]
    }

    static func int(_ range: ClosedRange<Int>, _ random: inout SplitMix64) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    /// The start time of incident `index` (0-based) of `count`, evenly spread with jitter, whole minutes.
    static func incidentStart(_ index: Int, of count: Int, _ random: inout SplitMix64) -> Double {
        let span = (historyEnd - historyStart) / Double(max(count, 1))
        let jitter = Double(random.next() % UInt64(max(Int(span * 0.8), 1)))
        return ((historyStart + span * Double(index) + jitter) / 60).rounded(.down) * 60
    }

    /// Whether incident `index` of `count` is still open (the latest 3%, at least one).
    static func isOpen(_ index: Int, of count: Int) -> Bool {
        index >= count - max(1, count * 3 / 100)
    }

    static func stamp(_ seconds: Double) -> JSONValue { .string(Timestamp.format(seconds)) }
}

/// Writes a pretty-printed JSON object member by member, so huge arrays never exist as one tree.
struct StreamingObjectWriter {
    private(set) var output: [UInt8] = Array("{\n".utf8)
    private var members = 0

    /// Starts an array member; call ``element(_:)`` for each element, then ``endArray()``.
    mutating func beginArray(_ key: String) {
        separate()
        output.append(contentsOf: Array("  \"\(key)\": [".utf8))
        elementsInArray = 0
    }

    private var elementsInArray = 0

    mutating func element(_ value: JSONValue) {
        if elementsInArray > 0 { output.append(UInt8(ascii: ",")) }
        output.append(contentsOf: Array("\n    ".utf8))
        value.write(into: &output, indent: 2)
        elementsInArray += 1
    }

    mutating func endArray() {
        if elementsInArray > 0 { output.append(contentsOf: Array("\n  ".utf8)) }
        output.append(UInt8(ascii: "]"))
    }

    mutating func member(_ key: String, _ value: JSONValue) {
        separate()
        output.append(contentsOf: Array("  \"\(key)\": ".utf8))
        value.write(into: &output, indent: 1)
    }

    private mutating func separate() {
        if members > 0 { output.append(contentsOf: Array(",\n".utf8)) }
        members += 1
    }

    mutating func finish() -> Data {
        output.append(contentsOf: Array("\n}\n".utf8))
        return Data(output)
    }
}
