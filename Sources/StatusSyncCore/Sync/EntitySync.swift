import Foundation

/// The incident or maintenance a webhook names: what a targeted sync reads, plans and applies.
package struct EntityTarget: Sendable, Hashable, CustomStringConvertible {
    /// ``EntityKind/incident`` or ``EntityKind/maintenance``.
    package var kind: EntityKind
    /// The source provider's id.
    package var id: String

    /// Creates a target.
    package init(kind: EntityKind, id: String) {
        self.kind = kind
        self.id = id
    }

    /// The entity's key in plans and links: `incident:ID` or `maintenance:ID`.
    package var key: String {
        kind == .maintenance ? EntityKey.maintenance(id) : EntityKey.incident(id)
    }

    /// The key, as logs show it.
    package var description: String { key }
}

/// Plans one incident or maintenance: the source's copy read live, the target's linked copy read live,
/// everything else from the stored snapshots and the pair's links.
///
/// The plan is the ordinary planner's over the stored snapshots with the two items put in, cut down to the
/// entity and its timeline, so a targeted sync writes exactly what a full cycle would write for it.
package struct EntitySync: Sendable {
    /// Why a targeted sync cannot be made and a full cycle must run instead.
    package enum Fallback: Error, Sendable, Hashable, CustomStringConvertible {
        /// A client cannot read one item.
        case unsupported
        /// An account has no stored snapshot to plan the rest against.
        case noSnapshot(account: String)
        /// An interrupted run left writes of unknown outcome to settle.
        case settling
        /// The entity needs a group, service or phase the target does not have yet.
        case needsDependencies

        /// Why, in a few words.
        package var description: String {
            switch self {
            case .unsupported: "a client cannot read one item"
            case .noSnapshot(let account): "'\(account)' has no snapshot yet"
            case .settling: "an interrupted run left writes to settle"
            case .needsDependencies: "it needs groups, services or phases the target lacks"
            }
        }
    }

    /// The pair's cycle: clients, mapping, store.
    package var sync: PairSync

    /// Creates a targeted sync over `sync`.
    package init(sync: PairSync) {
        self.sync = sync
    }

    /// Reads `target` in the source and, when linked, in the target, and plans it.
    ///
    /// - Parameters:
    ///   - target: The incident or maintenance to sync.
    ///   - state: The pair's links, recovered.
    ///   - options: The plan options; ``PlanOptions/settlingKeys`` must be empty.
    /// - Returns: The plan for the entity and its timeline alone, possibly empty.
    /// - Throws: ``Fallback`` when a full cycle must run instead, or what reads and planning throw.
    package func plan(_ target: EntityTarget, state: PairState, options: PlanOptions) async throws -> Plan {
        guard options.settlingKeys.isEmpty, state.inDoubt.isEmpty else { throw Fallback.settling }
        guard let sourceClient = sync.source.client as? any SingleItemReading,
            let targetClient = sync.target.client as? any SingleItemReading
        else { throw Fallback.unsupported }
        let store = sync.store
        guard let sourceStored = try? store.latestSnapshot(account: sync.source.name) else {
            throw Fallback.noSnapshot(account: sync.source.name)
        }
        guard let targetStored = try? store.latestSnapshot(account: sync.target.name) else {
            throw Fallback.noSnapshot(account: sync.target.name)
        }
        let link = state.links[target.key]
        async let sourceItem = sourceClient.item(target.kind, id: target.id)
        async let targetItem: JSONValue? =
            if let link { try targetClient.item(target.kind, id: link.targetID) } else { nil }
        let read = try await sourceItem
        if let read, !Self.servicesAreLinked(read, kind: target.kind, provider: sourceStored.provider, in: state) {
            throw Fallback.needsDependencies
        }
        var source = sourceStored
        source.data = Self.replacing(target.kind, id: target.id, in: source.data, with: read)
        var targetSnapshot = targetStored
        if let link {
            targetSnapshot.data = Self.replacing(
                target.kind, id: link.targetID, in: targetSnapshot.data, with: try await targetItem)
        }
        var plan = try sync.plan(
            source: source, target: targetSnapshot, state: state, options: options, isStrict: false)
        let own = plan.changes.filter { $0.key == target.key || $0.parentKey == target.key }
        let dependencies: Set<EntityKind> = [.group, .service, .phase]
        // A linked dependency resolves through its link, even when the stored target snapshot predates it.
        let needed = plan.changes.contains {
            dependencies.contains($0.kind) && $0.action != .delete && state.links[$0.key] == nil
        }
        if needed, !own.isEmpty { throw Fallback.needsDependencies }
        plan.changes = own
        return plan
    }

    /// Whether every service the item names is linked to a target service.
    static func servicesAreLinked(_ item: JSONValue, kind: EntityKind, provider: ProviderID, in state: PairState)
        -> Bool
    {
        guard let model = try? ProviderData.state(from: .object([kind.snapshotKey: .array([item])]), provider: provider)
        else { return false }
        let incidents = model.incidents.flatMap { $0.affected + $0.updates.flatMap { $0.serviceStatuses ?? [] } }
        let maintenances = model.maintenances.flatMap(\.affected)
        return (incidents + maintenances).allSatisfy { state.links[EntityKey.service($0.serviceID)] != nil }
    }

    /// `data` with the item of `kind` whose id is `id` replaced by `item`, added when absent, removed when `item` is `nil`.
    package static func replacing(_ kind: EntityKind, id: String, in data: JSONValue, with item: JSONValue?)
        -> JSONValue
    {
        guard var object = data.objectValue else { return data }
        var items = object[kind.snapshotKey]?.arrayValue ?? []
        let index = items.firstIndex { ProviderJSON.id(ProviderJSON.member($0, "id")) == id }
        switch (index, item) {
        case (let index?, let item?): items[index] = item
        case (let index?, nil): items.remove(at: index)
        case (nil, let item?): items.append(item)
        case (nil, nil): break
        }
        object[kind.snapshotKey] = .array(items)
        return .object(object)
    }
}
