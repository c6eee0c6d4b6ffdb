import Foundation

/// Provider data that cannot be expressed in the domain model.
package enum ConversionError: Error, Hashable {
    /// A component status code the provider's vocabulary does not have.
    case unknownStatus(provider: ProviderID, entity: String, value: String)
    /// A visibility state the provider's vocabulary does not have.
    case unknownState(provider: ProviderID, entity: String, value: String)
}

extension ConversionError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .unknownStatus(let provider, let entity, let value):
            "\(provider.displayName) \(entity) has the unknown status '\(value)' (known: "
                + ComponentStatus.vocabulary(of: provider).joined(separator: ", ") + ")"
        case .unknownState(let provider, let entity, let value):
            "\(provider.displayName) \(entity) has the unknown state '\(value)' (known: draft, unconfirmed, published)"
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension ConversionError: LocalizedError {
    package var errorDescription: String? { description }
}

extension ComponentStatus {
    /// Reads a provider's status code, naming the entity when the code is not the provider's.
    ///
    /// - Throws: ``ConversionError/unknownStatus(provider:entity:value:)``.
    package init(code: String, provider: ProviderID, entity: String) throws(ConversionError) {
        guard let status = ComponentStatus(code: code, provider: provider) else {
            throw .unknownStatus(provider: provider, entity: entity, value: code)
        }
        self = status
    }
}
