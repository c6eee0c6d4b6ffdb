import Foundation
import StatusSyncHTTPServer

/// The uptime endpoint: `GET uptime` (the hub), `GET groups/{id}/uptime`, `GET services/{id}/uptime`.
///
/// The API reference documents the operation and its rules but not its path or fields, so these are a
/// decision ([G], one place): query `start_time` and `end_time` (ISO 8601, UTC; default: the 30 days
/// up to now) and `granularity` (`total`, the default, or `day`); answer
/// `{"data": {"start_time", "end_time", "period_seconds", "downtime_seconds", "uptime", "days"?}}` with
/// `uptime` in percent and, per day, `{"date", "period_seconds", "downtime_seconds", "uptime"}`.
///
/// The rules, as the reference states them: UTC days; only `down` is downtime
/// (`degraded-performance` is not); when events overlap the worst status wins, so a service is down
/// while any event has it down; a group is down while any of its services is, the hub while any of
/// its services is. An incident sets each service to the status of its latest update naming it until
/// the incident is resolved (open: until now); a maintenance sets its statuses from its start to its
/// end. Deleted and draft events do not count.
extension StatusHubAccount {
    static let uptimeGranularities = ["total", "day"]
    static let defaultUptimePeriod: Double = 30 * 86_400

    /// Answers an uptime request for the hub (`resource` nil), a group or a service.
    func uptime(_ resource: String?, _ id: Int, _ request: HTTPRequest, _ context: StatusHubContext) -> HTTPResponse {
        let members: [Int]
        switch resource {
        case "groups":
            guard let group = groups[id], !group.isDeleted else { return Self.notFound }
            members = services.values.filter { !$0.isDeleted && $0.groupID == id }.map(\.id)
        case "services":
            guard let service = services[id], !service.isDeleted else { return Self.notFound }
            members = [service.id]
        default:
            members = services.values.filter { !$0.isDeleted }.map(\.id)
        }
        var bounds = [context.now - Self.defaultUptimePeriod, context.now]
        for (index, name) in ["start_time", "end_time"].enumerated() {
            guard let text = request.query(name) else { continue }
            guard let seconds = Timestamp.parseSeconds(text) else {
                return Self.badRequest("Invalid \(name): expected an ISO 8601 date-time in UTC")
            }
            bounds[index] = seconds.rounded(.down)
        }
        guard bounds[0] <= bounds[1] else { return Self.badRequest("start_time must not be after end_time") }
        let granularity = request.query("granularity") ?? "total"
        guard Self.uptimeGranularities.contains(granularity) else {
            return Self.badRequest("granularity must be one of: \(Self.uptimeGranularities.joined(separator: ", "))")
        }
        let spans = downSpans(of: Set(members), now: context.now)
        var data = Self.uptimeFigures(spans, from: bounds[0], to: bounds[1])
        data["start_time"] = .string(Timestamp(Date(timeIntervalSince1970: bounds[0])).text)
        data["end_time"] = .string(Timestamp(Date(timeIntervalSince1970: bounds[1])).text)
        if granularity == "day" {
            var days: [JSONValue] = []
            var day = (bounds[0] / 86_400).rounded(.down) * 86_400
            while day < bounds[1] {
                var figures = Self.uptimeFigures(spans, from: max(day, bounds[0]), to: min(day + 86_400, bounds[1]))
                figures["date"] = .string(String(Timestamp(Date(timeIntervalSince1970: day)).text.prefix(10)))
                days.append(.object(figures))
                day += 86_400
            }
            data["days"] = .array(days)
        }
        return .json(200, .object(["data": .object(data)]))
    }

    /// Period, downtime and uptime percentage of merged `spans` between `start` and `end`.
    static func uptimeFigures(_ spans: [(Double, Double)], from start: Double, to end: Double) -> [String: JSONValue] {
        var down: Double = 0
        for (spanStart, spanEnd) in spans {
            let overlap = min(spanEnd, end) - max(spanStart, start)
            if overlap > 0 { down += overlap }
        }
        let period = end - start
        let uptime = period > 0 ? 100 * (period - down) / period : 100
        return [
            "period_seconds": .int(Int(period)), "downtime_seconds": .int(Int(down)),
            "uptime": .double((uptime * 10_000).rounded() / 10_000),
        ]
    }

    /// The merged, sorted spans during which any of `members` was down.
    func downSpans(of members: Set<Int>, now: Double) -> [(Double, Double)] {
        var spans: [(Double, Double)] = []
        for incident in incidents.values where !incident.isDeleted && incident.state != "draft" {
            let end = incident.endTime?.seconds ?? max(now, incident.startTime.seconds)
            var open: [Int: (status: String, since: Double)] = [:]
            func close(_ service: Int, at time: Double) {
                guard let current = open[service], current.status == "down", members.contains(service) else { return }
                spans.append((current.since, min(time, end)))
            }
            for update in incident.liveUpdates where update.startTime.seconds < end {
                for entry in update.serviceStatuses {
                    close(entry.serviceID, at: update.startTime.seconds)
                    open[entry.serviceID] = (entry.status, update.startTime.seconds)
                }
            }
            for service in open.keys { close(service, at: end) }
        }
        for maintenance in maintenances.values where !maintenance.isDeleted && maintenance.state != "draft" {
            if maintenance.serviceStatuses.contains(where: { $0.status == "down" && members.contains($0.serviceID) }) {
                spans.append((maintenance.startTime.seconds, maintenance.endTime.seconds))
            }
        }
        spans.sort { $0 < $1 }
        var merged: [(Double, Double)] = []
        for span in spans where span.1 > span.0 {
            if let last = merged.last, span.0 <= last.1 {
                merged[merged.count - 1].1 = max(last.1, span.1)
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
