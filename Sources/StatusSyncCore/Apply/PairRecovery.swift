import Foundation

/// Reads what an interrupted run left in a pair's journal into the pair's state, losing nothing.
///
/// Needs no provider: the command that repairs an unreadable journal uses it without credentials.
package struct PairRecovery: Sendable {
    /// The pair's name.
    package var pair: String
    /// The store.
    package var store: FileStore

    /// Creates a recovery for `pair` in `store`.
    package init(pair: String, store: FileStore) {
        self.pair = pair
        self.store = store
    }

    /// The pair's links after recovering what an interrupted run left in the journal.
    ///
    /// Results in the journal become links; creates that were sent but never answered are kept in
    /// the state as in doubt (``PairState/inDoubt``) until an apply settles them, whatever runs in
    /// between and however it ends. The state is saved before the journal is emptied, so nothing is
    /// lost at any instant. The returned keys are every create still in doubt: the next plan adopts
    /// what those writes may have created, whatever the mapping's `matching` says.
    package func recover() throws(StoreError) -> (state: PairState, settlingKeys: Set<String>) {
        let path = store.journalPath(pair: pair)
        let replay: Journal.Replay
        do {
            replay = try Journal.replay(path: path)
        } catch .unreadableJournal(let path, let line, _) {
            throw .unreadableJournal(path: path, line: line, pair: pair)
        }
        var state = try store.pairState(pair)
        if replay.length > 0 {
            state.fold(replay.results)
            state.remember(replay.inDoubt)
            try store.save(state)
            try Journal(path: path).reset()
        }
        return (state, Set(state.inDoubt.keys))
    }

    /// What ``repair()`` did.
    package struct Repair: Sendable, Hashable {
        /// Links recovered from readable results.
        package var results: Int
        /// Creates left in doubt by readable intents.
        package var inDoubt: Int
        /// Lines that could not be read.
        package var unreadableLines: [Int]
        /// Where the journal's bytes were kept, when it had unreadable lines.
        package var keptAt: String?
    }

    /// Recovers from a journal with unreadable lines without losing anything: every readable result
    /// becomes a link, every readable unanswered create stays in doubt, the journal's bytes are kept
    /// beside it, and the next apply adopts every unlinked entity by its natural key (an unreadable
    /// line may have been a create), whatever `matching` says.
    package func repair(now: Instant) throws(StoreError) -> Repair {
        let path = store.journalPath(pair: pair)
        let replay = try Journal.replay(path: path, lenient: true)
        var state = try store.pairState(pair)
        state.fold(replay.results)
        state.remember(replay.inDoubt)
        var keptAt: String?
        if !replay.unreadableLines.isEmpty {
            state.settlesByNaturalKey = true
            let copy = path + ".unreadable-" + now.iso8601.replacingOccurrences(of: ":", with: "")
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw .io(path: path, reason: "cannot read it")
            }
            try AtomicFile.write(bytes, to: copy)
            keptAt = copy
        }
        try store.save(state)
        if replay.length > 0 { try Journal(path: path).reset() }
        return Repair(
            results: replay.results.count, inDoubt: replay.inDoubt.count, unreadableLines: replay.unreadableLines,
            keptAt: keptAt)
    }
}
