import Foundation
import StatusSyncCore
import Testing

/// A small Freshstatus account and the shipped-like mappings, for mapper and planner tests.
enum Sample {
    static let t0 = Instant(secondsSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let now = t0.adding(seconds: 86_400 * 30)

    static func mapping(_ name: String) throws -> MappingFile {
        try MappingLoader.load(
            path: MappingLoaderTests.repositoryRoot.appendingPathComponent("mappings/\(name).json").path)
    }

    static func mapper(_ name: String, now: Instant = now) throws -> Mapper {
        Mapper(mapping: try mapping(name), mappingPath: "mappings/\(name).json", now: now)
    }

    static func update(
        _ id: String, _ seconds: Int64, _ phase: String, _ message: String = "m", private isPrivate: Bool = false
    )
        -> IncidentUpdate
    {
        IncidentUpdate(
            id: id, time: t0.adding(seconds: seconds), phase: phase, message: message,
            visibility: isPrivate ? .private : .published)
    }

    static var freshstatus: AccountState {
        AccountState(
            provider: .freshstatus,
            groups: [ServiceGroup(id: "1", name: "Platform"), ServiceGroup(id: "2", name: "APIs", parentID: "1")],
            services: [
                Service(id: "10", name: "Login", groupID: "1"), Service(id: "11", name: "REST API", groupID: "2"),
            ],
            phases: ["Investigating", "Identified", "Monitoring", "Resolved"].enumerated().map {
                IncidentPhase(id: String($0.offset + 1), name: $0.element, order: $0.offset + 1)
            },
            incidents: [
                Incident(
                    id: "100", title: "Login outage", startTime: t0, endTime: t0.adding(seconds: 3600),
                    affected: [AffectedService(serviceID: "10", status: .majorOutage)],
                    updates: [update("1001", 0, "Investigating"), update("1002", 3600, "Resolved", "Fixed")]),
                Incident(
                    id: "101", title: "Slow API ✓ 遅い", description: "Latency is up",
                    startTime: t0.adding(seconds: 7200),
                    affected: [AffectedService(serviceID: "11", status: .partialOutage)],
                    updates: [update("1011", 7500, "Identified", "Found it 🔧")]),
            ])
    }
}

extension Sample {
    /// The Freshstatus sample as a StatusHub hub would hold it: flat groups, fixed types, statuses per update.
    static var statushub: AccountState {
        var state = freshstatus
        state.provider = .statushub
        state.phases = IncidentPhase.statusHubTypes
        state.groups = state.groups.map { ServiceGroup(id: $0.id, name: $0.name) }
        state.incidents = state.incidents.map { incident in
            var incident = incident
            incident.description = ""
            incident.updates = incident.updates.map { update in
                var update = update
                update.phase = update.phase.lowercased()
                update.title = incident.title
                update.serviceStatuses =
                    update.phase == "resolved"
                    ? nil
                    : incident.affected.map {
                        AffectedService(
                            serviceID: $0.serviceID,
                            status: $0.status == .partialOutage ? .degradedPerformance : $0.status)
                    }
                return update
            }
            incident.affected = incident.updates.last { $0.serviceStatuses != nil }?.serviceStatuses ?? []
            return incident
        }
        return state
    }
}

@Suite struct MapperTests {
    @Test func resolvedIncidentsEndWithTheirResolvingUpdateAndOpenOnesDoNot() throws {
        let result = try Sample.mapper("freshstatus-to-statushub").map(Sample.freshstatus)
        let resolved = try #require(result.desired.incidents.first { $0.id == "incident:100" })
        #expect(resolved.updates.map(\.phase) == ["investigating", "resolved"])
        #expect(resolved.updates.map(\.id) == ["incident:100/update:1001", "incident:100/update:1002"])
        #expect(resolved.updates.last?.serviceStatuses == nil)
        #expect(
            resolved.updates.first?.serviceStatuses == [AffectedService(serviceID: "service:10", status: .majorOutage)])
        let open = try #require(result.desired.incidents.first { $0.id == "incident:101" })
        #expect(!open.updates.contains { $0.phase == "resolved" })
    }

    @Test func anEndTimeWithoutAResolvingUpdateGetsOneAtTheEndTime() throws {
        var source = Sample.freshstatus
        source.incidents[0].updates.removeLast()
        let incident = try Sample.mapper("freshstatus-to-statushub").map(source).desired.incidents[0]
        let last = try #require(incident.updates.last)
        #expect(last.id == "incident:100/resolved")
        #expect(last.phase == "resolved")
        #expect(last.time == Sample.t0.adding(seconds: 3600))
        #expect(last.message == "This incident has been resolved.")
    }

    @Test func aTimelineThatStartsLateOpensWithTheDescriptionAtTheStartTime() throws {
        let incident = try Sample.mapper("freshstatus-to-statushub").map(Sample.freshstatus).desired.incidents[1]
        #expect(incident.updates.map(\.id) == ["incident:101/opening", "incident:101/update:1011"])
        #expect(incident.updates[0].time == incident.startTime)
        #expect(incident.updates[0].message == "Latency is up")
        #expect(incident.updates[0].phase == "investigating")
        #expect(incident.updates.allSatisfy { $0.title == "Slow API ✓ 遅い" })
        #expect(incident.updates[1].message == "Found it 🔧")
    }

    @Test func theDescriptionBecomesTheOpeningBodyOrComesBeforeIt() throws {
        var source = Sample.freshstatus
        source.incidents[0].description = "Users cannot sign in."
        source.incidents[0].updates[0].message = ""
        source.incidents[1].description = "Latency is up\r\n"
        source.incidents[1].updates.insert(Sample.update("1010", 7200, "Investigating", "Looking into it"), at: 0)
        let result = try Sample.mapper("freshstatus-to-statushub").map(source)
        let (empty, own) = (result.desired.incidents[0].updates[0], result.desired.incidents[1].updates[0])
        #expect(empty.id == "incident:100/update:1001")
        #expect(empty.message == "Users cannot sign in.")
        #expect(own.id == "incident:101/update:1010")
        #expect(own.message == "Latency is up\n\nLooking into it")
        #expect(!result.diagnostics.contains { $0.message.contains("description") })

        // An opening update that already says it is left alone: nothing would be added.
        source.incidents[1].updates[0].message = "Latency is up. Looking into it"
        let again = try Sample.mapper("freshstatus-to-statushub").map(source)
        #expect(again.desired.incidents[1].updates[0].message == "Latency is up. Looking into it")
    }

    @Test func droppingTheDescriptionIsAWarningOnEachIncidentThatHasOne() throws {
        var mapper = try Sample.mapper("freshstatus-to-statushub")
        mapper.mapping.carry.incidentDescription = .drop
        var source = Sample.freshstatus
        source.incidents[0].description = "Users cannot sign in."
        let result = try mapper.map(source)
        #expect(result.desired.incidents[0].updates[0].message == "m")
        // Without an opening update of its own, the one added says the title.
        #expect(result.desired.incidents[1].updates[0].message == "Slow API ✓ 遅い")
        let warned = result.diagnostics.filter { $0.message.contains("carry.incidentDescription is drop") }
        #expect(warned.map(\.key) == ["incident:100", "incident:101"])
        mapper.mapping.lossy = .fail
        #expect(throws: PlanError.self) {
            try PlanMaker(
                pair: "p", mapper: mapper, mappingDigest: "sha256:m", options: PlanOptions(now: Sample.now),
                isStrict: false
            ).makePlan(
                source: source, sourceSide: Plan.Side(account: "a", provider: .freshstatus, digest: "sha256:s"),
                target: AccountState(provider: .statushub),
                targetSide: Plan.Side(account: "b", provider: .statushub, digest: "sha256:t"),
                state: PairState(pair: "p"))
        }
    }

    @Test func theOpeningStatusHubBodyBecomesTheDescriptionOnlyWhenAsked() throws {
        let hub = Sample.statushub
        let plain = try Sample.mapper("statushub-to-freshstatus").map(hub)
        #expect(plain.desired.incidents.allSatisfy { $0.description.isEmpty })
        #expect(plain.diagnostics.allSatisfy { !$0.message.contains("description") })
        var mapper = try Sample.mapper("statushub-to-freshstatus")
        mapper.mapping.carry.incidentDescription = .openingUpdate
        let asked = try mapper.map(hub).desired.incidents
        #expect(asked.map(\.description) == asked.map { $0.updates.first?.message ?? "" })
        #expect(asked.allSatisfy { !$0.description.isEmpty })
    }

    @Test func theFiveToThreeCollapseIsWarnedOnItsEntity() throws {
        let result = try Sample.mapper("freshstatus-to-statushub").map(Sample.freshstatus)
        #expect(
            result.desired.incidents[1].affected == [
                AffectedService(serviceID: "service:11", status: .degradedPerformance)
            ])
        #expect(
            result.diagnostics.contains(
                Diagnostic(
                    key: "incident:101", message: "status PO becomes degraded-performance, which also stands for PD")))
    }

    @Test func nestedGroupsAreFlattenedForStatusHubWithAWarningAndParentsComeFirst() throws {
        let result = try Sample.mapper("freshstatus-to-statushub").map(Sample.freshstatus)
        #expect(result.desired.groups.map(\.parentID) == [nil, nil])
        #expect(result.diagnostics.contains { $0.key == "group:2" && $0.message.hasPrefix("nested group flattened") })
        var reversed = Sample.freshstatus
        reversed.groups.reverse()
        let mirrored = try Sample.mapper("freshstatus-to-freshstatus").map(reversed)
        #expect(mirrored.desired.groups.map(\.id) == ["group:1", "group:2"])
        #expect(mirrored.desired.groups[1].parentID == "group:1")
    }

    @Test func privateIncidentsAreSkippedOrCarriedAsDraftsAsTheMappingSays() throws {
        var source = Sample.freshstatus
        source.incidents[0].visibility = .private
        let skipped = try Sample.mapper("freshstatus-to-statushub").map(source)
        #expect(!skipped.desired.incidents.contains { $0.id == "incident:100" })
        #expect(skipped.diagnostics.contains { $0.key == "incident:100" && $0.message.hasPrefix("incident skipped") })
        var mapper = try Sample.mapper("freshstatus-to-statushub")
        mapper.mapping.carry.privateEvents = .private
        let carried = try mapper.map(source).desired.incidents.first { $0.id == "incident:100" }
        #expect(carried?.visibility == .draft)
        #expect(carried?.updates.allSatisfy { $0.visibility == .draft } == true)
    }

    @Test func timesInTheFutureWaitWithAWarning() throws {
        var source = Sample.freshstatus
        source.incidents[1].updates.append(Sample.update("1012", 86_400 * 60, "Monitoring"))
        source.incidents.append(
            Incident(
                id: "102", title: "Later", startTime: Sample.now.adding(seconds: 10),
                affected: [AffectedService(serviceID: "10", status: .majorOutage)]))
        let result = try Sample.mapper("freshstatus-to-statushub").map(source)
        #expect(!result.desired.incidents.contains { $0.id == "incident:102" })
        #expect(!result.desired.incidents[1].updates.contains { $0.id == "incident:101/update:1012" })
        #expect(result.diagnostics.contains { $0.key == "incident:101/update:1012" && $0.message.contains("future") })
        #expect(result.diagnostics.contains { $0.key == "incident:102" && $0.message.contains("future") })

        // Only StatusHub refuses future times: a Freshstatus target takes them now, whatever the clock says.
        let mirrored = try Sample.mapper("freshstatus-to-freshstatus").map(source)
        #expect(mirrored.desired.incidents.contains { $0.id == "incident:102" })
        #expect(mirrored.desired.incidents[1].updates.contains { $0.id == "incident:101/update:1012" })
        #expect(!mirrored.diagnostics.contains { $0.message.contains("future") })
        let later = try Sample.mapper("freshstatus-to-freshstatus", now: Sample.now.adding(seconds: 86_400 * 90))
        #expect(try later.map(source) == mirrored)
    }

    @Test func aResolvingUpdateDatedInTheFutureWaitsWithAWarning() throws {
        var source = Sample.freshstatus
        source.incidents[1].endTime = Sample.now.adding(seconds: 3600)
        let result = try Sample.mapper("freshstatus-to-statushub").map(source)
        #expect(result.desired.incidents[1].updates.allSatisfy { $0.phase != "resolved" })
        #expect(result.diagnostics.contains { $0.key == "incident:101" && $0.message.contains("resolving update") })
        let later = try Sample.mapper("freshstatus-to-statushub", now: Sample.now.adding(seconds: 7200)).map(source)
        #expect(later.desired.incidents[1].updates.last?.time == Sample.now.adding(seconds: 3600))
    }

    @Test func theStatusHubMaintenanceNoticeIsDatedWhenTheMaintenanceWasAnnounced() throws {
        let announced = Sample.t0.adding(seconds: 86_400)
        let hub = AccountState(
            provider: .statushub, phases: IncidentPhase.statusHubTypes,
            maintenances: [
                Maintenance(
                    id: "1", title: "Upgrade", body: "Planned", startTime: Sample.now.adding(seconds: 86_400 * 10),
                    endTime: Sample.now.adding(seconds: 86_400 * 10 + 3600), createdAt: announced),
                Maintenance(
                    id: "2", title: "Later", startTime: Sample.now.adding(seconds: 86_400 * 20),
                    endTime: Sample.now.adding(seconds: 86_400 * 20 + 3600)),
                Maintenance(
                    id: "3", title: "Backdated", startTime: Sample.t0, endTime: Sample.t0.adding(seconds: 3600),
                    createdAt: announced),
            ])
        let times = { (now: Instant) throws -> [Instant] in
            try Sample.mapper("statushub-to-freshstatus", now: now).map(hub).desired.maintenances
                .flatMap(\.updates).map(\.time)
        }
        // Announcement, else start; never later than the start; the same whenever the plan is made.
        let expected = [announced, Sample.now.adding(seconds: 86_400 * 20), Sample.t0]
        #expect(try times(Sample.now) == expected)
        #expect(try times(Sample.now.adding(seconds: 86_400 * 365)) == expected)
    }

    @Test func anUnmappedPhaseNamesTheFileTheKeyAndTheValue() throws {
        var source = Sample.freshstatus
        source.incidents[1].updates.append(Sample.update("1013", 7600, "Postmortem"))
        #expect(
            throws: MappingError.unmappedValue(
                path: "mappings/freshstatus-to-statushub.json", key: "incidentPhases.map", value: "Postmortem")
        ) {
            try Sample.mapper("freshstatus-to-statushub").map(source)
        }
        let identity = try Sample.mapper("freshstatus-to-freshstatus").map(source)
        #expect(identity.desired.incidents[1].updates.last?.phase == "Postmortem")
        #expect(identity.desired.phases.map(\.name) == ["Investigating", "Identified", "Monitoring", "Resolved"])
    }

    @Test func anIncidentWithoutServicesCannotGoToStatusHub() throws {
        var source = Sample.freshstatus
        source.incidents[1].affected = []
        let result = try Sample.mapper("freshstatus-to-statushub").map(source)
        #expect(result.desired.incidents.map(\.id) == ["incident:100"])
        #expect(result.diagnostics.contains { $0.key == "incident:101" && $0.message.contains("at least one") })
    }

    @Test func maintenanceTimelinesAreFoldedForStatusHubAndCreatedAsOneUpdateTheOtherWay() throws {
        var source = Sample.freshstatus
        source.maintenances = [
            Maintenance(
                id: "200", title: "DB", body: "Upgrade", startTime: Sample.t0, endTime: Sample.t0.adding(seconds: 600),
                affected: [AffectedService(serviceID: "10", status: .underMaintenance)],
                updates: [MaintenanceUpdate(id: "1", time: Sample.t0, phase: "In progress", message: "Started")])
        ]
        let result = try Sample.mapper("freshstatus-to-statushub").map(source)
        let folded = try #require(result.desired.maintenances.first)
        #expect(folded.body == "Upgrade\n\n2026-01-01T00:00:00Z (In progress) Started")
        #expect(folded.updates.isEmpty)
        #expect(folded.affected == [AffectedService(serviceID: "service:10", status: .majorOutage)])
        #expect(result.diagnostics.contains { $0.key == "maintenance:200" && $0.message.contains("folded") })

        let hub = AccountState(
            provider: .statushub, services: [Service(id: "5", name: "Login")],
            maintenances: [
                Maintenance(
                    id: "9", title: "DB", body: "<p>Upgrade</p>", startTime: Sample.t0,
                    endTime: Sample.t0.adding(seconds: 60),
                    affected: [AffectedService(serviceID: "5", status: .majorOutage)])
            ])
        let back = try Sample.mapper("statushub-to-freshstatus").map(hub).desired.maintenances[0]
        #expect(back.updates.map(\.message) == ["<p>Upgrade</p>"])
        #expect(back.updates.map(\.phase) == ["Scheduled"])
        #expect(back.affected == [AffectedService(serviceID: "service:5", status: .underMaintenance)])
    }

    @Test func aMaintenanceStartedAndCompletedInOneSecondEndsASecondAfterItStartsOnStatusHub() throws {
        // Freshstatus sets start_time on start and end_time on complete, to the second: both in one second
        // make a maintenance that ends when it starts, which StatusHub refuses (end_time after start_time).
        var source = Sample.freshstatus
        source.maintenances = [
            Maintenance(
                id: "200", title: "DB", body: "Upgrade", startTime: Sample.t0, endTime: Sample.t0,
                affected: [AffectedService(serviceID: "10", status: .underMaintenance)])
        ]
        let result = try Sample.mapper("freshstatus-to-statushub").map(source)
        let mapped = try #require(result.desired.maintenances.first)
        #expect(mapped.startTime == Sample.t0)
        #expect(mapped.endTime == Sample.t0.adding(seconds: 1))
        #expect(result.diagnostics.contains { $0.key == "maintenance:200" && $0.message.contains("after it starts") })

        // Freshstatus takes a maintenance that ends when it starts: it is carried as it is.
        let hub = AccountState(
            provider: .statushub, services: [Service(id: "5", name: "Login")],
            maintenances: [
                Maintenance(
                    id: "9", title: "DB", body: "Upgrade", startTime: Sample.t0, endTime: Sample.t0,
                    affected: [AffectedService(serviceID: "5", status: .majorOutage)])
            ])
        let back = try Sample.mapper("statushub-to-freshstatus").map(hub).desired.maintenances[0]
        #expect(back.endTime == Sample.t0)
    }

    @Test func statusHubToFreshstatusMapsTypesToTheAccountsPhases() throws {
        let hub = AccountState(
            provider: .statushub, services: [Service(id: "5", name: "Login")],
            incidents: [
                Incident(
                    id: "7", title: "Down", startTime: Sample.t0, endTime: Sample.t0.adding(seconds: 60),
                    affected: [AffectedService(serviceID: "5", status: .majorOutage)],
                    updates: [
                        IncidentUpdate(
                            id: "70", time: Sample.t0, phase: "investigating", message: "a",
                            serviceStatuses: [AffectedService(serviceID: "5", status: .majorOutage)]),
                        IncidentUpdate(id: "71", time: Sample.t0.adding(seconds: 60), phase: "resolved", message: "b"),
                    ])
            ], incidentTemplates: [IncidentTemplate(id: "1", title: "T")])
        let result = try Sample.mapper("statushub-to-freshstatus").map(hub)
        #expect(result.desired.phases.map(\.name) == ["Investigating", "Identified", "Monitoring", "Resolved"])
        #expect(result.desired.incidents[0].updates.map(\.phase) == ["Investigating", "Resolved"])
        #expect(result.desired.incidents[0].updates.allSatisfy { $0.serviceStatuses == nil })
        #expect(result.desired.incidentTemplates.isEmpty)
        #expect(result.diagnostics.contains { $0.key == "templates" })
    }

    @Test func renamesApplyToTheTargetNames() throws {
        var mapper = try Sample.mapper("freshstatus-to-statushub")
        mapper.mapping.carry.serviceRenames = ["REST API": "API"]
        mapper.mapping.carry.groupRenames = ["Platform": "Core"]
        let desired = try mapper.map(Sample.freshstatus).desired
        #expect(desired.services.map(\.name) == ["Login", "API"])
        #expect(desired.groups.map(\.name) == ["Core", "APIs"])
    }

    @Test func refusesASourceOfTheWrongProvider() throws {
        #expect(throws: MappingError.self) {
            try Sample.mapper("statushub-to-freshstatus").map(Sample.freshstatus)
        }
    }
}

@Suite struct StatusHubTimelineTests {
    @Test func aResolvingUpdateAtTheOpeningSecondMovesToTheIncidentsEnd() throws {
        var source = Sample.freshstatus
        source.incidents[0].updates = [Sample.update("1002", 0, "Resolved", "Resolved at once")]
        let incident = try Sample.mapper("freshstatus-to-statushub").map(source).desired.incidents[0]
        #expect(incident.updates.map(\.phase) == ["investigating", "resolved"])
        #expect(incident.updates[1].time == Sample.t0.adding(seconds: 3600))
        #expect(incident.updates[1].message == "Resolved at once")

        source.incidents[0].endTime = Sample.t0
        let instant = try Sample.mapper("freshstatus-to-statushub").map(source)
        #expect(instant.desired.incidents[0].updates[1].time == Sample.t0.adding(seconds: 1))
        #expect(
            instant.diagnostics.contains {
                $0.key == "incident:100/update:1002" && $0.message.hasPrefix("resolving update dated")
            })
    }
}
