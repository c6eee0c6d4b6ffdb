import Foundation

extension AccountState {
    /// Reads a snapshot file's data as the model, decoding the provider's JSON in one pass.
    ///
    /// - Parameters:
    ///   - bytes: the snapshot file's contents.
    ///   - path: the file's path, for errors.
    /// - Returns: the snapshot's header and the account it holds.
    /// - Throws: ``StoreError`` for a file that is not a snapshot this build reads; ``ConversionError``
    ///   for provider values outside the model's vocabulary.
    package static func fromSnapshot(_ bytes: Data, path: String) throws -> (
        header: SnapshotHeader, state: AccountState
    ) {
        struct Probe: Decodable { var provider: ProviderID? }
        switch (try? JSONDecoder().decode(Probe.self, from: bytes))?.provider {
        case .freshstatus:
            let (header, data) = try Snapshot.decodePayload(bytes, as: Freshstatus.AccountData.self, path: path)
            return (header, try AccountState(data))
        case .statushub:
            let (header, data) = try Snapshot.decodePayload(bytes, as: StatusHub.AccountData.self, path: path)
            return (header, try AccountState(data))
        case nil:
            _ = try Snapshot.decodePayload(bytes, as: JSONValue.self, path: path)
            throw StoreError.corrupt(path: path, reason: "no known provider")
        }
    }
}
