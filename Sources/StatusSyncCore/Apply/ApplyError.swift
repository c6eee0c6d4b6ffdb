import Foundation

/// A planned change the applier cannot turn into a write.
package enum ApplyError: Error, Hashable {
    /// An update, adoption or delete without the target id it needs.
    case missingTarget(key: String)
    /// A create or update without the desired entity.
    case missingPayload(key: String)
    /// A reference (a service's group, an incident's service) whose target was not written.
    case unresolved(key: String, reference: String)
    /// The plan was refused before any write: without a terminal and without `--yes`, say.
    case refused(reason: String)
}

extension ApplyError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .missingTarget(let key): "\(key): the plan names no target id for it"
        case .missingPayload(let key): "\(key): the plan holds no entity to write"
        case .unresolved(let key, let reference):
            "\(key): \(reference) has no target yet (its write failed or was skipped)"
        case .refused(let reason): reason
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension ApplyError: LocalizedError {
    package var errorDescription: String? { description }
}
