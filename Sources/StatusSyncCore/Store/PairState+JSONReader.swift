import Foundation

extension PairState {
    /// Reads a state file with ``JSONReader``, or returns `nil` when the file is anything but a
    /// well-formed state of a version this build reads: the caller then reads it with `JSONDecoder`,
    /// which gives the same state or names what is wrong.
    ///
    /// A pair with hundreds of thousands of links reads several times faster this way.
    package static func fastRead(_ bytes: Data) -> PairState? {
        try? JSONReader.read(bytes) { reader -> PairState? in
            var seen = SeenKeys()
            var version: Int?
            var pair: String?
            var links: [String: Link]?
            var inDoubt: [String: InDoubtWrite]?
            var settles: Bool?
            var lastApply: LastApply??
            try reader.object { reader, key in
                switch key {
                case "formatVersion":
                    try seen.insert(0, reader)
                    version = try reader.int()
                case "pair":
                    try seen.insert(1, reader)
                    pair = try reader.string()
                case "links":
                    try seen.insert(2, reader)
                    links = try reader.dictionary { try Link(reading: &$0) }
                case "inDoubt":
                    try seen.insert(3, reader)
                    inDoubt = try reader.optional { try $0.dictionary { try InDoubtWrite(reading: &$0) } }
                case "settlesByNaturalKey":
                    try seen.insert(4, reader)
                    settles = try reader.optional { try $0.bool() }
                case "lastApply":
                    try seen.insert(5, reader)
                    lastApply = .some(try reader.optional { try LastApply(reading: &$0) })
                default: try reader.skipValue()
                }
            }
            guard let version, version <= currentVersion, let pair, let links else { return nil }
            var state = PairState(pair: pair, links: links, inDoubt: inDoubt ?? [:])
            state.formatVersion = version
            state.settlesByNaturalKey = settles ?? false
            state.lastApply = lastApply ?? nil
            return state
        } ?? nil
    }
}

extension Link: JSONReadable {
    /// Reads a link as its `Decodable` conformance does.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var kind: EntityKind?
        var targetID: String?
        var origin: LinkOrigin?
        var parentKey: String?
        var updatedAt: Instant?
        try reader.object { reader, key in
            switch key {
            case "kind":
                try seen.insert(0, reader)
                kind = EntityKind(rawValue: try reader.string())
            case "targetID":
                try seen.insert(1, reader)
                targetID = try reader.string()
            case "origin":
                try seen.insert(2, reader)
                origin = LinkOrigin(rawValue: try reader.string())
            case "parentKey":
                try seen.insert(3, reader)
                parentKey = try reader.optional { try $0.string() }
            case "updatedAt":
                try seen.insert(4, reader)
                updatedAt = try reader.instant()
            default: try reader.skipValue()
            }
        }
        guard let kind, let targetID, let origin, let updatedAt else { throw reader.failure("incomplete link") }
        self.init(kind: kind, targetID: targetID, origin: origin, parentKey: parentKey, updatedAt: updatedAt)
    }
}

extension InDoubtWrite: JSONReadable {
    /// Reads an in-doubt record as its `Decodable` conformance does.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var kind: EntityKind?
        var parentKey: String?
        var since: Instant?
        try reader.object { reader, key in
            switch key {
            case "kind":
                try seen.insert(0, reader)
                kind = EntityKind(rawValue: try reader.string())
            case "parentKey":
                try seen.insert(1, reader)
                parentKey = try reader.optional { try $0.string() }
            case "since":
                try seen.insert(2, reader)
                since = try reader.instant()
            default: try reader.skipValue()
            }
        }
        guard let kind, let since else { throw reader.failure("incomplete in-doubt record") }
        self.init(kind: kind, parentKey: parentKey, since: since)
    }
}

extension PairState.LastApply: JSONReadable {
    /// Reads an apply record as its `Decodable` conformance does.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var finishedAt: Instant?
        var targetDigest: String?
        try reader.object { reader, key in
            switch key {
            case "finishedAt":
                try seen.insert(0, reader)
                finishedAt = try reader.instant()
            case "targetDigest":
                try seen.insert(1, reader)
                targetDigest = try reader.string()
            default: try reader.skipValue()
            }
        }
        guard let finishedAt, let targetDigest else { throw reader.failure("incomplete apply record") }
        self.init(finishedAt: finishedAt, targetDigest: targetDigest)
    }
}
