/// The rules that shape an event's timeline into one the target accepts, chosen by the target's
/// ``ProviderCapabilities/incidentTimeline`` and ``ProviderCapabilities/maintenanceTimeline``: the
/// generic mapper hands each mapped incident and maintenance here and asks nothing else.
///
/// - An incident bound for a target whose updates carry it (StatusHub) opens at its start with a
///   non-resolving update, resolves only at its end, and carries its title and statuses on every update.
/// - An incident bound for a target with descriptions may take its description from the opening update.
/// - A maintenance is folded into one body, given one notice update, or keeps its updates; one that
///   ends when it starts ends a second later where the target needs it to end after it starts.
extension MappingRun {
    /// Shapes a mapped incident's timeline as the target keeps incidents.
    mutating func shapeTimeline(_ incident: inout Incident) {
        switch can.incidentTimeline {
        case .openedAndResolvedByUpdates:
            openAndResolve(&incident)
        case .asListed:
            if !sourceCan.incidentsHaveDescription, can.incidentsHaveDescription,
                mapping.carry.incidentDescription == .openingUpdate
            {
                incident.description = incident.updates.first?.message ?? ""
            }
        }
    }

    /// Makes a timeline a target whose updates carry the incident (StatusHub) accepts: it opens at the
    /// incident's start with a non-resolving update, resolves only at its end, and every update carries
    /// the incident's title and statuses.
    private mutating func openAndResolve(_ incident: inout Incident) {
        let key = incident.id
        let resolved = mapping.resolvedPhase
        var updates = incident.updates
        for index in updates.indices where updates[index].phase == resolved {
            let isLast = index == updates.count - 1
            if !isLast || incident.endTime == nil {
                note(updates[index].id, "'\(resolved)' update before the incident ends carried as monitoring")
                updates[index].phase = "monitoring"
            }
        }
        let description = normalizedText(incident.description)
        let dropsDescription = mapping.carry.incidentDescription == .drop && !description.isEmpty
        if dropsDescription {
            note(key, "incident description not carried (carry.incidentDescription is drop)")
        }
        if let first = updates.first, first.time == incident.startTime, first.phase != resolved {
            let message = normalizedText(first.message)
            if !dropsDescription, !message.contains(description) {
                updates[0].message = message.isEmpty ? description : description + "\n\n" + message
            }
        } else {
            let message = description.isEmpty || dropsDescription ? incident.title : description
            updates.insert(
                IncidentUpdate(
                    id: EntityKey.incidentUpdate(incident: key, "opening"), time: incident.startTime,
                    phase: mapping.defaultPhase, message: message, visibility: incident.visibility),
                at: 0)
        }
        if let end = incident.endTime, updates.last?.phase != resolved {
            let time = max(end, updates.last?.time ?? end)
            let resolvedKey = EntityKey.incidentUpdate(incident: key, "resolved")
            if isHeldBack(time) {
                note(key, "resolving update is dated in the future (\(time)); it is carried once that time has passed")
            } else {
                updates.append(
                    IncidentUpdate(
                        id: resolvedKey, time: time, phase: resolved, message: mapping.carry.resolvedMessage,
                        visibility: incident.visibility))
            }
        }
        if updates.count >= 2, let last = updates.last, last.phase == resolved, last.time <= updates[0].time {
            // The target orders by time and refuses a resolving update that is not after the opening one.
            let opening = updates[0].time
            let time =
                incident.endTime.map { $0 > opening ? $0 : opening.adding(seconds: 1) } ?? opening.adding(seconds: 1)
            note(
                last.id,
                "resolving update dated \(time) instead of \(last.time): \(can.displayName) needs it after the opening update"
            )
            updates[updates.count - 1].time = time
        }
        for index in updates.indices {
            updates[index].title = incident.title
            updates[index].serviceStatuses =
                updates[index].phase == resolved ? nil : (updates[index].serviceStatuses ?? incident.affected)
        }
        incident.updates = updates
        incident.description = ""
    }

    /// Shapes a mapped maintenance (`mapped`, from the source's `maintenance`) as the target keeps
    /// maintenances: its end, its timeline and its lifecycle flags.
    mutating func shapeTimeline(_ mapped: inout Maintenance, from maintenance: Maintenance) throws(MappingError) {
        let key = mapped.id
        let visibility = mapped.visibility
        // Started and completed within one second (times are carried to the second), it ends when it starts.
        if can.maintenanceEndsAfterStart, mapped.endTime <= mapped.startTime {
            mapped.endTime = mapped.startTime.adding(seconds: 1)
            note(
                key,
                "ends when it starts: carried as ending one second after it starts: \(can.displayName) maintenances end after they start"
            )
        }
        let updates = maintenance.updates.filter { mapping.carry.privateEvents == .private || $0.visibility.isPublic }
        switch (sourceCan.maintenanceTimeline, can.maintenanceTimeline) {
        case (_, .singleBody):
            if !updates.isEmpty {
                let timeline = updates.map { "\($0.time) \($0.phase.isEmpty ? "" : "(\($0.phase)) ")\($0.message)" }
                mapped.body = ([maintenance.body].filter { !$0.isEmpty } + timeline).joined(separator: "\n\n")
                note(
                    key,
                    "\(updates.count) maintenance update(s) folded into its body: \(can.displayName) maintenances have one message"
                )
            }
        case (.singleBody, .updates):
            // Dated when the maintenance was announced (never after it starts): a fact of the source, not of the clock.
            let time = min(maintenance.startTime, maintenance.createdAt ?? maintenance.startTime)
            mapped.updates = [
                MaintenanceUpdate(
                    id: EntityKey.maintenanceUpdate(maintenance: key, "notice"), time: time,
                    phase: mapping.defaultMaintenancePhase, message: maintenance.body, visibility: visibility)
            ]
        case (.updates, .updates):
            mapped.updates = try updates.map { update throws(MappingError) in
                let updateKey = EntityKey.maintenanceUpdate(maintenance: key, "update:\(update.id)")
                return MaintenanceUpdate(
                    id: updateKey, time: update.time, phase: try maintenancePhase(update.phase),
                    message: update.message, visibility: visibility == .published ? update.visibility : visibility)
            }
        }
        if !can.maintenanceHasLifecycleFlags {
            mapped.startsAutomatically = true
            mapped.endsAutomatically = true
        }
    }

    private func maintenancePhase(_ name: String) throws(MappingError) -> String {
        if name.isEmpty { return mapping.defaultMaintenancePhase }
        if let mapped = mapping.maintenancePhases[name] { return mapped }
        if mapping.keepsUnmappedMaintenancePhases { return name }
        throw .unmappedValue(path: mapper.mappingPath, key: "maintenancePhases.map", value: name)
    }
}
