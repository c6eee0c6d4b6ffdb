import Foundation
import StatusSyncCore
import Testing

@Suite struct JournalTests {
    let at = Instant(secondsSince1970: 1_767_225_600)

    func intent(_ key: String, _ action: PlannedChange.Action = .create, kind: EntityKind = .incident) -> Journal.Entry
    {
        Journal.Entry(phase: .intent, action: action, kind: kind, key: key, at: at)
    }

    func result(
        _ key: String, _ id: String?, _ action: PlannedChange.Action = .create, kind: EntityKind = .incident,
        ok: Bool = true
    )
        -> Journal.Entry
    {
        Journal.Entry(phase: .result, action: action, kind: kind, key: key, targetID: id, succeeded: ok, at: at)
    }

    @Test func replaysResultsAndFindsTheWritesInDoubt() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/p.journal"
        let journal = try Journal(path: path)
        for entry in [
            intent("incident:1"), result("incident:1", "501"), intent("incident:2"), intent("incident:3"),
            result("incident:3", nil, ok: false), intent("service:9", .delete, kind: .service),
            result("service:9", "77", .delete, kind: .service),
        ] {
            try journal.append(entry)
        }
        let replay = try Journal.replay(path: path)
        #expect(replay.results.map(\.key) == ["incident:1", "service:9"])
        #expect(replay.inDoubt.map(\.key) == ["incident:2"])

        var state = PairState(pair: "p")
        state.links["service:9"] = Link(kind: .service, targetID: "77", origin: .created, updatedAt: at)
        state.fold(replay.results)
        #expect(state.links["incident:1"]?.targetID == "501")
        #expect(state.links["incident:1"]?.origin == .created)
        #expect(state.links["service:9"] == nil)

        try journal.reset()
        #expect(try Journal.replay(path: path).isEmpty)
    }

    @Test func aLastLineCutShortIsIgnoredAndAnyOtherBadLineIsCorruption() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/p.journal"
        let journal = try Journal(path: path)
        try journal.append(intent("incident:1"))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"phase":"result","act"#.utf8))
        try handle.close()
        #expect(try Journal.replay(path: path).inDoubt.map(\.key) == ["incident:1"])

        try Data("garbage\n{}\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.unreadableJournal(path: path, line: 1, pair: "")) {
            try Journal.replay(path: path)
        }
        let lenient = try Journal.replay(path: path, lenient: true)
        #expect(lenient.unreadableLines == [1, 2] && lenient.isEmpty)
    }

    @Test func aTornLastLineIsCutOffBeforeAnythingIsAppendedAfterIt() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/p.journal"
        try Data(#"{"phase":"intent","act"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try Journal.replay(path: path).isEmpty)
        #expect(try Journal.replay(path: path).length > 0)

        let journal = try Journal(path: path)
        try journal.append(intent("incident:2"))
        #expect(try Journal.replay(path: path).inDoubt.map(\.key) == ["incident:2"])

        let whole = try #require(FileManager.default.contents(atPath: path))
        try (whole + Data(#"{"phase":"res"#.utf8)).write(to: URL(fileURLWithPath: path))
        _ = try Journal(path: path)
        #expect(FileManager.default.contents(atPath: path) == whole, "only the torn tail is cut off")
    }

    @Test func recoveryEmptiesAJournalHoldingOnlyATornLineAndKeepsCreatesInDoubtInTheState() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = FileStore(root: directory)
        let path = store.journalPath(pair: "p")
        let recovery = PairRecovery(pair: "p", store: store)
        try FileManager.default.createDirectory(
            atPath: directory + "/state", withIntermediateDirectories: true)
        try Data(#"{"phase":"intent","act"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try recovery.recover().settlingKeys.isEmpty)
        #expect(FileManager.default.contents(atPath: path)?.isEmpty == true)

        try Journal(path: path).append(intent("incident:3"))
        let recovered = try recovery.recover()
        #expect(recovered.settlingKeys == ["incident:3"])
        #expect(try store.pairState("p").inDoubt["incident:3"]?.kind == .incident)
        #expect(FileManager.default.contents(atPath: path)?.isEmpty == true)
        #expect(try recovery.recover().settlingKeys == ["incident:3"], "still in doubt on the next run")
    }

    @Test func aMissingJournalIsAnEmptyOne() throws {
        #expect(try Journal.replay(path: "/nonexistent/x.journal").isEmpty)
    }
}
