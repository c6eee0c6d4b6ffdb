import Foundation
import StatusSyncCore

/// The names people know entities by (a service's name, an incident's title), by kind and id,
/// read from one account's state; timeline entries go by their incident's or maintenance's title.
struct EntityNames {
    private var names: [EntityKind: [String: String]] = [:]

    /// No names: what an account without a stored snapshot has.
    init() {}

    /// The names in `state`.
    init(_ state: AccountState) {
        names[.group] = Self.index(state.groups.map { ($0.id, $0.name) })
        names[.service] = Self.index(state.services.map { ($0.id, $0.name) })
        names[.phase] = Self.index(state.phases.compactMap { phase in phase.id.map { ($0, phase.name) } })
        names[.incident] = Self.index(state.incidents.map { ($0.id, $0.title) })
        names[.incidentUpdate] = Self.index(
            state.incidents.flatMap { incident in incident.updates.map { ($0.id, incident.title) } })
        names[.maintenance] = Self.index(state.maintenances.map { ($0.id, $0.title) })
        names[.maintenanceUpdate] = Self.index(
            state.maintenances.flatMap { maintenance in maintenance.updates.map { ($0.id, maintenance.title) } })
        names[.incidentTemplate] = Self.index(state.incidentTemplates.map { ($0.id, $0.title) })
        names[.maintenanceTemplate] = Self.index(state.maintenanceTemplates.map { ($0.id, $0.title) })
    }

    /// The name of the entity of `kind` whose id is `id`, if known.
    func name(of kind: EntityKind, id: String) -> String? { names[kind]?[id] }

    /// The name of the source entity a link key (``EntityKey``) stands for: `service:10` is service 10;
    /// `incident:7/update:3` goes by incident 7's title; `phase:Identified` is its own name.
    func name(ofKey key: String) -> String? {
        let owner = key.split(separator: "/", maxSplits: 1).first.map(String.init) ?? key
        guard let colon = owner.firstIndex(of: ":"), let kind = EntityKind(rawValue: String(owner[..<colon])) else {
            return nil
        }
        let id = String(owner[owner.index(after: colon)...])
        return kind == .phase ? id : name(of: kind, id: id)
    }

    private static func index(_ pairs: [(String, String)]) -> [String: String] {
        Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }
}

extension String {
    /// Whether this key sorts before `other` with runs of digits compared as numbers (`incident:9` before `incident:10`).
    func sortsNumerically(before other: String) -> Bool {
        compare(other, options: [.numeric]) == .orderedAscending
    }
}
