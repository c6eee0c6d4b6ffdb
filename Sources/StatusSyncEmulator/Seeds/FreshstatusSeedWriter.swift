import Foundation

/// Writes a generated Freshstatus seed (see ``SeedGenerator``).
struct FreshstatusSeedWriter {
    let incidents: Int
    let seed: UInt64

    private static let statuses = ["OP", "PD", "PO", "MO", "UM"]
    private static let phases = ["Investigating", "Identified", "Monitoring", "Resolved"]
    private var maintenanceCount: Int { max(6, incidents / 25) }

    func write() -> Data {
        var writer = StreamingObjectWriter()
        writer.beginArray("groups")
        for index in 0..<SeedGenerator.groupCount {
            writer.element(
                .object([
                    "id": .int(index + 1), "name": .string(SeedGenerator.groupNames[index]),
                    "description": .string(index < 4 ? "Top-level group" : "Sub-group"), "order": .int(index % 4 + 1),
                    "parent": index < 4 ? .null : .int(index - 3),
                    "display_options": .object([
                        "expand_on_load": .string(index.isMultiple(of: 2) ? "true" : "false"),
                        "uptime_history_enabled": .string("true"),
                    ]),
                ]))
        }
        writer.endArray()
        writer.beginArray("incident_statuses")
        for (index, value) in Self.phases.enumerated() {
            writer.element(.object(["id": .int(index + 1), "value": .string(value), "order": .int(index + 1)]))
        }
        writer.endArray()
        var derived: [Int: String] = [:]
        var noteID = 1
        writer.beginArray("incidents")
        for index in 0..<incidents {
            let (value, affected) = incident(index, firstNoteID: &noteID)
            if SeedGenerator.isOpen(index, of: incidents) {
                for (service, status) in affected { worsen(&derived, service, status) }
            }
            writer.element(value)
        }
        writer.endArray()
        writer.beginArray("maintenances")
        for index in 0..<maintenanceCount {
            let (value, services, inProgress) = maintenance(index, firstNoteID: &noteID)
            if inProgress { for service in services { worsen(&derived, service, "UM") } }
            writer.element(value)
        }
        writer.endArray()
        writer.beginArray("services")
        for index in 0..<SeedGenerator.serviceCount {
            let groupIndex = index < SeedGenerator.serviceCount - 2 ? index % SeedGenerator.groupCount : nil
            let group: JSONValue =
                groupIndex.map { groupIndex in
                    .object([
                        "id": .int(groupIndex + 1), "name": .string(SeedGenerator.groupNames[groupIndex]),
                        "order": .int(groupIndex % 4 + 1), "parent": groupIndex < 4 ? .null : .int(groupIndex - 3),
                    ])
                } ?? .null
            writer.element(
                .object([
                    "id": .int(index + 1), "name": .string(SeedGenerator.serviceNames[index]),
                    "description": .string("The \(SeedGenerator.serviceNames[index]) service"),
                    "order": .int(index + 1),
                    "status": .string(derived[index + 1] ?? "OP"), "group": group,
                    "display_options": .object([
                        "service_start_date": .string("2019-01-01"),
                        "uptime_history_enabled": .string(index.isMultiple(of: 3) ? "false" : "true"),
                    ]),
                ]))
        }
        writer.endArray()
        writer.member("subdomain", .string("acme"))
        return writer.finish()
    }

    private func worsen(_ derived: inout [Int: String], _ service: Int, _ status: String) {
        let order = ["OP", "UM", "PD", "PO", "MO"]
        if (order.firstIndex(of: status) ?? 0) > (order.firstIndex(of: derived[service] ?? "OP") ?? 0) {
            derived[service] = status
        }
    }

    private func notificationOptions() -> JSONValue {
        .object(["send_email": .string("false"), "send_tweet": .string("false")])
    }

    private func incident(_ index: Int, firstNoteID: inout Int) -> (JSONValue, [(Int, String)]) {
        var random = SeedGenerator.stream(seed, 1, index)
        let start = SeedGenerator.incidentStart(index, of: incidents, &random)
        let duration = Double(SeedGenerator.int(1...72, &random) * 10 * 60)
        let isOpen = SeedGenerator.isOpen(index, of: incidents)
        var services: [Int] = []
        for _ in 0..<SeedGenerator.int(1...3, &random) {
            let service = SeedGenerator.int(1...SeedGenerator.serviceCount, &random)
            if !services.contains(service) { services.append(service) }
        }
        let affected = services.enumerated().map { position, service in
            (service, position == 0 ? Self.statuses[index % 5] : SeedGenerator.pick(Self.statuses, &random))
        }
        let count = SeedGenerator.int(1...6, &random)
        var notes: [JSONValue] = []
        for step in 0..<count {
            let isLast = step == count - 1
            let time = start + (isOpen ? duration / 2 : duration) * Double(step) / Double(max(count - 1, 1))
            let phase = isLast && !isOpen ? "Resolved" : Self.phases[min(step, 2)]
            let micros = step.isMultiple(of: 4) ? Double(SeedGenerator.int(1...999_999, &random)) / 1_000_000 : 0
            notes.append(
                .object([
                    "id": .int(firstNoteID), "incident": .int(index + 1),
                    "message": .string(
                        isLast && !isOpen
                            ? SeedGenerator.messages[9] : SeedGenerator.pick(SeedGenerator.messages, &random)),
                    "time": .string(Timestamp.format(time + micros, keepsMicroseconds: true)),
                    "is_private": .bool(step == 1 && index.isMultiple(of: 7)), "incident_status": .string(phase),
                    "notification_options": notificationOptions(),
                ]))
            firstNoteID += 1
        }
        let value = JSONValue.object([
            "id": .int(index + 1), "title": .string(SeedGenerator.pick(SeedGenerator.incidentTitles, &random)),
            "description": .string(SeedGenerator.pick(SeedGenerator.messages, &random)),
            "start_time": SeedGenerator.stamp(start),
            "end_time": isOpen ? .null : SeedGenerator.stamp(start + duration),
            "is_private": .bool(index % 10 == 3), "source": .null,
            "affected_components": .array(
                affected.map { .object(["component": .string(String($0.0)), "new_status": .string($0.1)]) }),
            "notification_options": notificationOptions(), "incident_updates": .array(notes),
        ])
        return (value, affected)
    }

    /// Maintenance `index`: the last five are two in progress (until 2099) and three in the future.
    private func maintenance(_ index: Int, firstNoteID: inout Int) -> (JSONValue, [Int], Bool) {
        var random = SeedGenerator.stream(seed, 2, index)
        let pastCount = maintenanceCount - 5
        let start: Double
        let end: Double
        let kind: Int  // 0 past, 1 in progress, 2 future
        if index < pastCount {
            start =
                SeedGenerator.historyStart + (SeedGenerator.historyEnd - SeedGenerator.historyStart) * Double(index)
                / Double(pastCount) + 7200
            end = start + Double(SeedGenerator.int(1...4, &random) * 3600)
            kind = 0
        } else if index < pastCount + 2 {
            start = SeedGenerator.historyEnd + Double(index - pastCount + 2) * 86_400
            end = SeedGenerator.farFuture + Double(index - pastCount) * 86_400
            kind = 1
        } else {
            start = SeedGenerator.farFuture + Double(index - pastCount) * 86_400
            end = start + 7200
            kind = 2
        }
        let services = [SeedGenerator.int(1...SeedGenerator.serviceCount, &random)]
        var notes: [JSONValue] = []
        let phases = kind == 0 ? ["In Progress", "Completed"] : kind == 1 ? ["In Progress"] : []
        for (step, phase) in phases.enumerated() {
            notes.append(
                .object([
                    "id": .int(firstNoteID), "maintenance": .int(incidents + index + 1),
                    "message": .string(step == 0 ? "Maintenance has started. 🔧" : "Maintenance terminée."),
                    "time": SeedGenerator.stamp(step == 0 ? start : end), "is_private": .bool(false),
                    "maintenance_status": .string(phase), "notification_options": notificationOptions(),
                ]))
            firstNoteID += 1
        }
        let value = JSONValue.object([
            "id": .int(incidents + index + 1),
            "title": .string(["Database upgrade", "Mise à jour réseau", "定期メンテナンス", "Kernel patching 🐧"][index % 4]),
            "description": .string("Planned work; short interruptions are possible."),
            "start_time": SeedGenerator.stamp(start), "end_time": SeedGenerator.stamp(end),
            "is_auto_start": .bool(true), "is_auto_end": .bool(index.isMultiple(of: 2)), "source": .null,
            "is_private": .bool(index % 9 == 4),
            "affected_components": .array(
                services.map { .object(["component": .string(String($0)), "new_status": .string("UM")]) }),
            "notification_options": .object([
                "send_notification": .string("false"), "send_tweet": .string("false"),
                "email_on_start": .string("true"), "email_on_complete": .string("true"),
                "email_before_day_hour": .string("false"), "email_before_one_hour": .string("true"),
            ]),
            "maintenance_updates": .array(notes),
        ])
        return (value, services, kind == 1)
    }
}
