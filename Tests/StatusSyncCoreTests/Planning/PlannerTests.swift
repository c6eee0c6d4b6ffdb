import Foundation
import StatusSyncCore
import Testing

@Suite struct PlannerTests {
    func plan(
        _ source: AccountState, mapping: String = "freshstatus-to-statushub", target: AccountState,
        links: PairState = PairState(pair: "p"), options: PlanOptions = PlanOptions(now: Sample.now)
    ) throws -> Plan {
        let maker = PlanMaker(
            pair: "p", mapper: try Sample.mapper(mapping), mappingDigest: "sha256:m", options: options, isStrict: false)
        return try maker.makePlan(
            source: source, sourceSide: Plan.Side(account: "old", provider: source.provider, digest: "sha256:s"),
            target: target, targetSide: Plan.Side(account: "new", provider: target.provider, digest: "sha256:t"),
            state: links)
    }

    @Test func anEmptyTargetGetsEverythingCreatedDependenciesFirst() throws {
        let plan = try plan(Sample.freshstatus, target: AccountState(provider: .statushub))
        #expect(plan.changes.allSatisfy { $0.action == .create })
        #expect(
            plan.changes.map(\.key) == [
                "group:1", "group:2", "service:10", "service:11", "incident:100", "incident:100/update:1002",
                "incident:101",
                "incident:101/update:1011",
            ])
        // The first update of a StatusHub incident is written with it.
        #expect(plan.writeCalls == 8)
    }

    @Test func applyingThePlanThenPlanningAgainIsEmptyInEveryDirection() throws {
        for mapping in ["freshstatus-to-statushub", "freshstatus-to-freshstatus"] {
            let targetProvider: ProviderID = mapping.hasSuffix("statushub") ? .statushub : .freshstatus
            var target = InMemoryTarget(AccountState(provider: targetProvider))
            let first = try plan(Sample.freshstatus, mapping: mapping, target: target.state)
            target.apply(first)
            let second = try plan(Sample.freshstatus, mapping: mapping, target: target.state, links: target.links)
            #expect(second.isEmpty, "\(mapping): \(PlanRenderer.text(second))")
        }
        let hub = Sample.statushub
        for mapping in ["statushub-to-freshstatus", "statushub-to-statushub"] {
            let targetProvider: ProviderID = mapping.hasSuffix("statushub") ? .statushub : .freshstatus
            var target = InMemoryTarget(AccountState(provider: targetProvider))
            target.apply(try plan(hub, mapping: mapping, target: target.state))
            let second = try plan(hub, mapping: mapping, target: target.state, links: target.links)
            #expect(second.isEmpty, "\(mapping): \(PlanRenderer.text(second))")
        }
    }

    @Test func existingEntitiesAreAdoptedByExactNaturalKeyOnly() throws {
        let target = AccountState(
            provider: .statushub,
            groups: [StatusHubLike.group("g1", "Platform")],
            services: [Service(id: "s1", name: "Login", groupID: "g1"), Service(id: "s2", name: "rest api")],
            incidents: [
                Incident(
                    id: "i1", title: "Login outage", startTime: Sample.t0, endTime: Sample.t0.adding(seconds: 3600),
                    affected: [AffectedService(serviceID: "s1", status: .majorOutage)],
                    updates: [
                        IncidentUpdate(
                            id: "u1", time: Sample.t0, phase: "investigating", message: "m", title: "Login outage",
                            serviceStatuses: [AffectedService(serviceID: "s1", status: .majorOutage)]),
                        IncidentUpdate(
                            id: "u2", time: Sample.t0.adding(seconds: 3600), phase: "resolved", message: "Fixed",
                            title: "Login outage"),
                    ])
            ])
        let plan = try plan(Sample.freshstatus, target: target)
        let byKey = Dictionary(uniqueKeysWithValues: plan.changes.map { ($0.key, $0) })
        #expect(byKey["group:1"]?.action == .adopt)
        #expect(byKey["service:10"]?.action == .adopt)
        #expect(byKey["service:10"]?.calls == 0)
        #expect(byKey["service:11"]?.action == .create, "'rest api' is not 'REST API': matching is exact")
        #expect(byKey["incident:100"]?.action == .adopt)
        #expect(byKey["incident:100/update:1001"]?.action == .adopt)
        #expect(byKey["incident:100/update:1002"]?.action == .adopt)
    }

    @Test func anEntityLinkedToSomethingElseIsNeverAdoptedAgain() throws {
        let target = AccountState(provider: .statushub, services: [Service(id: "s1", name: "Login")])
        var links = PairState(pair: "p")
        links.links["service:999"] = Link(kind: .service, targetID: "s1", origin: .created, updatedAt: Sample.t0)
        let plan = try plan(Sample.freshstatus, target: target, links: links)
        #expect(plan.changes.first { $0.key == "service:10" }?.action == .create)
    }

    @Test func matchingNeverCreatesInsteadOfAdopting() throws {
        var options = PlanOptions(now: Sample.now)
        options.matching.services = false
        let target = AccountState(provider: .statushub, services: [Service(id: "s1", name: "Login")])
        let plan = try plan(Sample.freshstatus, target: target, options: options)
        #expect(plan.changes.first { $0.key == "service:10" }?.action == .create)
    }

    @Test func anEditedMessageBecomesAnUpdateOfThatUpdate() throws {
        var target = InMemoryTarget(AccountState(provider: .statushub))
        target.apply(try plan(Sample.freshstatus, target: target.state))
        var edited = Sample.freshstatus
        edited.incidents[1].updates[0].message = "Found it: a bad deploy"
        let plan = try plan(edited, target: target.state, links: target.links)
        #expect(plan.changes.count == 1)
        let change = try #require(plan.changes.first)
        #expect(change.action == .update)
        #expect(change.key == "incident:101/update:1011")
        #expect(change.fields == [FieldChange(name: "message", before: "Found it 🔧", after: "Found it: a bad deploy")])
    }

    @Test func aChangeOfAffectedServicesBecomesANewStatusHubUpdate() throws {
        var target = InMemoryTarget(AccountState(provider: .statushub))
        target.apply(try plan(Sample.freshstatus, target: target.state))
        var changed = Sample.freshstatus
        changed.incidents[1].affected = [
            AffectedService(serviceID: "10", status: .degradedPerformance),
            AffectedService(serviceID: "11", status: .majorOutage),
        ]
        let plan = try plan(changed, target: target.state, links: target.links)
        #expect(plan.changes.map(\.action) == [.create])
        let change = try #require(plan.changes.first)
        #expect(change.kind == .incidentUpdate)
        #expect(change.parentKey == "incident:101")
        guard case .incidentUpdate(let update)? = change.payload else {
            Issue.record("no update payload")
            return
        }
        // Dated after the incident's latest update, not by the clock: a later plan of the same data is the same.
        #expect(update.time == Sample.t0.adding(seconds: 7501))
        let later = PlanOptions(now: Sample.now.adding(seconds: 86_400))
        #expect(
            try self.plan(changed, target: target.state, links: target.links, options: later).changes == plan.changes)
        #expect(update.phase == "identified")
        #expect(update.message == "Affected services changed: Login is degraded-performance; REST API is down.")
        target.apply(plan)
        #expect(try self.plan(changed, target: target.state, links: target.links).isEmpty)

        // A second change is dated after the first one, so it sorts last and has a key of its own.
        changed.incidents[1].affected = [AffectedService(serviceID: "11", status: .degradedPerformance)]
        let second = try self.plan(changed, target: target.state, links: target.links)
        guard case .incidentUpdate(let next)? = second.changes.first?.payload else {
            Issue.record("no second update: \(PlanRenderer.text(second))")
            return
        }
        #expect(next.time == Sample.t0.adding(seconds: 7502))
        #expect(next.id != update.id)
        target.apply(second)
        #expect(try self.plan(changed, target: target.state, links: target.links).isEmpty)
    }

    @Test func aChangeOfAffectedServicesIsAnUpdateOfTheFreshstatusIncident() throws {
        var target = InMemoryTarget(AccountState(provider: .freshstatus))
        target.apply(try plan(Sample.freshstatus, mapping: "freshstatus-to-freshstatus", target: target.state))
        var changed = Sample.freshstatus
        changed.incidents[1].affected = [AffectedService(serviceID: "10", status: .majorOutage)]
        let plan = try plan(changed, mapping: "freshstatus-to-freshstatus", target: target.state, links: target.links)
        #expect(plan.changes.map(\.action) == [.update])
        #expect(plan.changes.first?.fields.map(\.name) == ["affected"])
    }

    @Test func deletesOnlyManagedEntitiesOnlyWithPruneAndWithinTheThreshold() throws {
        var target = InMemoryTarget(AccountState(provider: .statushub))
        target.apply(try plan(Sample.freshstatus, target: target.state))
        target.state.services.append(Service(id: "mine", name: "Not managed"))
        var shrunk = Sample.freshstatus
        shrunk.incidents.removeLast()
        shrunk.services.removeLast()

        let kept = try plan(shrunk, target: target.state, links: target.links)
        #expect(!kept.changes.contains { $0.action == .delete })
        #expect(kept.notes.contains { $0.contains("--prune") })

        var prune = PlanOptions(now: Sample.now, allowsDeletes: true)
        let pruned = try plan(shrunk, target: target.state, links: target.links, options: prune)
        let deletes = pruned.changes.filter { $0.action == .delete }
        #expect(
            deletes.map(\.key) == ["incident:101", "service:11"], "updates go with their incident; unmanaged stays")

        prune.deleteThresholdMinimum = 2
        #expect(throws: PlanError.tooManyDeletes(kind: .service, deletes: 1, total: 3, threshold: 0.3)) {
            try plan(shrunk, target: target.state, links: target.links, options: prune)
        }
        prune.ignoresDeleteThreshold = true
        #expect(
            try plan(shrunk, target: target.state, links: target.links, options: prune).changes.count {
                $0.action == .delete
            } == 2)
    }

    @Test func aLinkWhoseTargetVanishedIsCreatedAgainWithAWarning() throws {
        var target = InMemoryTarget(AccountState(provider: .statushub))
        target.apply(try plan(Sample.freshstatus, target: target.state))
        target.state.services.removeAll { $0.name == "Login" }
        let plan = try plan(Sample.freshstatus, target: target.state, links: target.links)
        let change = try #require(plan.changes.first { $0.key == "service:10" })
        #expect(change.action == .create)
        #expect(change.warnings.contains { $0.contains("no longer exists") })
    }

    @Test func planningIsDeterministicToTheByte() throws {
        var shuffled = Sample.freshstatus
        shuffled.incidents.reverse()
        shuffled.services.reverse()
        let first = try PlanRenderer.json(plan(Sample.freshstatus, target: AccountState(provider: .statushub)))
        let second = try PlanRenderer.json(plan(shuffled, target: AccountState(provider: .statushub)))
        #expect(first == second)
    }

    @Test func strictTurnsWarningsIntoAnError() throws {
        let maker = PlanMaker(
            pair: "p", mapper: try Sample.mapper("freshstatus-to-statushub"), mappingDigest: "m",
            options: PlanOptions(now: Sample.now), isStrict: true)
        #expect(throws: PlanError.self) {
            try maker.makePlan(
                source: Sample.freshstatus, sourceSide: .init(account: "a", provider: .freshstatus, digest: ""),
                target: AccountState(provider: .statushub),
                targetSide: .init(account: "b", provider: .statushub, digest: ""),
                state: PairState(pair: "p"))
        }
    }

    @Test func textAndMarkdownShowEveryChangeAndTheSummary() throws {
        var plan = try plan(Sample.freshstatus, target: AccountState(provider: .statushub))
        plan.estimate = Plan.Estimate(writeCalls: plan.writeCalls, readCalls: 2, seconds: 1.4)
        let text = PlanRenderer.text(plan)
        #expect(text.contains("+ incident \"Slow API ✓ 遅い\""))
        #expect(text.contains("! status PO becomes degraded-performance"))
        #expect(
            text.hasSuffix(
                "Plan: 8 to create, 0 to update, 0 to adopt, 0 to delete, 8 write calls to new, about 2 s at its rate limit.\n"
            ))
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.contains("| **all** | **8** | **0** | **0** | **0** |"))
        let listed = PlanReading(plan).creates.reduce(0) { $0 + $1.changes.count }
        #expect(markdown.components(separatedBy: "\n- \"").count - 1 == listed)
        let decoded = try PlanRenderer.decode(PlanRenderer.json(plan), path: "p.json")
        #expect(decoded == plan)
    }
}

/// Builds StatusHub-shaped test data.
enum StatusHubLike {
    static func group(_ id: String, _ name: String) -> ServiceGroup { ServiceGroup(id: id, name: name) }
}
