import Foundation

extension PlanRenderer {
    /// The plan as versioned JSON with sorted keys: what `plan --out FILE` saves and `apply --plan FILE` reads.
    package static func json(_ plan: Plan) throws -> Data {
        try JSONCoding.makeEncoder().encode(plan)
    }

    /// Reads a saved plan, refusing a newer format.
    package static func decode(_ data: Data, path: String) throws(PlanError) -> Plan {
        struct Version: Decodable { var formatVersion: Int }
        let decoder = JSONCoding.makeDecoder()
        guard let version = try? decoder.decode(Version.self, from: data) else {
            throw .unreadable(path: path, reason: "not a statussync plan (no formatVersion)")
        }
        guard version.formatVersion <= Plan.currentVersion else {
            throw .unreadable(
                path: path, reason: "format version \(version.formatVersion) is newer than this statussync reads")
        }
        do {
            return try decoder.decode(Plan.self, from: data)
        } catch {
            throw .unreadable(path: path, reason: ConfigurationLoader.jsonReason(error))
        }
    }
}
