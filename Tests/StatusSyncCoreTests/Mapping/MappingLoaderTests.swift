import Foundation
import StatusSyncCore
import Testing

@Suite struct MappingLoaderTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [
        "freshstatus-to-statushub", "statushub-to-freshstatus", "freshstatus-to-freshstatus", "statushub-to-statushub",
    ])
    func theShippedMappingsAreValid(name: String) throws {
        let path = Self.repositoryRoot.appendingPathComponent("mappings/\(name).json").path
        let mapping = try MappingLoader.load(path: path)
        let providers = name.split(separator: "-").map(String.init)
        #expect(mapping.source.rawValue == providers.first)
        #expect(mapping.target.rawValue == providers.last)
        #expect(!mapping.carry.notifySubscribers)
        #expect(Set(mapping.componentStatus.keys) == Set(ComponentStatus.vocabulary(of: mapping.source)))
    }

    @Test func theDigestIsOfTheBytesTheLoaderRead() throws {
        let path = Self.repositoryRoot.appendingPathComponent("mappings/freshstatus-to-statushub.json").path
        let (file, digest) = try MappingLoader.loadWithDigest(path: path)
        #expect(file == (try MappingLoader.load(path: path)))
        #expect(digest == "sha256:" + SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    private func problems(_ json: String) -> [String] {
        do {
            _ = try MappingLoader.parse(Data(json.utf8), path: "m.json")
            Issue.record("expected a rejection")
        } catch {
            if case .invalid(let path, let problems) = error, path == "m.json" { return problems }
            Issue.record("unexpected error \(error)")
        }
        return []
    }

    private static let valid = """
        {"version": 1, "source": "freshstatus", "target": "statushub",
         "componentStatus": {"OP": "up", "PD": "degraded-performance", "PO": "degraded-performance", "MO": "down", "UM": "down"},
         "incidentPhases": {"map": {"Investigating": "investigating"}, "default": "investigating", "resolved": "resolved"}}
        """

    @Test func aMinimalMappingTakesTheDocumentedDefaults() throws {
        let mapping = try MappingLoader.parse(Data(Self.valid.utf8), path: "m.json")
        #expect(mapping.carry.privateEvents == .skip)
        #expect(mapping.carry.since == nil)
        #expect(mapping.matching == MappingFile.Matching())
        #expect(mapping.lossy == .warn)
        #expect(!mapping.keepsUnmappedPhases)
    }

    @Test func reportsEveryProblemAtOnceWithItsPath() {
        let found = problems(
            """
            {"version": 1, "source": "freshstatus", "target": "statushub", "extra": 1,
             "componentStatus": {"OP": "up", "PD": "slow", "MO": "down", "UM": "down", "XX": "up"},
             "incidentPhases": {"map": {"Investigating": "looking"}, "default": "resolved", "resolved": "done"},
             "matching": {"services": "fuzzy"},
             "carry": {"privateEvents": "publish", "since": "yesterday", "renames": {"services": {"A": "C", "B": "C"}}},
             "lossy": "ignore"}
            """)
        let expected = [
            "extra: unknown key 'extra'",
            "componentStatus: does not map the Freshstatus status 'PO'",
            "componentStatus.PD: 'slow' is not a StatusHub status",
            "componentStatus.XX: 'XX' is not a Freshstatus status",
            "incidentPhases.map.Investigating: 'looking' is not a StatusHub incident type",
            "incidentPhases.default: 'resolved' cannot open a StatusHub incident",
            "incidentPhases.resolved: must be 'resolved' for StatusHub",
            "matching.services: unknown rule 'fuzzy'",
            "carry.privateEvents: unknown value 'publish'",
            "carry.since: 'yesterday' is not an ISO 8601 time",
            "carry.renames.services: A, B are all renamed to 'C'",
            "lossy: unknown value 'ignore'",
        ]
        for fragment in expected {
            #expect(found.contains { $0.hasPrefix(fragment) }, "missing: \(fragment) in \(found)")
        }
        #expect(found.count == expected.count, "\(found)")
    }

    @Test func aStatusHubSourceMustMapEveryIncidentType() {
        let found = problems(
            """
            {"version": 1, "source": "statushub", "target": "freshstatus",
             "componentStatus": {"up": "OP", "degraded-performance": "PD", "down": "MO"},
             "incidentPhases": {"map": {"investigating": "Investigating", "broken": "X"}, "default": "Investigating",
                                "resolved": "Resolved"}}
            """)
        #expect(found.contains("incidentPhases.map: does not map the StatusHub incident type 'monitoring'"))
        #expect(found.contains("incidentPhases.map.broken: 'broken' is not a StatusHub incident type"))
    }

    @Test(arguments: [
        (#"{"version": 2}"#, MappingError.unsupportedVersion(path: "m.json", found: 2, newestSupported: 1)),
        (#"{"version": 0}"#, MappingError.unsupportedVersion(path: "m.json", found: 0, newestSupported: 1)),
    ])
    func refusesOtherVersions(json: String, expected: MappingError) {
        #expect(throws: expected) { try MappingLoader.parse(Data(json.utf8), path: "m.json") }
    }

    @Test func namesMissingRequiredSections() {
        let found = problems(#"{"version": 1, "source": "freshstatus", "target": "pagerduty"}"#)
        #expect(found.contains { $0.hasPrefix("target: unknown provider 'pagerduty'") })
        #expect(found.contains("componentStatus: missing (required)"))
        #expect(found.contains("incidentPhases: missing (required)"))
    }

    @Test func refusesMalformedJSONAndMissingFiles() {
        #expect(throws: MappingError.self) { try MappingLoader.parse(Data("{".utf8), path: "m.json") }
        #expect(throws: MappingError.unreadable(path: "/nonexistent/m.json", reason: "no such file")) {
            try MappingLoader.load(path: "/nonexistent/m.json")
        }
    }
}

@Suite struct IncidentDescriptionRuleTests {
    static let toStatusHub = """
        {"version": 1, "source": "freshstatus", "target": "statushub",
         "componentStatus": {"OP": "up", "PD": "degraded-performance", "PO": "degraded-performance", "MO": "down", "UM": "down"},
         "incidentPhases": {"map": {}, "default": "investigating", "resolved": "resolved"}
        """
    static let toFreshstatus = """
        {"version": 1, "source": "statushub", "target": "freshstatus",
         "componentStatus": {"up": "OP", "degraded-performance": "PD", "down": "MO"},
         "incidentPhases": {"map": {"investigating": "Investigating", "identified": "Identified",
                                    "monitoring": "Monitoring", "resolved": "Resolved"},
                            "default": "Investigating", "resolved": "Resolved"}
        """
    static let mirror = """
        {"version": 1, "source": "freshstatus", "target": "freshstatus",
         "componentStatus": {"OP": "OP", "PD": "PD", "PO": "PO", "MO": "MO", "UM": "UM"},
         "incidentPhases": {"map": {}, "default": "Investigating", "resolved": "Resolved", "unmapped": "keep"}
        """

    func parse(_ base: String, _ rule: String?) throws(MappingError) -> MappingFile {
        let carry = rule.map { #", "carry": {"incidentDescription": \#($0)}"# } ?? ""
        return try MappingLoader.parse(Data((base + carry + "}").utf8), path: "m.json")
    }

    func problems(_ base: String, _ rule: String) -> [String] {
        do {
            _ = try parse(base, rule)
            Issue.record("expected a rejection of \(rule)")
        } catch {
            if case .invalid(_, let problems) = error { return problems }
            Issue.record("unexpected error \(error)")
        }
        return []
    }

    @Test func theDefaultLosesNothingInEitherDirection() throws {
        #expect(try parse(Self.toStatusHub, nil).carry.incidentDescription == .openingUpdate)
        #expect(try parse(Self.toFreshstatus, nil).carry.incidentDescription == .empty)
        #expect(try parse(Self.mirror, nil).carry.incidentDescription == nil)
        #expect(try parse(Self.toStatusHub, #""drop""#).carry.incidentDescription == .drop)
        #expect(try parse(Self.toFreshstatus, #""openingUpdate""#).carry.incidentDescription == .openingUpdate)
    }

    @Test func aValueTheDirectionDoesNotKnowIsRefusedWithTheChoices() {
        #expect(
            problems(Self.toStatusHub, #""prepend""#) == [
                "carry.incidentDescription: unknown value 'prepend' from Freshstatus to StatusHub "
                    + "(allowed: openingUpdate, drop)"
            ])
        #expect(
            problems(Self.toFreshstatus, #""drop""#) == [
                "carry.incidentDescription: unknown value 'drop' from StatusHub to Freshstatus "
                    + "(allowed: empty, openingUpdate)"
            ])
        #expect(
            problems(Self.mirror, #""drop""#) == [
                "carry.incidentDescription: applies between Freshstatus and StatusHub only; "
                    + "remove it (a mirror carries descriptions as they are)"
            ])
        #expect(problems(Self.toStatusHub, "true").count == 1)
    }
}

@Suite struct MaintenancePhaseDefaultsTests {
    @Test func withoutTheSectionNamesAreKeptAndWithItUnmappedOnesAreRefused() throws {
        let base = """
            {"version": 1, "source": "freshstatus", "target": "freshstatus",
             "componentStatus": {"OP": "OP", "PD": "PD", "PO": "PO", "MO": "MO", "UM": "UM"},
             "incidentPhases": {"map": {}, "default": "Investigating", "resolved": "Resolved", "unmapped": "keep"}
            """
        let without = try MappingLoader.parse(Data((base + "}").utf8), path: "m.json")
        #expect(without.keepsUnmappedMaintenancePhases)
        let with = try MappingLoader.parse(
            Data((base + #", "maintenancePhases": {"map": {}, "default": "Scheduled"}}"#).utf8), path: "m.json")
        #expect(!with.keepsUnmappedMaintenancePhases)
    }
}
