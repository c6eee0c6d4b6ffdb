/// The status each service should show now, derived from an account's events as both providers derive it.
///
/// Both providers make a service's status read-only and derive it: the worst of what open incidents
/// give it (where updates carry statuses, the latest update naming it) and what maintenances in
/// progress give it; operational otherwise. Drafts are not on the page and do not count.
package enum DerivedStatus {
    /// The derived status of every service that is not operational, by service id.
    package static func statuses(of state: AccountState, at now: Instant) -> [String: ComponentStatus] {
        var result: [String: ComponentStatus] = [:]
        func contribute(_ entries: [AffectedService]) {
            for entry in entries where entry.status > (result[entry.serviceID] ?? .operational) {
                result[entry.serviceID] = entry.status
            }
        }
        for incident in state.incidents
        where incident.visibility != .draft && incident.startTime <= now && (incident.endTime.map { now < $0 } ?? true)
        {
            let timed = incident.updates.filter { $0.serviceStatuses != nil && $0.time <= now }
            guard !timed.isEmpty else {
                contribute(incident.affected)
                continue
            }
            var latest: [String: ComponentStatus] = [:]
            for update in timed {
                for entry in update.serviceStatuses ?? [] { latest[entry.serviceID] = entry.status }
            }
            contribute(latest.map { AffectedService(serviceID: $0.key, status: $0.value) })
        }
        for maintenance in state.maintenances
        where maintenance.visibility != .draft && maintenance.startTime <= now && now < maintenance.endTime {
            contribute(maintenance.affected)
        }
        return result
    }
}
