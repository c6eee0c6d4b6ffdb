import Foundation

/// One account's data as fetched, in the provider's own JSON, with what is needed to trust it later.
///
/// On disk it is a versioned envelope: `format`, `formatVersion`, provider, account name, fetch
/// time, the API calls the fetch used, counts per kind, a content digest and `data`, the
/// provider's JSON (`{"groups": [...], "services": [...], ...}`). It never holds a secret.
package struct Snapshot: Sendable, Hashable {
    /// The envelope format this build writes and the newest it reads.
    package static let formatVersion = 1
    /// The `format` marker that tells a snapshot from any other JSON file.
    package static let formatName = "statussync-snapshot"

    /// The provider the data came from.
    package var provider: ProviderID
    /// The account's name in the configuration.
    package var account: String
    /// When the fetch finished.
    package var fetchedAt: Instant
    /// When the fetch started: nothing changed after this instant is known to the snapshot.
    ///
    /// A later incremental fetch reuses an item only if the provider last changed it strictly
    /// before this second, because `updated_at` has one-second precision: a change in the same
    /// second as the read would otherwise look like no change.
    package var startedAt: Instant?
    /// How many API calls the fetch used.
    package var calls: Int
    /// What a full and a recent-only fetch of this data cost, when the provider tells them apart.
    package var scopeCalls: FetchScopeCalls?
    /// Whether the older incidents were carried over from the previous snapshot instead of read (a
    /// recent-only fetch); they are then as the last full read of the list found them.
    package var carriedOver: Bool = false
    /// The provider's JSON, one list per kind.
    package var data: JSONValue {
        didSet { digest = Self.digest(of: data) }
    }
    /// The content digest, `sha256:` and the hash of ``data`` in canonical form (sorted keys, no spaces).
    ///
    /// Two fetches of an unchanged account have the same digest, whatever the fetch time. It is
    /// computed when the data is set, once: an account's data takes a while to encode, and a
    /// run asks for the digest several times (to reuse the latest file, to save, to plan).
    package private(set) var digest: String

    /// Creates a snapshot of `data`.
    package init(
        provider: ProviderID, account: String, fetchedAt: Instant, startedAt: Instant? = nil, calls: Int,
        data: JSONValue
    ) {
        self.provider = provider
        self.account = account
        self.fetchedAt = fetchedAt
        self.startedAt = startedAt
        self.calls = calls
        self.data = data
        self.digest = Self.digest(of: data)
    }

    /// A snapshot read from a file whose data was checked against `header`'s digest.
    private init(header: SnapshotHeader, data: JSONValue) {
        provider = header.provider
        account = header.account
        fetchedAt = header.fetchedAt
        startedAt = header.startedAt
        calls = header.calls
        scopeCalls = header.scopeCalls
        carriedOver = header.carriedOver
        self.data = data
        digest = header.digest
    }

    /// The number of entities of each kind in ``data``.
    package var counts: [String: Int] {
        var counts: [String: Int] = [:]
        for (kind, value) in data.objectValue ?? [:] {
            if let items = value.arrayValue { counts[kind] = items.count }
        }
        return counts
    }

    /// The digest of a provider JSON value; see ``digest``.
    package static func digest(of data: JSONValue) -> String {
        if let digest = CanonicalJSON.digest(of: data) { return digest }
        // A number JSON cannot hold: what the encoder makes of it, as before.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(data)) ?? Data()
        return "sha256:" + SHA256.hex(of: bytes)
    }

    /// The file's bytes: the envelope, pretty-printed with sorted keys.
    package func encoded() throws -> Data {
        let envelope = Envelope(
            format: Self.formatName, formatVersion: Self.formatVersion, provider: provider, account: account,
            fetchedAt: fetchedAt, startedAt: startedAt, calls: calls, scopeCalls: scopeCalls,
            carriedOver: carriedOver ? true : nil, counts: counts, digest: digest, data: data)
        return try JSONCoding.makeEncoder().encode(envelope)
    }

    /// Reads a snapshot file's bytes, checking the format, the version and the digest.
    ///
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - path: the file's path, for errors.
    /// - Returns: the verified snapshot.
    /// - Throws: ``StoreError/tooNew(path:found:newestSupported:)`` or ``StoreError/corrupt(path:reason:)``.
    package static func decode(_ bytes: Data, path: String) throws(StoreError) -> Snapshot {
        // A file as statussync writes it is read by the byte-level reader, its digest checked on its own bytes.
        if let (header, data) = fastPayload(bytes, as: JSONValue.self) { return Snapshot(header: header, data: data) }
        let envelope: Envelope<JSONValue> = try decodeEnvelope(bytes, path: path)
        var snapshot = Snapshot(
            provider: envelope.provider, account: envelope.account, fetchedAt: envelope.fetchedAt,
            startedAt: envelope.startedAt, calls: envelope.calls ?? 0, data: envelope.data)
        snapshot.scopeCalls = envelope.scopeCalls
        snapshot.carriedOver = envelope.carriedOver ?? false
        guard snapshot.digest == envelope.digest else {
            throw .corrupt(path: path, reason: "its content does not match its digest")
        }
        return snapshot
    }

    /// Reads what a planner needs: the header and the data as `Payload`, after checking the data
    /// against the recorded digest, so a snapshot edited or rotted on disk is never planned from.
    ///
    /// The file is decoded once. A file as statussync writes it holds the data in canonical form
    /// but for the whitespace between tokens, so its digest is checked on the file's own bytes;
    /// only a file written otherwise (other key order or number forms) is decoded a second time to
    /// check it the long way.
    ///
    /// - Throws: ``StoreError/corrupt(path:reason:)`` when the content does not match its digest.
    package static func decodePayload<Payload: Codable & Sendable>(
        _ bytes: Data, as type: Payload.Type, path: String
    ) throws(StoreError) -> (header: SnapshotHeader, data: Payload) {
        if let read = fastPayload(bytes, as: Payload.self) { return read }
        let envelope: Envelope<Payload> = try decodeEnvelope(bytes, path: path)
        if CompactJSON.digestOfMember("data", in: bytes) != envelope.digest {
            _ = try decode(bytes, path: path)
        }
        let header = SnapshotHeader(
            provider: envelope.provider, account: envelope.account, fetchedAt: envelope.fetchedAt,
            calls: envelope.calls ?? 0, digest: envelope.digest, counts: envelope.counts ?? [:],
            scopeCalls: envelope.scopeCalls)
        return (header, envelope.data)
    }

    private static func decodeEnvelope<Payload: Codable & Sendable>(
        _ bytes: Data, path: String
    ) throws(StoreError) -> Envelope<Payload> {
        let decoder = JSONCoding.makeDecoder()
        do {
            return try decoder.decode(Envelope<Payload>.self, from: bytes)
        } catch {
            // Say what is wrong in terms of the envelope before blaming the data.
            guard let declared = VersionedFile.declared(in: bytes), let format = declared.format else {
                throw .corrupt(
                    path: path, reason: "not a statussync snapshot: \(JSONValidator.reason(for: error))")
            }
            guard format == formatName else { throw .corrupt(path: path, reason: "not a statussync snapshot") }
            try VersionedFile(newest: formatVersion).check(declared.formatVersion) { found in
                StoreError.tooNew(path: path, found: found, newestSupported: formatVersion)
            }
            throw .corrupt(path: path, reason: JSONValidator.reason(for: error))
        }
    }

    private struct Envelope<Payload: Codable & Sendable>: Codable, Sendable {
        var format: String
        var formatVersion: Int
        var provider: ProviderID
        var account: String
        var fetchedAt: Instant
        var startedAt: Instant?
        var calls: Int?
        var scopeCalls: FetchScopeCalls?
        var carriedOver: Bool?
        var counts: [String: Int]?
        var digest: String
        var data: Payload

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            format = try container.decode(String.self, forKey: .format)
            formatVersion = try container.decode(Int.self, forKey: .formatVersion)
            guard format == Snapshot.formatName, formatVersion <= Snapshot.formatVersion else {
                throw DecodingError.dataCorruptedError(
                    forKey: .formatVersion, in: container, debugDescription: "unsupported snapshot format")
            }
            provider = try container.decode(ProviderID.self, forKey: .provider)
            account = try container.decode(String.self, forKey: .account)
            fetchedAt = try container.decode(Instant.self, forKey: .fetchedAt)
            startedAt = try container.decodeIfPresent(Instant.self, forKey: .startedAt)
            calls = try container.decodeIfPresent(Int.self, forKey: .calls)
            scopeCalls = try container.decodeIfPresent(FetchScopeCalls.self, forKey: .scopeCalls)
            carriedOver = try container.decodeIfPresent(Bool.self, forKey: .carriedOver)
            counts = try container.decodeIfPresent([String: Int].self, forKey: .counts)
            digest = try container.decode(String.self, forKey: .digest)
            data = try container.decode(Payload.self, forKey: .data)
        }

        init(
            format: String, formatVersion: Int, provider: ProviderID, account: String, fetchedAt: Instant,
            startedAt: Instant?, calls: Int?, scopeCalls: FetchScopeCalls?, carriedOver: Bool?, counts: [String: Int]?,
            digest: String, data: Payload
        ) {
            self.format = format
            self.formatVersion = formatVersion
            self.provider = provider
            self.account = account
            self.fetchedAt = fetchedAt
            self.startedAt = startedAt
            self.calls = calls
            self.scopeCalls = scopeCalls
            self.carriedOver = carriedOver
            self.counts = counts
            self.digest = digest
            self.data = data
        }
    }
}

/// A snapshot's envelope without its data.
package struct SnapshotHeader: Sendable, Hashable {
    /// The provider the data came from.
    package var provider: ProviderID
    /// The account's name in the configuration.
    package var account: String
    /// When the fetch finished.
    package var fetchedAt: Instant
    /// How many API calls the fetch used.
    package var calls: Int
    /// The content digest recorded when the snapshot was written.
    package var digest: String
    /// The number of entities per kind.
    package var counts: [String: Int]
    /// What a full and a recent-only fetch of this data cost, when recorded.
    package var scopeCalls: FetchScopeCalls? = nil
    /// When the fetch started, when recorded.
    package var startedAt: Instant? = nil
    /// Whether the older incidents were carried over from the previous snapshot.
    package var carriedOver: Bool = false
}
