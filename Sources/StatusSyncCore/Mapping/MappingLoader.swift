import Foundation

/// Reads and validates mapping files, reporting every problem at once with its JSON path.
package enum MappingLoader {
    /// Reads and validates the mapping file at `path`.
    package static func load(path: String) throws(MappingError) -> MappingFile {
        try loadWithDigest(path: path).file
    }

    /// Reads and validates the mapping file at `path`, with the digest of the very bytes it read
    /// (`sha256:` and the hex hash), so that what a plan records is what was mapped.
    ///
    /// - Throws: ``MappingError`` as ``load(path:)`` does.
    package static func loadWithDigest(path: String) throws(MappingError) -> (file: MappingFile, digest: String) {
        let data: Data
        switch FileContents.read(path) {
        case .success(let contents): data = contents
        case .failure(let failure): throw .unreadable(path: path, reason: failure.reason)
        }
        return (try parse(data, path: path), "sha256:" + SHA256.hex(of: data))
    }

    /// Validates mapping JSON; `path` names the file in errors.
    package static func parse(_ data: Data, path: String) throws(MappingError) -> MappingFile {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformed(path: path, reason: JSONValidator.reason(for: error))
        }
        let validator = JSONValidator()
        guard let object = validator.object(root, at: "") else {
            throw .invalid(path: path, problems: validator.problems)
        }
        try VersionedFile(newest: MappingFile.currentVersion, oldest: MappingFile.currentVersion).check(object) {
            found in
            MappingError.unsupportedVersion(path: path, found: found, newestSupported: MappingFile.currentVersion)
        }
        validator.rejectUnknownKeys(
            of: object,
            allowed: [
                "version", "source", "target", "componentStatus", "incidentPhases", "maintenancePhases", "matching",
                "carry", "lossy", "description",
            ], at: "")
        _ = validator.integer("version", of: object, at: "", required: true)
        _ = validator.string("description", of: object, at: "", required: false)
        let source = provider("source", in: object, validator: validator)
        let target = provider("target", in: object, validator: validator)

        let statuses = componentStatus(in: object, source: source, target: target, validator: validator)
        let phases = incidentPhases(in: object, source: source, target: target, validator: validator)
        let maintenance = maintenancePhases(in: object, target: target, validator: validator)
        let matching = self.matching(in: object, validator: validator)
        var carry = self.carry(in: object, validator: validator)
        if let source, let target {
            carry.incidentDescription = incidentDescription(
                in: object, source: source, target: target, validator: validator)
        }
        var lossy = MappingFile.LossyPolicy.warn
        if let text = validator.string("lossy", of: object, at: "", required: false) {
            if let policy = MappingFile.LossyPolicy(rawValue: text) {
                lossy = policy
            } else {
                validator.report("lossy", "unknown value '\(text)' (allowed: warn, fail)")
            }
        }
        guard validator.problems.isEmpty, let source, let target, let phases else {
            throw .invalid(path: path, problems: validator.problems)
        }
        return MappingFile(
            source: source, target: target, componentStatus: statuses, incidentPhases: phases.map,
            defaultPhase: phases.defaultPhase, resolvedPhase: phases.resolved,
            keepsUnmappedPhases: phases.keepsUnmapped,
            maintenancePhases: maintenance.map, keepsUnmappedMaintenancePhases: maintenance.keepsUnmapped,
            defaultMaintenancePhase: maintenance.defaultPhase, matching: matching, carry: carry, lossy: lossy)
    }

    private static func provider(_ key: String, in object: [String: JSONValue], validator: JSONValidator) -> ProviderID?
    {
        guard let name = validator.string(key, of: object, at: "", required: true) else { return nil }
        guard let provider = ProviderID(rawValue: name) else {
            validator.report(key, "unknown provider '\(name)' (known: freshstatus, statushub)")
            return nil
        }
        return provider
    }

    /// Reads an object of strings to strings at `path`.
    private static func stringMap(_ value: JSONValue?, at path: String, validator: JSONValidator) -> [String: String] {
        guard let value, let object = validator.object(value, at: path) else { return [:] }
        var map: [String: String] = [:]
        for key in object.keys.sorted() {
            if let string = validator.string(key, of: object, at: path, required: true) { map[key] = string }
        }
        return map
    }

    private static func componentStatus(
        in object: [String: JSONValue], source: ProviderID?, target: ProviderID?, validator: JSONValidator
    ) -> [String: String] {
        let value = validator.member("componentStatus", of: object, at: "", required: true)
        let map = stringMap(value, at: "componentStatus", validator: validator)
        guard value != nil, let source, let target else { return map }
        let sourceCodes = ComponentStatus.vocabulary(of: source)
        let targetCodes = ComponentStatus.vocabulary(of: target)
        for code in sourceCodes where map[code] == nil {
            validator.report("componentStatus", "does not map the \(source.displayName) status '\(code)'")
        }
        for (code, mapped) in map.sorted(by: { $0.key < $1.key }) {
            let path = JSONValidator.path("componentStatus", code)
            if !sourceCodes.contains(code) {
                validator.report(
                    path,
                    "'\(code)' is not a \(source.displayName) status (known: \(sourceCodes.joined(separator: ", ")))")
            }
            if !targetCodes.contains(mapped) {
                validator.report(
                    path,
                    "'\(mapped)' is not a \(target.displayName) status (known: \(targetCodes.joined(separator: ", ")))")
            }
        }
        return map
    }

    private static func incidentPhases(
        in object: [String: JSONValue], source: ProviderID?, target: ProviderID?, validator: JSONValidator
    ) -> (map: [String: String], defaultPhase: String, resolved: String, keepsUnmapped: Bool)? {
        guard let value = validator.member("incidentPhases", of: object, at: "", required: true),
            let phases = validator.object(value, at: "incidentPhases")
        else { return nil }
        validator.rejectUnknownKeys(
            of: phases, allowed: ["map", "default", "resolved", "unmapped"], at: "incidentPhases")
        let keepsUnmapped = unmappedRule(in: phases, at: "incidentPhases", validator: validator)
        if keepsUnmapped, let target, target.capabilities.fixedPhases != nil {
            let ownPhases = ProviderID.allCases.filter { $0.capabilities.fixedPhases == nil }.map(\.displayName)
            validator.report(
                "incidentPhases.unmapped",
                "'keep' needs a \(ownPhases.joined(separator: " or ")) target; \(target.displayName)'s types are fixed")
        }
        let map = stringMap(
            validator.member("map", of: phases, at: "incidentPhases", required: true), at: "incidentPhases.map",
            validator: validator)
        let defaultPhase = validator.string("default", of: phases, at: "incidentPhases", required: true)
        let resolved = validator.string("resolved", of: phases, at: "incidentPhases", required: true)
        if let source, let types = source.capabilities.fixedPhases?.map(\.name) {
            let name = source.displayName
            for type in types where map[type] == nil {
                validator.report("incidentPhases.map", "does not map the \(name) incident type '\(type)'")
            }
            for key in map.keys.sorted() where !types.contains(key) {
                validator.report(
                    JSONValidator.path("incidentPhases.map", key), "'\(key)' is not a \(name) incident type")
            }
        }
        if let target, let types = target.capabilities.fixedPhases?.map(\.name), let closing = types.last {
            let name = target.displayName
            let known = types.joined(separator: ", ")
            for (key, phase) in map.sorted(by: { $0.key < $1.key }) where !types.contains(phase) {
                validator.report(
                    JSONValidator.path("incidentPhases.map", key),
                    "'\(phase)' is not a \(name) incident type (known: \(known))")
            }
            let opening = types.dropLast()
            if let defaultPhase, !opening.contains(defaultPhase) {
                let choices = opening.dropLast().joined(separator: ", ") + " or " + (opening.last ?? "")
                validator.report(
                    "incidentPhases.default", "'\(defaultPhase)' cannot open a \(name) incident (use \(choices))")
            }
            if let resolved, resolved != closing {
                validator.report("incidentPhases.resolved", "must be '\(closing)' for \(name)")
            }
        }
        guard let defaultPhase, let resolved else { return nil }
        return (map, defaultPhase, resolved, keepsUnmapped)
    }

    private static func maintenancePhases(
        in object: [String: JSONValue], target: ProviderID?, validator: JSONValidator
    ) -> (map: [String: String], defaultPhase: String, keepsUnmapped: Bool) {
        guard let value = validator.member("maintenancePhases", of: object, at: "", required: false),
            let phases = validator.object(value, at: "maintenancePhases")
        else { return ([:], "Scheduled", true) }
        validator.rejectUnknownKeys(of: phases, allowed: ["map", "default", "unmapped"], at: "maintenancePhases")
        let keepsUnmapped = unmappedRule(in: phases, at: "maintenancePhases", validator: validator)
        let map = stringMap(
            validator.member("map", of: phases, at: "maintenancePhases", required: false), at: "maintenancePhases.map",
            validator: validator)
        let defaultPhase =
            validator.string("default", of: phases, at: "maintenancePhases", required: true) ?? "Scheduled"
        return (map, defaultPhase, keepsUnmapped)
    }

    /// Reads `unmapped`: `keep` carries names the map does not list as they are; `error` (the default) refuses them.
    private static func unmappedRule(in object: [String: JSONValue], at path: String, validator: JSONValidator) -> Bool
    {
        guard let rule = validator.string("unmapped", of: object, at: path, required: false) else { return false }
        switch rule {
        case "keep": return true
        case "error": return false
        default:
            validator.report(JSONValidator.path(path, "unmapped"), "unknown rule '\(rule)' (allowed: keep, error)")
            return false
        }
    }

    private static func matching(in object: [String: JSONValue], validator: JSONValidator) -> MappingFile.Matching {
        var matching = MappingFile.Matching()
        guard let value = validator.member("matching", of: object, at: "", required: false),
            let rules = validator.object(value, at: "matching")
        else { return matching }
        let keys: [(String, String, WritableKeyPath<MappingFile.Matching, Bool>)] = [
            ("groups", "name", \.groups), ("services", "name", \.services),
            ("incidents", "titleAndStartTime", \.incidents), ("maintenances", "titleAndStartTime", \.maintenances),
            ("templates", "title", \.templates),
        ]
        validator.rejectUnknownKeys(of: rules, allowed: keys.map(\.0), at: "matching")
        for (key, naturalKey, keyPath) in keys {
            guard let rule = validator.string(key, of: rules, at: "matching", required: false) else { continue }
            switch rule {
            case naturalKey: matching[keyPath: keyPath] = true
            case "never": matching[keyPath: keyPath] = false
            default:
                validator.report(
                    JSONValidator.path("matching", key), "unknown rule '\(rule)' (allowed: \(naturalKey), never)")
            }
        }
        return matching
    }

    private static func carry(in object: [String: JSONValue], validator: JSONValidator) -> MappingFile.Carry {
        var carry = MappingFile.Carry()
        guard let value = validator.member("carry", of: object, at: "", required: false),
            let rules = validator.object(value, at: "carry")
        else { return carry }
        validator.rejectUnknownKeys(
            of: rules,
            allowed: [
                "privateEvents", "since", "renames", "notifySubscribers", "templates", "resolvedMessage",
                "incidentDescription",
            ],
            at: "carry")
        if let text = validator.string("privateEvents", of: rules, at: "carry", required: false) {
            if let policy = MappingFile.PrivatePolicy(rawValue: text) {
                carry.privateEvents = policy
            } else {
                validator.report("carry.privateEvents", "unknown value '\(text)' (allowed: skip, private)")
            }
        }
        if let text = validator.string("since", of: rules, at: "carry", required: false) {
            if let since = Instant(iso8601: text) {
                carry.since = since
            } else {
                validator.report("carry.since", "'\(text)' is not an ISO 8601 time such as 2024-01-01T00:00:00Z")
            }
        }
        if let value = validator.member("renames", of: rules, at: "carry", required: false),
            let renames = validator.object(value, at: "carry.renames")
        {
            validator.rejectUnknownKeys(of: renames, allowed: ["services", "groups"], at: "carry.renames")
            carry.serviceRenames = renameMap(renames["services"], at: "carry.renames.services", validator: validator)
            carry.groupRenames = renameMap(renames["groups"], at: "carry.renames.groups", validator: validator)
        }
        carry.notifySubscribers = validator.bool("notifySubscribers", of: rules, at: "carry", required: false) ?? false
        carry.templates = validator.bool("templates", of: rules, at: "carry", required: false) ?? true
        if let message = validator.string("resolvedMessage", of: rules, at: "carry", required: false) {
            carry.resolvedMessage = message
        }
        return carry
    }

    /// Reads `carry.incidentDescription` for the direction; absent, the direction's default.
    private static func incidentDescription(
        in object: [String: JSONValue], source: ProviderID, target: ProviderID, validator: JSONValidator
    ) -> MappingFile.IncidentDescriptionRule? {
        let allowed = MappingFile.IncidentDescriptionRule.allowed(from: source, to: target)
        guard let rules = object["carry"]?.objectValue,
            let text = validator.string("incidentDescription", of: rules, at: "carry", required: false)
        else { return allowed.first }
        guard !allowed.isEmpty else {
            validator.report(
                "carry.incidentDescription",
                "applies between Freshstatus and StatusHub only; remove it (a mirror carries descriptions as they are)")
            return nil
        }
        guard let rule = MappingFile.IncidentDescriptionRule(rawValue: text), allowed.contains(rule) else {
            validator.report(
                "carry.incidentDescription",
                "unknown value '\(text)' from \(source.displayName) to \(target.displayName) "
                    + "(allowed: \(allowed.map(\.rawValue).joined(separator: ", ")))")
            return allowed.first
        }
        return rule
    }

    private static func renameMap(_ value: JSONValue?, at path: String, validator: JSONValidator) -> [String: String] {
        let map = stringMap(value, at: path, validator: validator)
        let grouped = Dictionary(grouping: map.keys, by: { map[$0] ?? "" })
        for (name, sources) in grouped.sorted(by: { $0.key < $1.key }) where sources.count > 1 {
            validator.report(path, "\(sources.sorted().joined(separator: ", ")) are all renamed to '\(name)'")
        }
        return map
    }
}
