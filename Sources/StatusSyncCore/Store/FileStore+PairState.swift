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
        struct Version: Decodable { var formatVersion: Int }
        let decoder = JSONCoding.makeDecoder()
        guard let version = try? decoder.decode(Version.self, from: bytes) else {
            throw .corrupt(path: path, reason: "not a statussync state file")
        }
        guard version.formatVersion <= PairState.currentVersion else {
            throw .tooNew(path: path, found: version.formatVersion, newestSupported: PairState.currentVersion)
        }
        do {
            return try decoder.decode(PairState.self, from: bytes)
        } catch {
            throw .corrupt(path: path, reason: JSONValidator.reason(for: error))
        }
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
