import Foundation

extension FileStore {
    /// Reads a pair's links; a pair that has never been applied has none.
    ///
    /// - Throws: ``StoreError/corrupt(path:reason:)`` or ``StoreError/tooNew(path:found:newestSupported:)``;
    ///   the file is left as it is.
    package func pairState(_ pair: String) throws(StoreError) -> PairState {
        let path = statePath(pair: pair)
        guard FileManager.default.fileExists(atPath: path) else { return PairState(pair: pair) }
        let bytes = try read(path)
        if let state = PairState.fastRead(bytes) { return state }
        return try VersionedFile(newest: PairState.currentVersion).decode(
            PairState.self, from: bytes,
            missing: StoreError.corrupt(path: path, reason: "not a statussync state file"),
            unsupported: { .tooNew(path: path, found: $0, newestSupported: PairState.currentVersion) },
            corrupt: { .corrupt(path: path, reason: JSONValidator.reason(for: $0)) })
    }

    /// Writes a pair's links atomically.
    package func save(_ state: PairState) throws(StoreError) {
        let path = statePath(pair: state.pair)
        let data: Data
        do {
            data = try JSONCoding.makeEncoder().encode(state)
        } catch {
            throw .io(path: path, reason: "cannot encode the state")
        }
        try AtomicFile.write(data, to: path)
    }
}
