import Foundation

/// A provider that reads one incident or maintenance by id, as a targeted sync needs.
package protocol SingleItemReading: StatusPageProvider {
    /// Reads one incident or maintenance in its snapshot shape, or `nil` when the provider says 404.
    ///
    /// - Parameters:
    ///   - kind: ``EntityKind/incident`` or ``EntityKind/maintenance``.
    ///   - id: The provider's id.
    /// - Returns: The item as the API sent it, updates embedded.
    /// - Throws: ``ProviderError``, or `CancellationError`.
    func item(_ kind: EntityKind, id: String) async throws -> JSONValue?
}
