/// The one place a provider id picks its definition.
extension ProviderID {
    /// Everything statussync knows about the provider: the registry of provider definitions.
    package var definition: any ProviderDefinition {
        switch self {
        case .freshstatus: FreshstatusDefinition()
        case .statushub: StatusHubDefinition()
        }
    }
}
