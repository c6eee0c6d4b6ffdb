/// The status-page providers statussync speaks to.
package enum ProviderID: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Freshstatus, API v1.
    case freshstatus
    /// StatusHub, Management API v3.
    case statushub

    /// The provider's name as users write it in configuration and on the command line.
    package var description: String { rawValue }

    /// The provider's name for people: "Freshstatus" or "StatusHub".
    package var displayName: String { capabilities.displayName }
}
