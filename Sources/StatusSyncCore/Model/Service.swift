/// A service (Freshstatus) or component (StatusHub) shown on a status page.
package struct Service: Sendable, Hashable, Codable {
    /// The provider's id for the service.
    package var id: String
    /// The service's name, which is also its natural key when matching across accounts.
    package var name: String
    /// Free text shown with the service; empty when the provider has none.
    package var description: String
    /// Position among its siblings.
    package var position: Int
    /// The id of the group the service belongs to, if any.
    package var groupID: String?
    /// The current status, which both providers derive from open events (read-only there).
    package var status: ComponentStatus

    /// Creates a service.
    package init(
        id: String, name: String, description: String = "", position: Int = 0, groupID: String? = nil,
        status: ComponentStatus = .operational
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.position = position
        self.groupID = groupID
        self.status = status
    }
}
