/// The health of a service on one canonical, provider-neutral scale.
///
/// Freshstatus has five values (`OP PD PO MO UM`), StatusHub three (`up degraded-performance down`).
/// The canonical scale keeps all five, so nothing is lost on the way in; collapsing to a smaller
/// vocabulary is the mapping file's decision, never the model's. Each provider's vocabulary is tied
/// to this scale in one place, ``ProviderCapabilities/statusCodes``, read through ``ComponentStatus/code(for:)``
/// and ``ComponentStatus/init(code:provider:)``.
package enum ComponentStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Working normally.
    case operational
    /// Under planned maintenance.
    case underMaintenance
    /// Working, but slower or less reliable than usual.
    case degradedPerformance
    /// Partly unavailable.
    case partialOutage
    /// Unavailable.
    case majorOutage

    /// How bad the status is: when several events affect a service, the worst wins.
    package var severity: Int {
        switch self {
        case .operational: 0
        case .underMaintenance: 1
        case .degradedPerformance: 2
        case .partialOutage: 3
        case .majorOutage: 4
        }
    }

    package static func < (lhs: ComponentStatus, rhs: ComponentStatus) -> Bool { lhs.severity < rhs.severity }

    /// The provider's code for this status, or `nil` when the provider has no such value
    /// (StatusHub has no partial outage and no maintenance status).
    package func code(for provider: ProviderID) -> String? {
        provider.capabilities.statusCodes[self]
    }

    /// Reads a provider's code; `nil` when the provider has no such code.
    package init?(code: String, provider: ProviderID) {
        guard let match = provider.capabilities.statusCodes.first(where: { $0.value == code })?.key else { return nil }
        self = match
    }

    /// Every code the provider knows, in canonical order.
    package static func vocabulary(of provider: ProviderID) -> [String] {
        allCases.compactMap { $0.code(for: provider) }
    }
}
