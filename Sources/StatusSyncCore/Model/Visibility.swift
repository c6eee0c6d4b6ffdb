/// Who can see an incident, a maintenance or one of their updates.
///
/// Freshstatus marks entities `is_private`; StatusHub gives them a `state` of `draft`,
/// `unconfirmed` or `published`. The model keeps every value either side can hold.
package enum Visibility: String, Sendable, Hashable, Codable, CaseIterable {
    /// Shown on the public status page.
    case published
    /// Freshstatus `is_private`: shown only to signed-in team members.
    case `private`
    /// StatusHub `draft`: not published yet.
    case draft
    /// StatusHub `unconfirmed`: awaiting confirmation.
    case unconfirmed

    /// Whether the public page shows it.
    package var isPublic: Bool { self == .published }
}
