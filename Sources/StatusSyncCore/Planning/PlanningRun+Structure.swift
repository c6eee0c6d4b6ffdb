import Foundation

// The planned changes of groups and services.
extension PlanningRun {
    func groupFields(_ group: ServiceGroup, translating: Bool) -> [(String, String)] {
        fields.group(group, translating: translating)
    }

    func planGroups() {
        let candidates = candidates(current.groups, id: \.id, naturalKey: \.name)
        for group in desired.groups {
            let match = match(
                key: group.id, kind: .group, naturalKey: group.name, in: candidates, adoptable: options.matching.groups)
            record(
                match, kind: .group, key: group.id, label: group.name,
                desiredFields: groupFields(group, translating: false),
                currentFields: { self.groupFields($0, translating: true) }, targetID: \.id, payload: .group(group))
        }
    }

    func serviceFields(_ service: Service, translating: Bool) -> [(String, String)] {
        fields.service(service, translating: translating)
    }

    func planServices() {
        let candidates = candidates(current.services, id: \.id, naturalKey: \.name)
        for service in desired.services {
            let match = match(
                key: service.id, kind: .service, naturalKey: service.name, in: candidates,
                adoptable: options.matching.services)
            record(
                match, kind: .service, key: service.id, label: service.name,
                desiredFields: serviceFields(service, translating: false),
                currentFields: { self.serviceFields($0, translating: true) }, targetID: \.id, payload: .service(service)
            )
        }
    }

    func planPhases() {
        guard target.capabilities.fixedPhases == nil else { return }
        let candidates = candidates(current.phases.filter { $0.id != nil }, id: { $0.id ?? "" }, naturalKey: \.name)
        for phase in desired.phases {
            let key = phase.id ?? EntityKey.phase(phase.name)
            let match = match(key: key, kind: .phase, naturalKey: phase.name, in: candidates, adoptable: true)
            record(
                match, kind: .phase, key: key, label: phase.name, desiredFields: [("name", phase.name)],
                currentFields: { [("name", $0.name)] }, targetID: { $0.id ?? "" }, payload: .phase(phase),
                updatable: false)
        }
    }
}
