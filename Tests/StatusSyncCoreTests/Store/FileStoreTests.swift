import Foundation
import StatusSyncCore
import Testing

@Suite struct FileStoreTests {
    private func snapshot(account: String = "old", at seconds: Int64 = 1_700_000_000, incidents: Int = 1) -> Snapshot {
        let items = (0..<incidents).map {
            JSONValue.object(["id": .number(Double($0)), "title": .string("Ünïcode \($0)")])
        }
        return Snapshot(
            provider: .freshstatus, account: account, fetchedAt: Instant(secondsSince1970: seconds), calls: 3,
            data: .object(["incidents": .array(items), "groups": .array([])]))
    }

    @Test func savesAndReadsBackTheLatestSnapshot() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        let first = try store.save(snapshot(at: 1_700_000_000, incidents: 1))
        let second = try store.save(snapshot(at: 1_700_000_060, incidents: 2))
        #expect(first.hasSuffix("/snapshots/old/2023-11-14T22-13-20Z.json"))
        #expect(store.latestSnapshotPath(account: "old") == second)
        let latest = try store.latestSnapshot(account: "old")
        #expect(latest == snapshot(at: 1_700_000_060, incidents: 2))
        #expect(latest.counts == ["incidents": 2, "groups": 0])
        #expect(FileManager.default.fileExists(atPath: first), "earlier snapshots are kept")
    }

    @Test func neverOverwritesASnapshotTakenInTheSameSecond() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        let paths = try (1...11).map { try store.save(snapshot(incidents: $0)) }
        #expect(Set(paths).count == 11)
        #expect(try store.latestSnapshot(account: "old").counts["incidents"] == 11)
    }

    /// Pruning frees the oldest name of a second; a later snapshot of that second still sorts last.
    @Test func aSnapshotSavedAfterPruningInTheSameSecondIsTheLatest() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root, snapshotRetention: 2)
        for incidents in 1...3 {
            _ = try store.save(snapshot(incidents: incidents))
            _ = store.pruneSnapshots(account: "old")
        }
        let newest = try store.save(snapshot(incidents: 4))
        #expect(store.latestSnapshotPath(account: "old") == newest)
        _ = store.pruneSnapshots(account: "old")
        #expect(try store.latestSnapshot(account: "old").counts["incidents"] == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.snapshotDirectory(account: "old")).count == 2)
    }

    @Test func theDigestDependsOnContentOnly() {
        #expect(snapshot(at: 1).digest == snapshot(at: 2).digest)
        #expect(snapshot(incidents: 1).digest != snapshot(incidents: 2).digest)
        #expect(snapshot().digest.hasPrefix("sha256:"))
    }

    @Test func refusesACorruptSnapshotAndLeavesItAlone() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        let path = try store.save(snapshot())
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        for corruption in [original.prefix(original.count / 2), Data("[]".utf8)] {
            try corruption.write(to: URL(fileURLWithPath: path))
            #expect {
                try store.latestSnapshot(account: "old")
            } throws: { error in
                guard case .corrupt(let reported, _) = error as? StoreError else { return false }
                return reported == path
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == corruption)
        }
    }

    @Test func refusesASnapshotWhoseContentNoLongerMatchesItsDigest() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        let path = try store.save(snapshot())
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "Ünïcode 0", with: "edited")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.corrupt(path: path, reason: "its content does not match its digest")) {
            try store.latestSnapshot(account: "old")
        }
    }

    @Test func refusesASnapshotFromANewerStatussync() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        let path = try store.save(snapshot())
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 7")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.tooNew(path: path, found: 7, newestSupported: 1)) {
            try store.latestSnapshot(account: "old")
        }
    }

    @Test func saysWhatToDoWhenThereIsNoSnapshot() throws {
        let store = FileStore(root: "/nonexistent-store")
        #expect(throws: StoreError.noSnapshot(account: "new", directory: "/nonexistent-store/snapshots/new")) {
            try store.latestSnapshot(account: "new")
        }
        #expect(StoreError.noSnapshot(account: "new", directory: "d").description.contains("statussync snapshot new"))
    }

    @Test func readsThePayloadAsWireTypesInOnePass() throws {
        let data = JSONValue.object([
            "services": .array([.object(["id": .number(1), "name": .string("API"), "status": .string("MO")])])
        ])
        let bytes = try Snapshot(
            provider: .freshstatus, account: "a", fetchedAt: Instant(secondsSince1970: 0), calls: 1, data: data
        )
        .encoded()
        let (header, payload) = try Snapshot.decodePayload(bytes, as: Freshstatus.AccountData.self, path: "p")
        #expect(header.digest == Snapshot.digest(of: data))
        #expect(try AccountState(payload).services.map(\.status) == [.majorOutage])
    }

    /// The snapshot's digest is checked on the file's own bytes, without decoding the data a second time.
    @Test func theDigestOfTheDataAsWrittenIsItsCanonicalDigest() throws {
        let data = JSONValue.object([
            "incidents": .array([
                .object([
                    "id": .number(7), "title": .string("say \"hi\" \\ a/b\n\t ✓ 東京"), "empty": .array([]),
                    "nested": .object(["z": .bool(true), "a": .null, "n": .number(-1.5)]), "none": .object([:]),
                ])
            ]),
            "groups": .array([]), "data": .string("data"),
        ])
        let bytes = try Snapshot(
            provider: .freshstatus, account: "data", fetchedAt: Instant(secondsSince1970: 0), calls: 1, data: data
        ).encoded()
        #expect(CompactJSON.digestOfMember("data", in: bytes) == Snapshot.digest(of: data))
        #expect(CompactJSON.digestOfMember("missing", in: bytes) == nil)
        // A scalar member, followed by another or last in its object.
        #expect(
            CompactJSON.digestOfMember("b", in: Data(#"{"a": {"b": 1}, "b" : 12 , "c": 3}"#.utf8)) == "sha256:"
                + SHA256.hex(of: Array("12".utf8)))
        #expect(
            CompactJSON.digestOfMember("b", in: Data(#"{"b": "x, }"}"#.utf8)) == "sha256:"
                + SHA256.hex(of: Array(#""x, }""#.utf8)))
    }

    /// A snapshot written by another tool (other key order, no indentation) is still checked and read.
    @Test func aSnapshotWrittenInAnotherKeyOrderIsCheckedTheLongWay() throws {
        let data = JSONValue.object([
            "services": .array([.object(["name": .string("API"), "id": .number(1), "status": .string("MO")])])
        ])
        let text =
            #"{"data":{"services":[{"status":"MO","name":"API","id":1}]},"digest":"\#(Snapshot.digest(of: data))","#
            + #""format":"statussync-snapshot","formatVersion":1,"provider":"freshstatus","account":"a","#
            + #""fetchedAt":"1970-01-01T00:00:00Z"}"#
        let reordered = Data(text.utf8)
        #expect(CompactJSON.digestOfMember("data", in: reordered) != Snapshot.digest(of: data))
        let (header, payload) = try Snapshot.decodePayload(reordered, as: Freshstatus.AccountData.self, path: "p")
        #expect(header.digest == Snapshot.digest(of: data))
        #expect(payload.services.map { $0.name } == ["API"])
        let edited = Data(text.replacingOccurrences(of: "API", with: "APX").utf8)
        #expect(throws: StoreError.corrupt(path: "p", reason: "its content does not match its digest")) {
            try Snapshot.decodePayload(edited, as: Freshstatus.AccountData.self, path: "p")
        }
    }

    /// A file as statussync writes it is read without encoding its data again, into the snapshot that was saved; one
    /// in another key order is read the long way into the same; an edited one is refused either way.
    @Test func aSnapshotReadsBackWhole() throws {
        let data = JSONValue.object([
            "incidents": .array([
                .object(["id": .number(7), "title": .string("Störung / \"API\"\n"), "n": .number(1e20)])
            ]),
            "services": .array([]),
        ])
        var saved = Snapshot(
            provider: .freshstatus, account: "a", fetchedAt: Instant(secondsSince1970: 60),
            startedAt: Instant(secondsSince1970: 58), calls: 3, data: data)
        saved.scopeCalls = FetchScopeCalls(full: 30, recent: 2)
        saved.carriedOver = true
        let bytes = try saved.encoded()
        #expect(Snapshot.fastPayload(bytes, as: JSONValue.self) != nil, "the fast path reads it")
        let read = try Snapshot.decode(bytes, path: "p")
        #expect(read == saved)
        #expect(read.digest == Snapshot.digest(of: data))
        #expect(read.startedAt == saved.startedAt && read.carriedOver && read.scopeCalls == saved.scopeCalls)

        let compact = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: bytes))
        #expect(Snapshot.fastPayload(compact, as: JSONValue.self) == nil || compact == bytes)
        #expect(try Snapshot.decode(compact, path: "p") == saved)
        for edited in [bytes, compact] {
            let text = String(decoding: edited, as: UTF8.self).replacingOccurrences(of: "Störung", with: "Stoerung")
            #expect(throws: StoreError.corrupt(path: "p", reason: "its content does not match its digest")) {
                try Snapshot.decode(Data(text.utf8), path: "p")
            }
        }
    }

    @Test func aSecondLockOnTheSameNameIsRefusedUntilTheFirstIsReleased() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        var first: StoreLock? = try store.lock("pair-migrate")
        #expect(first != nil)
        #expect {
            try store.lock("pair-migrate")
        } throws: { error in
            guard case .locked(_, let holder) = error as? StoreError else { return false }
            return holder == "pid \(getpid())"
        }
        _ = try store.lock("pair-other")
        first = nil
        _ = try store.lock("pair-migrate")
    }

    @Test func atomicWritesLeaveNoTemporaryFiles() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/nested/dir/file.json"
        try AtomicFile.write(Data("one".utf8), to: path)
        try AtomicFile.write(Data("two".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/nested/dir") == ["file.json"])
        #expect(throws: StoreError.self) { try AtomicFile.write(Data(), to: "/proc/statussync-cannot-write/x") }
    }
}
