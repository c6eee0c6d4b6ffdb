import Foundation
import StatusSyncCore
import Testing

@Suite struct JSONReaderTests {
    /// The value `JSONDecoder` reads from `text`, to compare with the reader's.
    private func decoded(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func decodesEveryEscapeIncludingSurrogatePairs() throws {
        let text = #""a\"b\\c\/d\b\f\n\r\t \u00e9\u20AC \ud83d\ude00 plain é😀""#
        let value = try JSONReader.value(of: Data(text.utf8))
        #expect(value == .string("a\"b\\c/d\u{8}\u{c}\n\r\t é€ 😀 plain é😀"))
        #expect(value == (try decoded(text)))
    }

    @Test func readsNumbersAsJSONDecoderDoes() throws {
        let text = "[0, -0, 7, -12, 1.5, -2.5e-3, 1E10, 6.02e+23, 12345678901234567890, 9007199254740993, 1e-320]"
        #expect(try JSONReader.value(of: Data(text.utf8)) == (try decoded(text)))
    }

    @Test func readsIntegersOnlyWhenWrittenAsIntegers() throws {
        func int(_ text: String) throws -> Int { try JSONReader.read(Data(text.utf8)) { try $0.int() } }
        #expect(try int("9223372036854775807") == Int.max)
        #expect(try int("-9223372036854775808") == Int.min)
        #expect(try int(" 42 ") == 42)
        for text in ["9223372036854775808", "-9223372036854775809", "1.0", "1e2", "\"1\"", "true"] {
            #expect(throws: JSONReader.Failure.self, "\(text)") { try int(text) }
        }
    }

    @Test func readsNestedValuesAndSkipsUnknownMembers() throws {
        let text = #"{"a": [{"b": [[], {}]}, null, true, false, "x", {"c": {"d": [1, [2, [3]]]}}], "e": {}}"#
        #expect(try JSONReader.value(of: Data(text.utf8)) == (try decoded(text)))
        let names = try JSONReader.read(Data(text.utf8)) { reader in
            var names: [String] = []
            try reader.object { reader, key in
                names.append(key.string)
                try reader.skipValue()
            }
            return names
        }
        #expect(names == ["a", "e"])
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "[,1]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "01", "1.", "-", "+1", ".5", "1e",
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud800\\u0041\"", "tru", "nul", "[1] 2",
        "\"tab\there\"", "{\"a\":1}}", "[\"a\" \"b\"]", "NaN", "Infinity", "1e400",
    ])
    func refusesMalformedInput(text: String) {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(of: Data(text.utf8)) }
    }

    @Test func refusesInvalidUTF8AndDeepNestingWithoutCrashing() {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(of: Data([0x22, 0xC3, 0x28, 0x22])) }
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(of: Data([0x22, 0xFF, 0x5C, 0x6E, 0x22])) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(of: Data(deep.utf8)) }
        let repeated = #"{"formatVersion": 2, "pair": "p", "links": {}, "pair": "q"}"#
        #expect(PairState.fastRead(Data(repeated.utf8)) == nil)
    }

    @Test func readsTheProvidersWireTypesAsJSONDecoderDoes() throws {
        struct Results<Element: Decodable>: Decodable { var results: [Element] }
        struct Data<Element: Decodable>: Decodable { var data: [Element] }
        func read<Element: JSONReadable>(_ bytes: Foundation.Data, member: StaticString, as: Element.Type) throws
            -> [Element]
        {
            try JSONReader.read(bytes) { reader in
                var list: [Element] = []
                try reader.object { reader, key in
                    if member ~= key { list = try reader.list(of: Element.self) } else { try reader.skipValue() }
                }
                return list
            }
        }
        let decoder = JSONCoding.makeDecoder()
        for (path, type) in [
            ("freshstatus/incidents-page.json", Freshstatus.Incident.self as Any.Type),
            ("freshstatus/maintenance-page.json", Freshstatus.Maintenance.self),
            ("freshstatus/services-page.json", Freshstatus.Service.self),
        ] {
            let bytes = try Fixture.data(path)
            switch type {
            case is Freshstatus.Incident.Type:
                let read = try read(bytes, member: "results", as: Freshstatus.Incident.self)
                #expect(read == (try decoder.decode(Results<Freshstatus.Incident>.self, from: bytes).results))
                #expect(!read.isEmpty)
            case is Freshstatus.Maintenance.Type:
                let read = try read(bytes, member: "results", as: Freshstatus.Maintenance.self)
                #expect(read == (try decoder.decode(Results<Freshstatus.Maintenance>.self, from: bytes).results))
            default:
                let read = try read(bytes, member: "results", as: Freshstatus.Service.self)
                #expect(read == (try decoder.decode(Results<Freshstatus.Service>.self, from: bytes).results))
            }
        }
        let maintenances = try Fixture.data("statushub/maintenances-page.json")
        #expect(
            try read(maintenances, member: "data", as: StatusHub.Maintenance.self)
                == (try decoder.decode(Data<StatusHub.Maintenance>.self, from: maintenances).data))
        let services = try Fixture.data("statushub/services-page.json")
        #expect(
            try read(services, member: "data", as: StatusHub.Service.self)
                == (try decoder.decode(Data<StatusHub.Service>.self, from: services).data))
        let detail = try Fixture.data("statushub/incident-detail.json")
        let incident = try JSONReader.read(detail) { try StatusHub.Incident(reading: &$0) }
        #expect(incident == (try decoder.decode(StatusHub.Incident.self, from: detail)))
    }

    /// The example seeds are the richest accounts the project has: every field a wire type reads is set in
    /// them somewhere, so a field the reader forgot (or reads differently) shows here as a difference.
    @Test func readsTheExampleAccountsAsTheDecoderDoes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        func check<Payload: Decodable & Equatable & Sendable>(_ seed: String, _ provider: ProviderID, as: Payload.Type)
            throws
        {
            let json = try Foundation.Data(contentsOf: root.appendingPathComponent("examples/\(seed)"))
            let snapshot = Snapshot(
                provider: provider, account: "a", fetchedAt: Instant(secondsSince1970: 1_800_000_000), calls: 1,
                data: try JSONDecoder().decode(JSONValue.self, from: json))
            let bytes = try snapshot.encoded()
            let fast = try #require(Snapshot.fastPayload(bytes, as: Payload.self))
            #expect(fast.data == (try JSONCoding.makeDecoder().decode(Payload.self, from: snapshot.data.compactBytes)))
        }
        try check("freshstatus-seed.json", .freshstatus, as: Freshstatus.AccountData.self)
        try check("statushub-seed.json", .statushub, as: StatusHub.AccountData.self)
    }

    @Test func readsASnapshotAndLinksAsTheDecoderPathDoes() throws {
        let data: JSONValue = .object([
            "services": .array([
                .object(["id": .number(1), "name": .string("API \"v2\" é"), "group_id": .null, "status": .string("up")])
            ]),
            "incidents": .array([
                .object([
                    "id": .string("9"), "title": .string("Down"), "start_time": .string("2026-01-02T03:04:05Z"),
                    "incident_updates": .array([
                        .object([
                            "id": .number(3), "start_time": .string("2026-01-02T03:04:05Z"),
                            "incident_type": .string("investigating"), "silent": .string("True"),
                            "service_statuses": .array([.object(["service_id": .number(1), "status": .string("down")])]
                            ),
                        ])
                    ]),
                ])
            ]),
        ])
        let snapshot = Snapshot(
            provider: .statushub, account: "hub", fetchedAt: Instant(secondsSince1970: 1_800_000_000), calls: 3,
            data: data)
        let bytes = try snapshot.encoded()
        let fast = try #require(Snapshot.fastPayload(bytes, as: StatusHub.AccountData.self))
        let expected = try JSONDecoder().decode(StatusHub.AccountData.self, from: try JSONEncoder().encode(data))
        #expect(fast.data == expected)
        #expect(fast.header.digest == snapshot.digest)
        #expect(fast.header.counts == ["services": 1, "incidents": 1])
        // A file whose data does not match its digest is left to the long way, which refuses it.
        let tampered = Foundation.Data(
            String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "Down", with: "Up").utf8)
        #expect(Snapshot.fastPayload(tampered, as: StatusHub.AccountData.self) == nil)

        var state = PairState(pair: "p")
        state.links["incident:9"] = Link(
            kind: .incident, targetID: "9", origin: .created, updatedAt: Instant(secondsSince1970: 1_800_000_000))
        state.links["incident:9/3"] = Link(
            kind: .incidentUpdate, targetID: "3", origin: .adopted, parentKey: "incident:9",
            updatedAt: Instant(secondsSince1970: 1_800_000_001))
        state.inDoubt["service:2"] = InDoubtWrite(kind: .service, since: Instant(secondsSince1970: 5))
        state.lastApply = PairState.LastApply(finishedAt: Instant(secondsSince1970: 6), targetDigest: "sha256:00")
        state.settlesByNaturalKey = true
        let encoded = try JSONCoding.makeEncoder().encode(state)
        #expect(PairState.fastRead(encoded) == state)
        #expect(PairState.fastRead(encoded) == (try JSONCoding.makeDecoder().decode(PairState.self, from: encoded)))
    }
}
