import Foundation

/// StatusHub's uptime endpoint: `uptime`, `groups/{id}/uptime`, `services/{id}/uptime` under the hub.
///
/// The reference documents the operation (hub, group, service; one value or per day) but not its
/// path or fields; the shape read here is the one providers/CONTRACT.md's emulator decision serves,
/// and the reader is tolerant: `downtime_seconds` when present, else derived from `uptime` in percent.
extension StatusHubClient: UptimeReporting {
    package func uptime(
        of scope: UptimeScope, from start: Instant, to end: Instant, perDay: Bool
    ) async throws -> UptimeFigure {
        let path: [String]
        switch scope {
        case .page: path = ["uptime"]
        case .group(let id): path = ["groups", id, "uptime"]
        case .service(let id): path = ["services", id, "uptime"]
        }
        let url = try self.url(
            path,
            query: [
                URLQueryItem(name: "start_time", value: start.iso8601),
                URLQueryItem(name: "end_time", value: end.iso8601),
                URLQueryItem(name: "granularity", value: perDay ? "day" : "total"),
            ])
        let body = try await connection.json(.get, url)
        let data = ProviderJSON.member(body, "data") ?? body
        func figures(_ value: JSONValue?, period: Int64) throws -> (down: Int64, percent: Double) {
            let percent = ProviderJSON.member(value, "uptime")?.numberValue
            if let down = ProviderJSON.member(value, "downtime_seconds")?.numberValue {
                return (Int64(down.rounded()), percent ?? 100)
            }
            guard let percent else {
                throw connection.undecodable(method: .get, url: url, reason: "no \"uptime\" in the answer")
            }
            return (Int64((Double(period) * (100 - percent) / 100).rounded()), percent)
        }
        let period = end.secondsSince1970 - start.secondsSince1970
        let total = try figures(data, period: period)
        var days: [(date: String, downtimeSeconds: Int64)] = []
        for day in ProviderJSON.member(data, "days")?.arrayValue ?? [] {
            let dayPeriod = Int64(ProviderJSON.member(day, "period_seconds")?.numberValue ?? 86_400)
            days.append(
                (ProviderJSON.member(day, "date")?.stringValue ?? "", try figures(day, period: dayPeriod).down))
        }
        return UptimeFigure(start: start, end: end, downtimeSeconds: total.down, percent: total.percent, days: days)
    }
}
