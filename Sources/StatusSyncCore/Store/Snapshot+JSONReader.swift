import Foundation

extension Snapshot {
    /// Reads a snapshot file's header and data with ``JSONReader``, or returns `nil`.
    ///
    /// The data is checked against the recorded digest on the file's own bytes. Anything else gives
    /// `nil`: a file that is malformed, of another format or version, written in another key order, or whose data does not
    /// match its digest. The caller then reads it the long way, which accepts or refuses it and says why.
    ///
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - type: the data's type; `nil` is returned unless it is ``JSONReadable``.
    /// - Returns: the header and the data, both as ``decodePayload(_:as:path:)`` returns them.
    package static func fastPayload<Payload>(
        _ bytes: Data, as type: Payload.Type
    ) -> (header: SnapshotHeader, data: Payload)? {
        guard let readable = type as? any JSONReadable.Type else { return nil }
        let read = try? JSONReader.read(bytes) { reader -> (SnapshotHeader, Payload)? in
            var seen = SeenKeys()
            var format: String?
            var version: Int?
            var provider: ProviderID?
            var account: String?
            var fetchedAt: Instant?
            var startedAt: Instant?
            var carriedOver: Bool?
            var calls: Int?
            var scopeCalls: FetchScopeCalls?
            var counts: [String: Int]?
            var digest: String?
            var data: Payload?
            try reader.object { reader, key in
                switch key {
                case "format":
                    try seen.insert(0, reader)
                    format = try reader.string()
                case "formatVersion":
                    try seen.insert(1, reader)
                    version = try reader.int()
                case "provider":
                    try seen.insert(2, reader)
                    provider = ProviderID(rawValue: try reader.string())
                case "account":
                    try seen.insert(3, reader)
                    account = try reader.string()
                case "fetchedAt":
                    try seen.insert(4, reader)
                    fetchedAt = try reader.instant()
                case "startedAt":
                    try seen.insert(5, reader)
                    startedAt = try reader.optional { try $0.instant() }
                case "calls":
                    try seen.insert(6, reader)
                    calls = try reader.optional { try $0.int() }
                case "scopeCalls":
                    try seen.insert(7, reader)
                    scopeCalls = try reader.optional { try FetchScopeCalls(reading: &$0) }
                case "carriedOver":
                    try seen.insert(8, reader)
                    carriedOver = try reader.optional { try $0.bool() }
                case "counts":
                    try seen.insert(9, reader)
                    counts = try reader.optional { try $0.dictionary { try $0.int() } }
                case "digest":
                    try seen.insert(10, reader)
                    digest = try reader.string()
                case "data":
                    try seen.insert(11, reader)
                    data = try readable.init(reading: &reader) as? Payload
                default: try reader.skipValue()
                }
            }
            guard format == formatName, let version, version <= formatVersion, let provider, let account,
                let fetchedAt, let digest, let data
            else { return nil }
            let header = SnapshotHeader(
                provider: provider, account: account, fetchedAt: fetchedAt, calls: calls ?? 0, digest: digest,
                counts: counts ?? [:], scopeCalls: scopeCalls, startedAt: startedAt, carriedOver: carriedOver ?? false)
            return (header, data)
        }
        guard let read = read ?? nil, CompactJSON.digestOfMember("data", in: bytes) == read.0.digest else { return nil }
        return read
    }
}

extension FetchScopeCalls: JSONReadable {
    /// Reads the figures as their `Decodable` conformance does.
    package init(reading reader: inout JSONReader) throws {
        var seen = SeenKeys()
        var full: Int?
        var recent: Int?
        try reader.object { reader, key in
            switch key {
            case "full":
                try seen.insert(0, reader)
                full = try reader.int()
            case "recent":
                try seen.insert(1, reader)
                recent = try reader.int()
            default: try reader.skipValue()
            }
        }
        guard let full, let recent else { throw reader.failure("incomplete scope calls") }
        self.init(full: full, recent: recent)
    }
}
