import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The append-only, fsync'd record of every write an apply makes: an intent before the call, the
/// result after it.
///
/// Killed at any instant, a run leaves a journal whose results are the links it made (folded
/// into the pair's state on the next start) and whose unanswered intents are the writes whose
/// outcome is unknown: the next run settles them by reading the target and adopting what it finds.
package final class Journal: Sendable {
    /// One line of the journal.
    package struct Entry: Sendable, Hashable, Codable {
        /// `intent` before a call, `result` after it.
        package enum Phase: String, Sendable, Hashable, Codable {
            /// The call is about to be sent.
            case intent
            /// The provider answered (or the call failed for certain).
            case result
        }

        /// Whether this is an intent or a result.
        package var phase: Phase
        /// The planned change's action.
        package var action: PlannedChange.Action
        /// The entity's kind.
        package var kind: EntityKind
        /// The entity's key.
        package var key: String
        /// The enclosing entity's key, for timeline entries.
        package var parentKey: String?
        /// The target id: known for results of creates, and for updates and deletes.
        package var targetID: String?
        /// For results: whether the write took effect.
        package var succeeded: Bool?
        /// When the line was written.
        package var at: Instant

        /// Creates an entry.
        package init(
            phase: Phase, action: PlannedChange.Action, kind: EntityKind, key: String, parentKey: String? = nil,
            targetID: String? = nil, succeeded: Bool? = nil, at: Instant
        ) {
            self.phase = phase
            self.action = action
            self.kind = kind
            self.key = key
            self.parentKey = parentKey
            self.targetID = targetID
            self.succeeded = succeeded
            self.at = at
        }
    }

    /// What a journal left by an earlier run says.
    package struct Replay: Sendable, Hashable {
        /// Results of writes that took effect, in order.
        package var results: [Entry]
        /// Intents with no result: writes whose outcome is unknown.
        package var inDoubt: [Entry]

        /// Lines that could not be read, by number from 1 (only when read leniently).
        package var unreadableLines: [Int] = []
        /// The journal file's size in bytes: a torn line alone still makes it non-zero.
        package var length = 0

        /// Whether the earlier run finished cleanly (or there was none).
        package var isEmpty: Bool { results.isEmpty && inDoubt.isEmpty }
    }

    /// The journal file's path.
    package let path: String
    private let descriptor: Mutex<Int32>

    /// Opens the journal at `path` for appending, creating it if needed.
    ///
    /// A last line cut short by a process that died while writing it is cut off first: it was never
    /// acknowledged, and a line appended right after it would make both unreadable.
    package init(path: String) throws(StoreError) {
        try AtomicFile.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: path, reason: AtomicFile.errnoText()) }
        if let data = FileManager.default.contents(atPath: path), data.last.map({ $0 != 0x0A }) == true {
            let kept = (data.lastIndex(of: 0x0A).map { $0 + 1 } ?? data.startIndex) - data.startIndex
            guard ftruncate(fd, off_t(kept)) == 0, fsync(fd) == 0 else {
                let reason = AtomicFile.errnoText()
                close(fd)
                throw .io(path: path, reason: reason)
            }
        }
        self.path = path
        self.descriptor = Mutex(fd)
    }

    deinit {
        descriptor.withLock { _ = close($0) }
    }

    /// Appends `entry` as one line and flushes it to disk before returning.
    package func append(_ entry: Entry) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(entry) else {
            throw .io(path: path, reason: "cannot encode a journal entry")
        }
        line.append(0x0A)
        let failure: String? = descriptor.withLock { fd in
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == line.count else { return AtomicFile.errnoText() }
            return fsync(fd) == 0 ? nil : AtomicFile.errnoText()
        }
        if let failure { throw .io(path: path, reason: failure) }
    }

    /// Empties the journal once its results are safely in the pair's state file.
    package func reset() throws(StoreError) {
        let failure: String? = descriptor.withLock { fd in
            guard ftruncate(fd, 0) == 0, fsync(fd) == 0 else { return AtomicFile.errnoText() }
            return nil
        }
        if let failure { throw .io(path: path, reason: failure) }
    }

    /// Reads a journal left by an earlier run.
    ///
    /// A last line cut short (the process died while writing it) is ignored: its intent had not
    /// been sent. Any other unreadable line makes the journal unreadable, unless `lenient`, when it
    /// is skipped and counted in ``Replay/unreadableLines``.
    /// - Throws: ``StoreError/unreadableJournal(path:line:pair:)`` (with an empty pair name).
    package static func replay(path: String, lenient: Bool = false) throws(StoreError) -> Replay {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            return Replay(results: [], inDoubt: [])
        }
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        let decoder = JSONDecoder()
        var results: [Entry] = []
        var open: [String: Entry] = [:]
        var order: [String] = []
        var unreadable: [Int] = []
        for (number, line) in lines.enumerated() where !line.isEmpty {
            guard let entry = try? decoder.decode(Entry.self, from: Data(line)) else {
                let isLastLine = number == lines.count - 1
                if isLastLine { break }
                guard lenient else { throw .unreadableJournal(path: path, line: number + 1, pair: "") }
                unreadable.append(number + 1)
                continue
            }
            switch entry.phase {
            case .intent:
                if open[entry.key] == nil { order.append(entry.key) }
                open[entry.key] = entry
            case .result:
                open[entry.key] = nil
                if entry.succeeded == true { results.append(entry) }
            }
        }
        var replay = Replay(results: results, inDoubt: order.compactMap { open[$0] })
        replay.unreadableLines = unreadable
        replay.length = data.count
        return replay
    }
}

extension PairState {
    /// Records the creates a journal left unanswered, so that they stay in doubt after the journal is emptied.
    package mutating func remember(_ intents: [Journal.Entry]) {
        for entry in intents where entry.action == .create && inDoubt[entry.key] == nil {
            inDoubt[entry.key] = InDoubtWrite(kind: entry.kind, parentKey: entry.parentKey, since: entry.at)
        }
    }

    /// Folds the results of a journal into the links: a create links its target id, a delete unlinks it.
    ///
    /// A result settles the key: it is no longer in doubt.
    package mutating func fold(_ results: [Journal.Entry]) {
        for entry in results {
            inDoubt[entry.key] = nil
            switch entry.action {
            case .delete:
                links[entry.key] = nil
            case .create, .adopt, .update:
                guard let targetID = entry.targetID else { continue }
                let origin: LinkOrigin = entry.action == .create ? .created : (links[entry.key]?.origin ?? .adopted)
                links[entry.key] = Link(
                    kind: entry.kind, targetID: targetID, origin: origin, parentKey: entry.parentKey,
                    updatedAt: entry.at)
            }
        }
    }
}
