import Foundation
import StatusSyncEmulator
import Testing

@testable import StatusSyncCore

/// The core's value, not the emulator's of the same name.
typealias JSONValue = StatusSyncCore.JSONValue

/// ``CanonicalJSON`` writes what `JSONEncoder` writes, so that the digests of stored snapshots stay valid.
struct CanonicalJSONTests {
    static func encoderBytes(_ value: JSONValue) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Member names that sort differently by bytes, by `String`'s `<` and by case, and numbers of every form.
    static let rich: JSONValue = {
        let controls: [JSONValue] = (0..<0x20).map { .string(String(UnicodeScalar(UInt8($0)))) }
        let others: [JSONValue] = [
            .string(""), .string("quote \" and backslash \\"), .string("slash / stays"),
            .string("Störung 支付 🐧 Ω \u{7F} \u{2028} e\u{301}"), .string(String(repeating: "long ", count: 30_000)),
        ]
        var members: [String: JSONValue] = [
            "b": .number(1), "a": .number(-2), "B": .number(0.1), "a10": .number(1e20), "a9": .number(1e-7),
            "a_": .number(-0.0), "a-": .number(9e15), "é": .number(-9.5e15),
            "e\u{301}x": .number(1_234_567_890_000_000),
        ]
        members["\u{212B}"] = .number(5e-324)
        members["ｆ"] = .number(1.7976931348623157e308)
        members["😀"] = .number(1.0 / 3)
        members[""] = .null
        members["10"] = .bool(true)
        members["9"] = .bool(false)
        members["strings"] = .array(controls + others)
        members["nested"] = .object([
            "z": .array([.object(["y": .array([])]), .object([:])]), "key \"quoted\"": .null,
        ])
        return .object(members)
    }()

    @Test func writesWhatJSONEncoderWrites() throws {
        #expect(CanonicalJSON.bytes(of: Self.rich) == (try Self.encoderBytes(Self.rich)))
        #expect(CanonicalJSON.digest(of: Self.rich) == "sha256:" + SHA256.hex(of: try Self.encoderBytes(Self.rich)))
    }

    @Test func writesWhatJSONEncoderWritesForRandomValues() throws {
        var generator = SplitMix64(seed: 20_261_203)
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let canonical = try #require(CanonicalJSON.bytes(of: value))
            let encoded = try Self.encoderBytes(value)
            #expect(canonical == encoded, "\(String(decoding: encoded, as: UTF8.self))")
        }
    }

    @Test(arguments: ["examples/freshstatus-seed.json", "examples/statushub-seed.json"])
    func digestsARealAccountAsJSONEncoderDoes(path: String) throws {
        let data = try Data(contentsOf: MappingLoaderTests.repositoryRoot.appendingPathComponent(path))
        let value = try JSONReader.value(of: data)
        let canonical = try #require(CanonicalJSON.bytes(of: value))
        #expect(canonical.count > 100_000)
        #expect(canonical == (try Self.encoderBytes(value)))
        #expect(CanonicalJSON.digest(of: value) == "sha256:" + SHA256.hex(of: canonical))
    }

    @Test func aNumberJSONCannotHoldHasNoCanonicalText() {
        #expect(CanonicalJSON.digest(of: .array([.number(.infinity)])) == nil)
        #expect(CanonicalJSON.digest(of: .object(["a": .number(.nan)])) == nil)
        #expect(Snapshot.digest(of: .array([.number(.infinity)])).hasPrefix("sha256:"))
    }

    static func randomValue(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        switch Int.random(in: depth > 3 ? 0...3 : 0...5, using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(randomNumber(using: &generator))
        case 3: return .string(randomString(using: &generator))
        case 4:
            return .array(
                (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                    randomValue(depth: depth + 1, using: &generator)
                })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                object[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(object)
        }
    }

    static func randomNumber(using generator: inout SplitMix64) -> Double {
        switch Int.random(in: 0...3, using: &generator) {
        case 0: return Double(Int.random(in: -1_000_000...1_000_000, using: &generator))
        case 1: return Double.random(in: -1e6...1e6, using: &generator)
        case 2: return Double(Int64.random(in: -(1 << 60)...(1 << 60), using: &generator))
        default:
            while true {
                let number = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
                if number.isFinite { return number }
            }
        }
    }

    static func randomString(using generator: inout SplitMix64) -> String {
        let pools: [ClosedRange<UInt32>] = [
            0x00...0x7F, 0x00...0x1F, 0xA0...0x2FF, 0x2000...0x206F, 0x4E00...0x4E50, 0x1F600...0x1F64F,
        ]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            let pool = pools[Int.random(in: 0..<pools.count, using: &generator)]
            if let scalar = UnicodeScalar(UInt32.random(in: pool, using: &generator)) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
