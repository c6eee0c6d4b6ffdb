import Foundation

extension Mapper {
    /// Below this many incidents per slice, the incidents are mapped in one pass.
    static let concurrentIncidents = 64

    /// Maps `source` as ``map(_:)`` does, with the same result and the same error, its incidents
    /// in four slices a core (so that a core another task left idle takes the next), mapped at the same time.
    ///
    /// Each incident is mapped on its own (it adds itself and its diagnostics, and reads nothing
    /// another one added), so the slices' incidents put end to end are the one pass's, and the
    /// diagnostics are sorted anyway. The first slice that fails, in the incidents' order, fails
    /// at the incident the one pass would have failed at.
    ///
    /// - Throws: what ``map(_:)`` throws.
    package func mapConcurrently(_ source: AccountState) async throws(MappingError) -> Result {
        let slices = min(
            4 * ProcessInfo.processInfo.activeProcessorCount, source.incidents.count / Self.concurrentIncidents)
        guard slices > 1 else { return try map(source) }
        try checkProvider(of: source)
        var run = MappingRun(mapper: self, source: source)
        run.mapGroups()
        run.mapServices()
        try run.mapPhases()
        let start = run
        let count = source.incidents.count
        let parts = await withTaskGroup(of: (Int, Swift.Result<MappingRun, MappingError>).self) { group in
            for slice in 0..<slices {
                group.addTask {
                    let range = (count * slice / slices)..<(count * (slice + 1) / slices)
                    var part = start
                    part.diagnostics = []
                    let mapped = Swift.Result { () throws(MappingError) -> MappingRun in
                        for incident in source.incidents[range] { try part.mapIncident(incident) }
                        return part
                    }
                    return (slice, mapped)
                }
            }
            var parts: [(Int, Swift.Result<MappingRun, MappingError>)] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for part in parts {
            let mapped = try part.get()
            run.desired.incidents += mapped.desired.incidents
            run.diagnostics += mapped.diagnostics
        }
        for maintenance in source.maintenances { try run.mapMaintenance(maintenance) }
        run.mapTemplates()
        return Result(desired: run.desired, diagnostics: Set(run.diagnostics).sorted())
    }
}
