/// Timeline shaping for a target whose incidents live in their updates (StatusHub): the generic
/// mapper hands each incident here when ``ProviderCapabilities/updatesCarryTitleAndStatuses`` holds.
extension MappingRun {
    /// Makes a timeline a target whose updates carry the incident (StatusHub) accepts: it opens at the
    /// incident's start with a non-resolving update, resolves only at its end, and every update carries
    /// the incident's title and statuses.
    mutating func shapeTimeline(_ incident: inout Incident) {
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
}
