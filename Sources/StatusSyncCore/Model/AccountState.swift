/// Everything statussync knows of one account, in provider-neutral terms.
///
/// A snapshot in the store keeps the provider's raw JSON; this is what that JSON means. The
/// mapper turns a source ``AccountState`` into the desired target state, and the planner compares
/// it with the target's.
package struct AccountState: Sendable, Hashable, Codable {
    /// The provider the account belongs to.
    package var provider: ProviderID
    /// Groups, parents before children.
    package var groups: [ServiceGroup]
    /// Services.
    package var services: [Service]
    /// The account's incident phase vocabulary.
    package var phases: [IncidentPhase]
    /// Incidents with their timelines.
    package var incidents: [Incident]
    /// Maintenances with their timelines.
    package var maintenances: [Maintenance]
    /// Incident update templates (StatusHub).
    package var incidentTemplates: [IncidentTemplate]
    /// Maintenance templates (StatusHub).
    package var maintenanceTemplates: [MaintenanceTemplate]

    /// Creates an account state; every list defaults to empty.
    package init(
        provider: ProviderID, groups: [ServiceGroup] = [], services: [Service] = [], phases: [IncidentPhase] = [],
        incidents: [Incident] = [], maintenances: [Maintenance] = [], incidentTemplates: [IncidentTemplate] = [],
        maintenanceTemplates: [MaintenanceTemplate] = []
    ) {
        self.provider = provider
        self.groups = groups
        self.services = services
        self.phases = phases
        self.incidents = incidents
        self.maintenances = maintenances
        self.incidentTemplates = incidentTemplates
        self.maintenanceTemplates = maintenanceTemplates
    }
}
