import Foundation

extension PlanRenderer {
    /// The plan as versioned JSON with sorted keys: what `plan --out FILE` saves and `apply --plan FILE` reads.
    package static func json(_ plan: Plan) throws -> Data {
        try JSONCoding.makeEncoder().encode(plan)
    }

    /// Reads a saved plan, refusing a newer format.
    ///
    /// - Throws: ``PlanError/notAPlan(path:reason:)`` for a file that is not JSON, not a statussync
    ///   plan, or a plan of a newer format.
    package static func decode(_ data: Data, path: String) throws(PlanError) -> Plan {
        struct Version: Decodable { var formatVersion: Int }
        let decoder = JSONCoding.makeDecoder()
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw .notAPlan(path: path, reason: "not a JSON object")
        }
        guard let version = try? decoder.decode(Version.self, from: data) else {
            throw .notAPlan(
                path: path, reason: "it has no formatVersion; save one with 'statussync plan PAIR --out FILE'")
        }
        guard version.formatVersion <= Plan.currentVersion else {
            throw .notAPlan(
                path: path,
                reason: "format version \(version.formatVersion) is newer than this statussync reads "
                    + "(\(Plan.currentVersion)); upgrade statussync")
        }
        do {
            return try decoder.decode(Plan.self, from: data)
        } catch {
            throw .notAPlan(path: path, reason: ConfigurationLoader.jsonReason(error))
        }
    }

    /// Reads and decodes the saved plan at `path` and, when `pair` is given, checks it was made for that pair.
    ///
    /// - Throws: ``PlanError`` naming the file: unreadable, not a plan, or made for another pair.
    package static func load(path: String, pair: String? = nil) throws(PlanError) -> Plan {
        let plan: Plan
        switch FileContents.read(path) {
        case .success(let data): plan = try decode(data, path: path)
        case .failure(let failure): throw .unreadable(path: path, reason: failure.reason)
        }
        if let pair, plan.pair != pair { throw .wrongPair(path: path, planned: plan.pair, requested: pair) }
        return plan
    }
}
