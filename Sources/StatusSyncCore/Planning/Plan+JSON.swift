import Foundation

/// The saved plan's JSON: a public format, documented in `docs/PLAN-FORMAT.md`.
///
/// Version 2 writes each payload as `{"KIND": {...}}` with the kinds of ``EntityKind`` and service
/// statuses in the target provider's own codes; version 1 (Swift's `"_0"` wrappers and canonical
/// status names) is still read.
extension PlanRenderer {
    /// The plan as versioned JSON with sorted keys: what `plan --out FILE` saves and `apply --plan FILE` reads.
    package static func json(_ plan: Plan) throws -> Data {
        let encoder = JSONCoding.makeEncoder()
        encoder.userInfo[.statusVocabulary] = plan.target.provider
        return try encoder.encode(plan)
    }

    /// Reads a saved plan, refusing a newer format.
    ///
    /// - Throws: ``PlanError/notAPlan(path:reason:)`` for a file that is not JSON, not a statussync
    ///   plan, or a plan of a newer format.
    package static func decode(_ data: Data, path: String) throws(PlanError) -> Plan {
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw .notAPlan(path: path, reason: "not a JSON object")
        }
        struct Target: Decodable {
            struct Side: Decodable { var provider: ProviderID }
            var target: Side
        }
        let decoder = JSONCoding.makeDecoder()
        if let target = try? decoder.decode(Target.self, from: data) {
            decoder.userInfo[.statusVocabulary] = target.target.provider
        }
        return try VersionedFile(newest: Plan.currentVersion).decode(
            Plan.self, from: data, decoder: decoder,
            missing: PlanError.notAPlan(
                path: path, reason: "it has no formatVersion; save one with 'statussync plan PAIR --out FILE'"),
            unsupported: {
                .notAPlan(
                    path: path,
                    reason: "format version \($0) is newer than this statussync reads "
                        + "(\(Plan.currentVersion)); upgrade statussync")
            },
            corrupt: { .notAPlan(path: path, reason: JSONValidator.reason(for: $0)) })
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

extension CodingUserInfoKey {
    /// The provider whose codes a ``ComponentStatus`` is written in (and read from, besides the canonical names).
    static let statusVocabulary: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "statussync.statusVocabulary") else {
            preconditionFailure("a non-empty user info key is valid")
        }
        return key
    }()
}

extension ComponentStatus {
    /// Reads a provider's code when the decoder names a provider, else (and for older files) the canonical name.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let provider = decoder.userInfo[.statusVocabulary] as? ProviderID,
            let status = ComponentStatus(code: text, provider: provider)
        {
            self = status
        } else if let status = ComponentStatus(rawValue: text) {
            self = status
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown service status '\(text)'")
        }
    }

    /// Writes the provider's code when the encoder names a provider that has one, else the canonical name.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        let provider = encoder.userInfo[.statusVocabulary] as? ProviderID
        try container.encode(provider.flatMap { code(for: $0) } ?? rawValue)
    }
}

extension EntityPayload {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The entity's kind: the payload's one key in the JSON.
    package var kind: EntityKind {
        switch self {
        case .group: .group
        case .service: .service
        case .phase: .phase
        case .incident: .incident
        case .incidentUpdate: .incidentUpdate
        case .maintenance: .maintenance
        case .maintenanceUpdate: .maintenanceUpdate
        case .incidentTemplate: .incidentTemplate
        case .maintenanceTemplate: .maintenanceTemplate
        }
    }

    /// Reads `{"KIND": {...}}`; format 1's case names (`incidentUpdate`) and `{"_0": {...}}` wrappers are read too.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "a payload has exactly one kind"))
        }
        let legacy = ["incidentUpdate", "maintenanceUpdate", "incidentTemplate", "maintenanceTemplate"]
        let kindName =
            legacy.contains(key.stringValue)
            ? EntityKind.allCases.first { "\($0)" == key.stringValue }?.rawValue ?? key.stringValue : key.stringValue
        guard let kind = EntityKind(rawValue: kindName) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath + [key],
                    debugDescription: "unknown payload kind '\(key.stringValue)'"
                ))
        }
        let inner = try container.superDecoder(forKey: key)
        var body = inner
        let legacyWrapper = Key(stringValue: "_0")
        if let wrapped = try? inner.container(keyedBy: Key.self), wrapped.contains(legacyWrapper) {
            body = try wrapped.superDecoder(forKey: legacyWrapper)
        }
        switch kind {
        case .group: self = .group(try ServiceGroup(from: body))
        case .service: self = .service(try Service(from: body))
        case .phase: self = .phase(try IncidentPhase(from: body))
        case .incident: self = .incident(try Incident(from: body))
        case .incidentUpdate: self = .incidentUpdate(try IncidentUpdate(from: body))
        case .maintenance: self = .maintenance(try Maintenance(from: body))
        case .maintenanceUpdate: self = .maintenanceUpdate(try MaintenanceUpdate(from: body))
        case .incidentTemplate: self = .incidentTemplate(try IncidentTemplate(from: body))
        case .maintenanceTemplate: self = .maintenanceTemplate(try MaintenanceTemplate(from: body))
        }
    }

    /// Writes `{"KIND": {...}}`, the kind as ``EntityKind`` names it.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        let body = container.superEncoder(forKey: Key(stringValue: kind.rawValue))
        switch self {
        case .group(let value): try value.encode(to: body)
        case .service(let value): try value.encode(to: body)
        case .phase(let value): try value.encode(to: body)
        case .incident(let value): try value.encode(to: body)
        case .incidentUpdate(let value): try value.encode(to: body)
        case .maintenance(let value): try value.encode(to: body)
        case .maintenanceUpdate(let value): try value.encode(to: body)
        case .incidentTemplate(let value): try value.encode(to: body)
        case .maintenanceTemplate(let value): try value.encode(to: body)
        }
    }
}
