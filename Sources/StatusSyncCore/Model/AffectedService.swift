/// A service an event affects, with the status the event gives it.
package struct AffectedService: Sendable, Hashable, Codable, Comparable {
    /// The provider's id for the service.
    package var serviceID: String
    /// The status the event sets.
    package var status: ComponentStatus

    /// Creates an affected-service entry.
    package init(serviceID: String, status: ComponentStatus) {
        self.serviceID = serviceID
        self.status = status
    }

    /// Orders by service id, then status, so lists compare equal regardless of the order a provider returns.
    package static func < (lhs: AffectedService, rhs: AffectedService) -> Bool {
        (lhs.serviceID, lhs.status.severity) < (rhs.serviceID, rhs.status.severity)
    }
}
