/// What a provider can do, as the generic passes (mapping, planning, apply, verification) ask it.
///
/// The generic passes never compare provider ids: they ask the target's (or the source's)
/// capabilities. Each provider's value is written once, in ``ProviderID/capabilities``, so a new
/// provider is one more case there and nothing in the passes treats it silently as another.
package struct ProviderCapabilities: Sendable, Hashable {
    /// How a maintenance tells its story.
    package enum MaintenanceTimeline: Sendable, Hashable {
        /// A list of dated updates, each with a phase and a message.
        case updates
        /// One body; there are no updates.
        case singleBody
    }

    /// How the provider keeps an incident's timeline, as the mapper shapes it.
    package enum IncidentTimeline: Sendable, Hashable {
        /// The updates as listed; the incident has fields of its own.
        case asListed
        /// Append-only updates that carry the incident: opened by a non-resolving update at its start,
        /// resolved only at its end, each with the incident's title and statuses.
        case openedAndResolvedByUpdates
    }

    /// What a private (unpublished) event becomes on the provider.
    package enum PrivateVisibility: Sendable, Hashable {
        /// A private event (Freshstatus `is_private`).
        case `private`
        /// A draft, or unconfirmed when the source's event was unconfirmed (StatusHub).
        case draft
    }

    /// The provider's name for people: "Freshstatus" or "StatusHub".
    package var displayName: String
    /// Whether a group can sit inside another group.
    package var groupsNest: Bool
    /// Whether a group has a description.
    package var groupsHaveDescriptions: Bool
    /// The incident phases when they are the provider's fixed ones, in order, the resolving one last;
    /// `nil` when each account defines its own (and they are entities to create).
    package var fixedPhases: [IncidentPhase]?
    /// Whether an incident's own fields can be changed after it is created; `false` for an
    /// append-only provider, whose incident lives in its updates.
    package var incidentsAreMutable: Bool
    /// Whether an incident has a description of its own (else its text is the opening update's).
    package var incidentsHaveDescription: Bool
    /// Whether an incident is created together with its first update, in one call.
    package var incidentCreatedWithFirstUpdate: Bool
    /// Whether every update carries the incident's title and the services' statuses.
    package var updatesCarryTitleAndStatuses: Bool
    /// Whether an incident must affect at least one service.
    package var incidentNeedsAffectedService: Bool
    /// Whether the provider refuses incident and update times in the future.
    package var refusesFutureTimes: Bool
    /// How a maintenance's timeline is kept.
    package var maintenanceTimeline: MaintenanceTimeline
    /// Whether a maintenance says if it starts and ends by itself (else it always does).
    package var maintenanceHasLifecycleFlags: Bool
    /// Whether a maintenance must end after it starts (else it may end when it starts).
    package var maintenanceEndsAfterStart: Bool
    /// The status a maintenance gives every service it affects; `nil` when the mapped status is kept.
    package var maintenanceAffectedStatus: ComponentStatus?
    /// Whether the provider keeps incident and maintenance templates.
    package var hasTemplates: Bool
    /// What a private event becomes.
    package var privateVisibility: PrivateVisibility
    /// The provider's component status codes, by canonical status; a status it lacks has no entry.
    package var statusCodes: [ComponentStatus: String]
    /// Whether the provider posts webhooks when its events change (else a mirror polls it).
    package var sendsWebhooks: Bool
    /// What the one read per incident that a full fetch makes besides the list pages is called
    /// ("incident details", "updates lists").
    package var incidentReadName: String

    /// How the provider keeps an incident's timeline: following from whether its updates carry the incident.
    package var incidentTimeline: IncidentTimeline {
        updatesCarryTitleAndStatuses ? .openedAndResolvedByUpdates : .asListed
    }

    /// Whether the provider's status vocabulary is smaller than the canonical scale, so that several
    /// canonical statuses collapse onto one of its codes.
    package var collapsesStatuses: Bool { statusCodes.count < ComponentStatus.allCases.count }
}

extension ProviderID {
    /// What the provider can do: the one table of provider capabilities.
    package var capabilities: ProviderCapabilities {
        switch self {
        case .freshstatus: ProviderCapabilities.freshstatus
        case .statushub: ProviderCapabilities.statusHub
        }
    }
}

extension ProviderCapabilities {
    /// Freshstatus v1: nested groups with descriptions, per-account phases, mutable incidents,
    /// maintenance updates, no templates, five status codes.
    fileprivate static let freshstatus = ProviderCapabilities(
        displayName: "Freshstatus", groupsNest: true, groupsHaveDescriptions: true, fixedPhases: nil,
        incidentsAreMutable: true, incidentsHaveDescription: true, incidentCreatedWithFirstUpdate: false,
        updatesCarryTitleAndStatuses: false, incidentNeedsAffectedService: false, refusesFutureTimes: false,
        maintenanceTimeline: .updates, maintenanceHasLifecycleFlags: true, maintenanceEndsAfterStart: false,
        maintenanceAffectedStatus: .underMaintenance,
        hasTemplates: false, privateVisibility: .private,
        statusCodes: [
            .operational: "OP", .underMaintenance: "UM", .degradedPerformance: "PD", .partialOutage: "PO",
            .majorOutage: "MO",
        ], sendsWebhooks: true, incidentReadName: "updates lists")

    /// StatusHub v3: flat groups, fixed incident types, append-only incidents created with their first
    /// update, one-body maintenances, templates, drafts, three status codes.
    fileprivate static let statusHub = ProviderCapabilities(
        displayName: "StatusHub", groupsNest: false, groupsHaveDescriptions: false,
        fixedPhases: IncidentPhase.statusHubTypes, incidentsAreMutable: false, incidentsHaveDescription: false,
        incidentCreatedWithFirstUpdate: true, updatesCarryTitleAndStatuses: true, incidentNeedsAffectedService: true,
        refusesFutureTimes: true, maintenanceTimeline: .singleBody, maintenanceHasLifecycleFlags: false,
        maintenanceEndsAfterStart: true, maintenanceAffectedStatus: nil, hasTemplates: true, privateVisibility: .draft,
        statusCodes: [.operational: "up", .degradedPerformance: "degraded-performance", .majorOutage: "down"],
        sendsWebhooks: false, incidentReadName: "incident details")
}
