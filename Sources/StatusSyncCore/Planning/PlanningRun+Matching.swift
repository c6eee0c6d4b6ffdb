import Foundation

// Matching source entities to target entities: by link, by adoption, or none.
extension PlanningRun {
    enum Match<Entity> {
        case linked(Entity)
        case adopted(Entity)
        case unmatched(warning: String?)
    }

    /// Target entities of one kind, indexed for matching.
    struct Candidates<Entity> {
        var byID: [String: Entity]
        var byNaturalKey: [String: [String]]
    }

    func candidates<Entity>(
        _ entities: [Entity], id: (Entity) -> String, naturalKey: (Entity) -> String
    ) -> Candidates<Entity> {
        var byID: [String: Entity] = [:]
        var byNaturalKey: [String: [String]] = [:]
        for entity in entities {
            byID[id(entity)] = entity
            byNaturalKey[naturalKey(entity), default: []].append(id(entity))
        }
        for key in byNaturalKey.keys {
            byNaturalKey[key]?.sort { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
        }
        return Candidates(byID: byID, byNaturalKey: byNaturalKey)
    }

    /// Finds the target entity for a desired one: by its link, else by natural key when adoptable.
    func match<Entity>(
        key: String, kind: EntityKind, naturalKey: String, in candidates: Candidates<Entity>, adoptable: Bool
    ) -> Match<Entity> {
        var warning: String?
        if let link = state.links[key], link.kind == kind {
            if let entity = candidates.byID[link.targetID] { return .linked(entity) }
            warning = "its linked target \(kind.rawValue) \(link.targetID) no longer exists; it is created again"
        }
        guard adoptable || state.settlesByNaturalKey || options.settlingKeys.contains(key) || state.inDoubt[key] != nil
        else {
            return .unmatched(warning: warning)
        }
        for id in candidates.byNaturalKey[naturalKey] ?? [] where keyByTarget[kind]?[id] == nil {
            guard let entity = candidates.byID[id] else { continue }
            keyByTarget[kind, default: [:]][id] = key
            return .adopted(entity)
        }
        return .unmatched(warning: warning)
    }

    func diff(_ desired: [(String, String)], _ current: [(String, String)]) -> [FieldChange] {
        let before = Dictionary(current, uniquingKeysWith: { first, _ in first })
        return desired.compactMap { name, value in
            before[name] == value ? nil : FieldChange(name: name, before: before[name], after: value)
        }
    }

    /// Records the change for a desired entity given its match; returns the target id when one exists.
    @discardableResult
    func record<Entity>(
        _ match: Match<Entity>, kind: EntityKind, key: String, parentKey: String? = nil, label: String,
        desiredFields: [(String, String)], currentFields: (Entity) -> [(String, String)], targetID: (Entity) -> String,
        payload: EntityPayload, warnings: [String] = [], updatable: Bool = true
    ) -> String? {
        switch match {
        case .linked(let entity):
            let fields = diff(desiredFields, currentFields(entity))
            if !fields.isEmpty, updatable {
                changes.append(
                    PlannedChange(
                        action: .update, kind: kind, key: key, parentKey: parentKey, targetID: targetID(entity),
                        label: label, fields: fields, payload: payload, warnings: warnings))
            }
            return targetID(entity)
        case .adopted(let entity):
            let fields = updatable ? diff(desiredFields, currentFields(entity)) : []
            changes.append(
                PlannedChange(
                    action: .adopt, kind: kind, key: key, parentKey: parentKey, targetID: targetID(entity),
                    label: label,
                    fields: fields, payload: payload, warnings: warnings, calls: fields.isEmpty ? 0 : 1))
            return targetID(entity)
        case .unmatched(let warning):
            changes.append(
                PlannedChange(
                    action: .create, kind: kind, key: key, parentKey: parentKey, label: label,
                    fields: desiredFields.map { FieldChange(name: $0.0, before: nil, after: $0.1) }, payload: payload,
                    warnings: warnings + (warning.map { [$0] } ?? [])))
            return nil
        }
    }
}
