import Foundation

extension AccountState {
    /// Reads a snapshot file's data as the model, decoding the provider's JSON in one pass.
    ///
    /// - Parameters:
    ///   - bytes: the snapshot file's contents.
    ///   - path: the file's path, for errors.
    ///   - provider: the provider the account belongs to, whose shape the data is in.
    /// - Returns: the snapshot's header and the account it holds.
    /// - Throws: ``StoreError`` for a file that is not a snapshot this build reads, or that holds another
    ///   provider's data; ``ConversionError`` for provider values outside the model's vocabulary.
    package static func fromSnapshot(
        _ bytes: Data, path: String, provider: ProviderID
    ) throws -> (header: SnapshotHeader, state: AccountState) {
        let (header, state) = try decode(bytes, path: path, as: provider.definition)
        guard header.provider == provider else {
            throw StoreError.corrupt(path: path, reason: "it holds \(header.provider) data, not \(provider)")
        }
        return (header, state)
    }

    /// Decodes the snapshot's header and data in one pass, in the shape of `definition`'s provider.
    private static func decode<Definition: ProviderDefinition>(
        _ bytes: Data, path: String, as definition: Definition
    ) throws -> (header: SnapshotHeader, state: AccountState) {
        let decoded = try Snapshot.decodePayload(bytes, as: Definition.AccountData.self, path: path)
        return (decoded.header, try definition.state(from: decoded.data))
    }
}
