/// The fields of each entity as the planner compares them: normalised, in the target's terms.
///
/// The planner diffs a desired entity against the target's with these, and `verify` compares the
/// target with the mapped source on the very same values, so what the planner treats as "in sync"
/// and what verification treats as "faithful" cannot drift apart. References on the target side are
/// translated to keys through `reference`; the desired side already holds keys.
package struct ComparedFields {
    /// The provider whose vocabulary the values are in.
    package var target: ProviderID
    /// A target id as compared: the key of the linked entity, or `#id` for an unlinked one.
    package var reference: (EntityKind, String?) -> String

    /// Creates the field set for `target`, translating target ids through `reference`.
    package init(target: ProviderID, reference: @escaping (EntityKind, String?) -> String) {
        self.target = target
        self.reference = reference
    }

    /// Services and their statuses as one sorted line, `service:1=majorOutage, ...`.
    package func statuses(_ affected: [AffectedService], translating: Bool) -> String {
        affected.map {
            "\(translating ? reference(.service, $0.serviceID) : $0.serviceID)="
                + ($0.status.code(for: target) ?? $0.status.rawValue)
        }
        .sorted().joined(separator: ", ")
    }

    /// A group's compared fields.
    package func group(_ group: ServiceGroup, translating: Bool) -> [(String, String)] {
        var fields = [("name", group.name), ("position", String(group.position))]
        let can = target.capabilities
        if can.groupsHaveDescriptions { fields.append(("description", normalizedText(group.description))) }
        if can.groupsNest {
            fields.append(("parent", translating ? reference(.group, group.parentID) : group.parentID ?? ""))
        }
        return fields
    }

    /// A service's compared fields (its status is derived by the provider, so not among them).
    package func service(_ service: Service, translating: Bool) -> [(String, String)] {
        [
            ("name", service.name), ("description", normalizedText(service.description)),
            ("position", String(service.position)),
            ("group", translating ? reference(.group, service.groupID) : service.groupID ?? ""),
        ]
    }

    /// An incident's own fields; none for an append-only target (StatusHub), whose incidents have no PUT
    /// and live in their updates.
    package func incident(_ incident: Incident, translating: Bool) -> [(String, String)] {
        guard target.capabilities.incidentsAreMutable else { return [] }
        return [
            ("title", incident.title), ("description", normalizedText(incident.description)),
            ("start", incident.startTime.iso8601), ("end", incident.endTime?.iso8601 ?? ""),
            ("visibility", incident.visibility.rawValue),
            ("affected", statuses(incident.affected, translating: translating)),
        ]
    }

    /// An incident update's fields; the title only where the update carries the incident's title.
    package func update(_ update: IncidentUpdate, includesTitle: Bool) -> [(String, String)] {
        var fields = [
            ("time", update.time.iso8601), ("phase", update.phase), ("message", normalizedText(update.message)),
            ("visibility", update.visibility.rawValue),
        ]
        if includesTitle { fields.append(("title", update.title ?? "")) }
        return fields
    }

    /// A maintenance's fields.
    package func maintenance(_ maintenance: Maintenance, translating: Bool) -> [(String, String)] {
        var fields = [
            ("title", maintenance.title), ("body", normalizedText(maintenance.body)),
            ("start", maintenance.startTime.iso8601), ("end", maintenance.endTime.iso8601),
            ("visibility", maintenance.visibility.rawValue),
            ("affected", statuses(maintenance.affected, translating: translating)),
        ]
        if target.capabilities.maintenanceHasLifecycleFlags {
            fields.append(("starts automatically", String(maintenance.startsAutomatically)))
            fields.append(("ends automatically", String(maintenance.endsAutomatically)))
        }
        return fields
    }

    /// A maintenance update's fields.
    package func maintenanceUpdate(_ update: MaintenanceUpdate) -> [(String, String)] {
        [
            ("time", update.time.iso8601), ("phase", update.phase), ("message", normalizedText(update.message)),
            ("visibility", update.visibility.rawValue),
        ]
    }

    /// An incident template's fields.
    package func incidentTemplate(_ template: IncidentTemplate, translating: Bool) -> [(String, String)] {
        [
            ("title", template.title), ("body", normalizedText(template.body)), ("type", template.phase ?? ""),
            ("services", statuses(template.serviceStatuses, translating: translating)),
        ]
    }

    /// A maintenance template's fields.
    package func maintenanceTemplate(_ template: MaintenanceTemplate, translating: Bool) -> [(String, String)] {
        [
            ("title", template.title), ("body", normalizedText(template.body)),
            ("duration", template.durationMinutes.map(String.init) ?? ""),
            ("services", statuses(template.serviceStatuses, translating: translating)),
        ]
    }
}
