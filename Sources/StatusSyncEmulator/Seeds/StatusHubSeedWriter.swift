import Foundation

/// Writes a generated StatusHub seed (see ``SeedGenerator``).
struct StatusHubSeedWriter {
    let incidents: Int
    let seed: UInt64

    private var maintenanceCount: Int { max(6, incidents / 25) }

    func write() -> Data {
        var writer = StreamingObjectWriter()
        writer.beginArray("groups")
        for index in 0..<SeedGenerator.groupCount {
            writer.element(
                .object([
                    "id": .int(index + 1), "name": .string(SeedGenerator.groupNames[index]),
                    "position": .int(index + 1),
                ]))
        }
        writer.endArray()
        writer.member("hub", .string("acme-status"))
        let created = SeedGenerator.stamp(SeedGenerator.historyStart)
        writer.beginArray("incident_templates")
        for (index, type) in ["investigating", "identified", "monitoring"].enumerated() {
            writer.element(
                .object([
                    "id": .int(index + 1), "title": .string("Template: \(type)"),
                    "body": .string("We are \(type == "monitoring" ? "monitoring" : "looking into") the issue."),
                    "incident_type": .string(type), "service_statuses": .array([]), "created_at": created,
                    "updated_at": created,
                ]))
        }
        writer.endArray()
        var derived: [Int: String] = [:]
        var updateID = 1
        writer.beginArray("incidents")
        for index in 0..<incidents {
            let (value, latest, countsForStatus) = incident(index, firstUpdateID: &updateID)
            if countsForStatus { for (service, status) in latest { worsen(&derived, service, status) } }
            writer.element(value)
        }
        writer.endArray()
        writer.beginArray("maintenance_templates")
        for index in 0..<2 {
            writer.element(
                .object([
                    "id": .int(index + 4),
                    "title": .string(["Weekly database maintenance", "Mise à jour réseau"][index]),
                    "body": .string("Planned work."), "duration": .int([90, 240][index]),
                    "labels": .array([.string("planned"), .string(index == 0 ? "db" : "network")]),
                    "service_statuses": .array([
                        .object(["service_id": .int(index + 1), "status": .string("degraded-performance")])
                    ]),
                    "silent": index == 0 ? .null : .bool(true), "created_at": created, "updated_at": created,
                ]))
        }
        writer.endArray()
        writer.beginArray("maintenances")
        for index in 0..<maintenanceCount {
            let (value, statuses, inProgress) = maintenance(index)
            if inProgress { for (service, status) in statuses { worsen(&derived, service, status) } }
            writer.element(value)
        }
        writer.endArray()
        writer.beginArray("services")
        for index in 0..<SeedGenerator.serviceCount {
            let group =
                index < SeedGenerator.serviceCount - 2 ? JSONValue.int(index % SeedGenerator.groupCount + 1) : .null
            writer.element(
                .object([
                    "id": .int(index + 1), "name": .string(SeedGenerator.serviceNames[index]),
                    "description": .string("The \(SeedGenerator.serviceNames[index]) service"),
                    "position": .int(index + 1),
                    "group_id": group, "status": .string(derived[index + 1] ?? "up"),
                ]))
        }
        writer.endArray()
        return writer.finish()
    }

    private func worsen(_ derived: inout [Int: String], _ service: Int, _ status: String) {
        let order = ["up", "degraded-performance", "down"]
        if (order.firstIndex(of: status) ?? 0) > (order.firstIndex(of: derived[service] ?? "up") ?? 0) {
            derived[service] = status
        }
    }

    /// Incident `index`, the latest status per service, and whether it counts for derived status (open, not draft).
    private func incident(_ index: Int, firstUpdateID: inout Int) -> (JSONValue, [Int: String], Bool) {
        var random = SeedGenerator.stream(seed, 3, index)
        let start = SeedGenerator.incidentStart(index, of: incidents, &random)
        let duration = Double(SeedGenerator.int(1...72, &random) * 10 * 60)
        let isOpen = SeedGenerator.isOpen(index, of: incidents)
        let isDraft = index % 15 == 7
        var services: [Int] = []
        for _ in 0..<SeedGenerator.int(1...3, &random) {
            let service = SeedGenerator.int(1...SeedGenerator.serviceCount, &random)
            if !services.contains(service) { services.append(service) }
        }
        let title = SeedGenerator.pick(SeedGenerator.incidentTitles, &random)
        let count = max(SeedGenerator.int(1...6, &random), isOpen ? 1 : 2)
        let types = ["investigating", "identified", "monitoring"]
        var updates: [JSONValue] = []
        var latest: [Int: String] = [:]
        var publishedTitle = title
        var lastType = "investigating"
        var lastUpdated = start
        for step in 0..<count {
            let isResolution = step == count - 1 && !isOpen
            let time = start + (isOpen ? duration / 2 : duration) * Double(step) / Double(max(count - 1, 1))
            let type = isResolution ? "resolved" : types[min(step, 2)]
            let statuses: [(Int, String)] =
                isResolution
                ? services.map { ($0, "up") }
                : services.map {
                    (
                        $0,
                        step >= 2
                            ? "degraded-performance" : SeedGenerator.pick(["down", "degraded-performance"], &random)
                    )
                }
            for (service, status) in statuses { latest[service] = status }
            let updateTitle = step == count - 1 && index.isMultiple(of: 11) ? title + " (update)" : title
            let state = isDraft ? "draft" : "published"
            if !isDraft { publishedTitle = updateTitle }
            lastType = type
            lastUpdated = time + 30
            updates.append(
                .object([
                    "id": .int(firstUpdateID), "title": .string(updateTitle),
                    "body": .string(
                        isResolution ? SeedGenerator.messages[9] : SeedGenerator.pick(SeedGenerator.messages, &random)),
                    "start_time": SeedGenerator.stamp(time), "incident_type": .string(type), "state": .string(state),
                    "silent": .bool(step > 0),
                    "service_statuses": .array(
                        statuses.map { .object(["service_id": .int($0.0), "status": .string($0.1)]) }),
                    "created_at": SeedGenerator.stamp(time + 30), "updated_at": SeedGenerator.stamp(time + 30),
                ]))
            firstUpdateID += 1
        }
        let value = JSONValue.object([
            "id": .int(index + 1),
            "title": .string(isDraft ? updates.last?["title"]?.stringValue ?? title : publishedTitle),
            "start_time": SeedGenerator.stamp(start),
            "end_time": isOpen ? .null : SeedGenerator.stamp(start + duration),
            "last_incident_type": .string(lastType), "state": .string(isDraft ? "draft" : "published"),
            "updated_at": SeedGenerator.stamp(lastUpdated), "incident_updates": .array(updates),
            "service_ids": .array(services.map { .int($0) }),
        ])
        return (value, latest, isOpen && !isDraft)
    }

    /// Maintenance `index`: the last five are two in progress (until 2099) and three in the future.
    private func maintenance(_ index: Int) -> (JSONValue, [(Int, String)], Bool) {
        var random = SeedGenerator.stream(seed, 4, index)
        let pastCount = maintenanceCount - 5
        let start: Double
        let end: Double
        if index < pastCount {
            start =
                SeedGenerator.historyStart + (SeedGenerator.historyEnd - SeedGenerator.historyStart) * Double(index)
                / Double(pastCount) + 7200
            end = start + Double(SeedGenerator.int(1...4, &random) * 3600)
        } else if index < pastCount + 2 {
            start = SeedGenerator.historyEnd + Double(index - pastCount + 2) * 86_400
            end = SeedGenerator.farFuture + Double(index - pastCount) * 86_400
        } else {
            start = SeedGenerator.farFuture + Double(index - pastCount) * 86_400
            end = start + 7200
        }
        let statuses = [
            (
                SeedGenerator.int(1...SeedGenerator.serviceCount, &random),
                index.isMultiple(of: 2) ? "down" : "degraded-performance"
            )
        ]
        let created = min(start, SeedGenerator.historyEnd) - 7 * 86_400
        let value = JSONValue.object([
            "id": .int(index + 1),
            "title": .string(["Database upgrade", "Mise à jour réseau", "定期メンテナンス", "Kernel patching 🐧"][index % 4]),
            "body": .string("Planned work; short interruptions are possible."),
            "start_time": SeedGenerator.stamp(start),
            "end_time": SeedGenerator.stamp(end),
            "service_statuses": .array(statuses.map { .object(["service_id": .int($0.0), "status": .string($0.1)]) }),
            "silent": .bool(false), "state": .string("published"), "created_at": SeedGenerator.stamp(created),
            "updated_at": SeedGenerator.stamp(created),
        ])
        return (value, statuses, index >= pastCount && index < pastCount + 2)
    }
}
