import Foundation
import StatusSyncCore
import Testing

@Suite struct VersionedFileTests {
    enum Failure: Error, Equatable {
        case missing
        case unsupported(Int)
        case corrupt
    }

    struct Body: Decodable, Equatable {
        var formatVersion: Int
        var name: String
    }

    static func decode(_ text: String) throws(Failure) -> Body {
        try VersionedFile(newest: 2).decode(
            Body.self, from: Data(text.utf8), missing: Failure.missing, unsupported: { .unsupported($0) },
            corrupt: { _ in .corrupt })
    }

    @Test(arguments: [
        ("not json", Failure.missing), ("[1]", .missing), (#"{"name": "a"}"#, .missing),
        (#"{"formatVersion": "2"}"#, .missing), (#"{"formatVersion": 3, "name": "a"}"#, .unsupported(3)),
        (#"{"formatVersion": 3}"#, .unsupported(3)), (#"{"formatVersion": 2}"#, .corrupt),
    ])
    func theVersionIsJudgedBeforeTheBody(text: String, expected: Failure) {
        #expect(throws: expected) { try Self.decode(text) }
    }

    @Test func aReadableVersionDecodesTheWholeFile() throws {
        #expect(try Self.decode(#"{"formatVersion": 1, "name": "a"}"#) == Body(formatVersion: 1, name: "a"))
    }

    @Test func aUserFileLeavesAMissingVersionToItsValidator() throws {
        let mapping = VersionedFile(newest: 1, oldest: 1)
        try mapping.check(["version": .string("one")]) { Failure.unsupported($0) }
        try mapping.check([:]) { Failure.unsupported($0) }
        #expect(throws: Failure.unsupported(0)) {
            try mapping.check(["version": .number(0)]) { Failure.unsupported($0) }
        }
        #expect(throws: Failure.unsupported(2)) {
            try mapping.check(["version": .number(2)]) { Failure.unsupported($0) }
        }
        #expect(VersionedFile(newest: 1).reads(0))
    }

    @Test func theDeclarationReadsTheFormatMarkerWhenItIsAString() {
        let declared = VersionedFile.declared(in: Data(#"{"format": "statussync-snapshot", "formatVersion": 1}"#.utf8))
        #expect(declared?.format == "statussync-snapshot")
        #expect(declared?.formatVersion == 1)
        #expect(VersionedFile.declared(in: Data(#"{"format": 5, "formatVersion": 1}"#.utf8))?.format == nil)
        #expect(VersionedFile.declared(in: Data(#"{"format": "x"}"#.utf8)) == nil)
    }
}
