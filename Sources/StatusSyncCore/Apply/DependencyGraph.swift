import Synchronization

/// The order constraints between a plan's changes, and a concurrent runner that honours them.
///
/// - Groups wait for their parent group, services for their group.
/// - Everything else waits for every group, service and phase change (the structure comes first).
/// - A timeline entry waits for its incident or maintenance and for the entry before it, so one
///   incident's updates are written oldest first; different incidents run side by side.
/// - Deletes run last, one after another, in plan order (timeline entries before their owners,
///   services before groups).
package final class DependencyGraph: Sendable {
    /// The changes, in plan order.
    package let changes: [PlannedChange]
    /// For each change, the indices of the changes it waits for.
    package let dependencies: [[Int]]
    private let skippedKeys = Mutex<[String]>([])

    /// Builds the graph of `changes`.
    package init(_ changes: [PlannedChange]) {
        self.changes = changes
        var index: [String: Int] = [:]
        for (position, change) in changes.enumerated() where change.action != .delete { index[change.key] = position }
        let structural: Set<EntityKind> = [.group, .service, .phase]
        let structure = changes.indices.filter {
            structural.contains(changes[$0].kind) && changes[$0].action != .delete
        }
        let nonDeletes = changes.indices.filter { changes[$0].action != .delete }
        var lastInTimeline: [String: Int] = [:]
        var lastDelete: Int?
        var dependencies: [[Int]] = []
        for (position, change) in changes.enumerated() {
            var waits: [Int] = []
            if change.action == .delete {
                waits = lastDelete.map { [$0] } ?? nonDeletes
                lastDelete = position
            } else if structural.contains(change.kind) {
                let reference: String? =
                    switch change.payload {
                    case .group(let group)?: group.parentID
                    case .service(let service)?: service.groupID
                    default: nil
                    }
                if let reference, let parent = index[reference] { waits.append(parent) }
            } else {
                waits = structure
                if let parentKey = change.parentKey {
                    if let parent = index[parentKey] { waits.append(parent) }
                    if let previous = lastInTimeline[parentKey] { waits.append(previous) }
                    lastInTimeline[parentKey] = position
                }
            }
            dependencies.append(waits.filter { $0 < position })
        }
        self.dependencies = dependencies
    }

    /// The keys of changes not run because something they wait for failed.
    package var skipped: [String] { skippedKeys.withLock { $0 } }

    /// Runs every change whose dependencies succeeded, at most `concurrency` at once, in plan order where free.
    ///
    /// - Parameters:
    ///   - concurrency: the most changes in flight at once.
    ///   - body: runs one change; returns whether it succeeded. A thrown error stops the whole run.
    ///   - onFinish: called with the number of changes finished (run, failed or skipped) after each one.
    /// - Throws: the first error `body` throws; changes in flight are cancelled.
    package func run(
        concurrency: Int, body: @escaping @Sendable (PlannedChange) async throws -> Bool,
        onFinish: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        var waiting = dependencies.map(\.count)
        var dependents = [[Int]](repeating: [], count: changes.count)
        for (position, waits) in dependencies.enumerated() { for wait in waits { dependents[wait].append(position) } }
        var ready = waiting.indices.filter { waiting[$0] == 0 }
        var head = 0
        var blocked = [Bool](repeating: false, count: changes.count)
        var finished = 0
        let changes = self.changes
        try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            var inFlight = 0
            func launch() {
                while inFlight < max(1, concurrency), head < ready.count {
                    let next = ready[head]
                    head += 1
                    inFlight += 1
                    group.addTask { (next, try await body(changes[next])) }
                }
            }
            launch()
            while let (position, succeeded) = try await group.next() {
                inFlight -= 1
                finished += 1
                if succeeded {
                    for dependent in dependents[position] where !blocked[dependent] {
                        waiting[dependent] -= 1
                        if waiting[dependent] == 0 { ready.append(dependent) }
                    }
                } else {
                    var stack = dependents[position]
                    while let dependent = stack.popLast() {
                        guard !blocked[dependent] else { continue }
                        blocked[dependent] = true
                        finished += 1
                        skippedKeys.withLock { $0.append(changes[dependent].key) }
                        stack += dependents[dependent]
                    }
                }
                onFinish(finished)
                launch()
            }
        }
    }
}
