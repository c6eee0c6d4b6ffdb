/// A mapping file: how one provider's data becomes another's, for one direction.
///
/// Versioned and declarative; read with ``MappingLoader``, which reports every problem at once.
/// The field-by-field reference is `mappings/README.md`.
package struct MappingFile: Sendable, Hashable {
    /// The newest format version this build reads.
    package static let currentVersion = 1

    /// The provider data is read from.
    package var source: ProviderID
    /// The provider data is written to.
    package var target: ProviderID
    /// Source component status code → target code; covers the source's whole vocabulary.
    package var componentStatus: [String: String]
    /// Source incident phase name → target phase name.
    package var incidentPhases: [String: String]
    /// The target phase for a source update that has none (and for the opening update the mapper adds).
    package var defaultPhase: String
    /// The target phase that ends an incident (StatusHub `resolved`; on Freshstatus, the account's last phase).
    package var resolvedPhase: String
    /// Whether an incident phase the map does not name is carried as it is (identity mappings) instead of failing.
    package var keepsUnmappedPhases: Bool
    /// Source maintenance phase name → target name (Freshstatus targets only; others fold the timeline).
    package var maintenancePhases: [String: String]
    /// Whether a maintenance phase the map does not name is carried as it is instead of failing.
    package var keepsUnmappedMaintenancePhases: Bool
    /// The target maintenance phase for an update that has none or is created from a single message.
    package var defaultMaintenancePhase: String
    /// How entities without a link are matched in the target.
    package var matching: Matching
    /// What is carried and how.
    package var carry: Carry
    /// What to do with what cannot be carried exactly.
    package var lossy: LossyPolicy

    /// Creates a mapping.
    package init(
        source: ProviderID, target: ProviderID, componentStatus: [String: String], incidentPhases: [String: String],
        defaultPhase: String, resolvedPhase: String, keepsUnmappedPhases: Bool = false,
        maintenancePhases: [String: String] = [:], keepsUnmappedMaintenancePhases: Bool = true,
        defaultMaintenancePhase: String = "Scheduled", matching: Matching = Matching(), carry: Carry = Carry(),
        lossy: LossyPolicy = .warn
    ) {
        self.source = source
        self.target = target
        self.componentStatus = componentStatus
        self.incidentPhases = incidentPhases
        self.defaultPhase = defaultPhase
        self.resolvedPhase = resolvedPhase
        self.keepsUnmappedPhases = keepsUnmappedPhases
        self.maintenancePhases = maintenancePhases
        self.keepsUnmappedMaintenancePhases = keepsUnmappedMaintenancePhases
        self.defaultMaintenancePhase = defaultMaintenancePhase
        self.matching = matching
        self.carry = carry
        self.lossy = lossy
    }

    /// Whether entities of each kind are adopted by their natural key when no link exists yet.
    package struct Matching: Sendable, Hashable {
        /// Groups by exact name.
        package var groups = true
        /// Services by exact name.
        package var services = true
        /// Incidents by exact title and start time.
        package var incidents = true
        /// Maintenances by exact title and start time.
        package var maintenances = true
        /// Templates by exact title.
        package var templates = true

        /// Creates the default: every kind is adopted by its natural key.
        package init() {}
    }

    /// What is carried from the source to the target.
    package struct Carry: Sendable, Hashable {
        /// What happens to private incidents, maintenances and updates.
        package var privateEvents: PrivatePolicy = .skip
        /// Only incidents and maintenances that started at or after this instant (open ones always).
        package var since: Instant?
        /// Service renames, source name → target name.
        package var serviceRenames: [String: String] = [:]
        /// Group renames, source name → target name.
        package var groupRenames: [String: String] = [:]
        /// Whether writes notify subscribers (default: never).
        package var notifySubscribers = false
        /// Whether templates are carried (when both providers have them).
        package var templates = true
        /// The message of the update added when a source incident ended without one.
        package var resolvedMessage = "This incident has been resolved."
        /// How incident descriptions cross between Freshstatus and StatusHub.
        ///
        /// `nil` in a mirror, which carries them as they are; ``MappingLoader`` fills in the direction's default.
        package var incidentDescription: IncidentDescriptionRule?

        /// Creates the default: private events skipped, all history, no renames, no notifications.
        package init() {}
    }

    /// What happens to events the source marks private (Freshstatus) or unpublished (StatusHub).
    package enum PrivatePolicy: String, Sendable, Hashable, CaseIterable {
        /// They are not carried.
        case skip
        /// They are carried as the target's closest private form (StatusHub `draft`, Freshstatus `is_private`).
        case `private`
    }

    /// How a Freshstatus incident's `description` and a StatusHub incident's opening update relate.
    ///
    /// Freshstatus shows an incident's description first; StatusHub has no description, only the
    /// timeline. The values a direction accepts are ``allowed(from:to:)``, the first one its default.
    package enum IncidentDescriptionRule: String, Sendable, Hashable, CaseIterable {
        /// Freshstatus → StatusHub: the description becomes the opening update's body, or is put before
        /// that body (a blank line between) when the update has a message of its own. StatusHub →
        /// Freshstatus: the opening update's body becomes the description (the update keeps it too).
        case openingUpdate
        /// Freshstatus → StatusHub: the description is not carried; lossy, a warning per incident that has one.
        case drop
        /// StatusHub → Freshstatus: descriptions stay empty; nothing is lost, the text stays in the opening update.
        case empty

        /// The values a direction accepts, its default first; none in a mirror, which carries descriptions as they are.
        package static func allowed(from source: ProviderID, to target: ProviderID) -> [Self] {
            switch (source.capabilities.incidentsHaveDescription, target.capabilities.incidentsHaveDescription) {
            case (true, false): [.openingUpdate, .drop]
            case (false, true): [.empty, .openingUpdate]
            default: []
            }
        }
    }

    /// What a lossy conversion does.
    package enum LossyPolicy: String, Sendable, Hashable, CaseIterable {
        /// A warning in the plan.
        case warn
        /// An error: nothing is planned (as `--strict` does for one run).
        case fail
    }
}
