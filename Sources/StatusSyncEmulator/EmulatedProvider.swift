/// The providers the emulators stand in for.
package enum EmulatedProvider: String, Sendable, CaseIterable {
    /// Freshstatus API v1.
    case freshstatus
    /// StatusHub Management API v3.
    case statushub
}
