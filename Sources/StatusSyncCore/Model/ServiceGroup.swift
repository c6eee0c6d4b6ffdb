/// A group of services.
///
/// Freshstatus groups nest through ``parentID``; StatusHub groups are flat.
package struct ServiceGroup: Sendable, Hashable, Codable {
    /// The provider's id for the group.
    package var id: String
    /// The group's name, which is also its natural key when matching across accounts.
    package var name: String
    /// Free text shown with the group; empty when the provider has none.
    package var description: String
    /// Position among its siblings (Freshstatus `order`, StatusHub `position`).
    package var position: Int
    /// The id of the enclosing group, or `nil` at the top level.
    package var parentID: String?

    /// Creates a group.
    package init(id: String, name: String, description: String = "", position: Int = 0, parentID: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.position = position
        self.parentID = parentID
    }
}
