import StatusSyncCore
import Synchronization
import Testing

@Suite struct DependencyGraphTests {
    func change(
        _ key: String, _ kind: EntityKind, parent: String? = nil, action: PlannedChange.Action = .create,
        payload: EntityPayload? = nil
    )
        -> PlannedChange
    {
        PlannedChange(action: action, kind: kind, key: key, parentKey: parent, label: key, payload: payload)
    }

    var plan: [PlannedChange] {
        [
            change("group:1", .group, payload: .group(ServiceGroup(id: "group:1", name: "a"))),
            change("group:2", .group, payload: .group(ServiceGroup(id: "group:2", name: "b", parentID: "group:1"))),
            change("service:1", .service, payload: .service(Service(id: "service:1", name: "s", groupID: "group:2"))),
            change("incident:1", .incident),
            change("incident:1/u1", .incidentUpdate, parent: "incident:1"),
            change("incident:1/u2", .incidentUpdate, parent: "incident:1"),
            change("incident:2", .incident),
            change("incident:2/u1", .incidentUpdate, parent: "incident:2"),
            change("incident:9", .incident, action: .delete),
            change("service:9", .service, action: .delete),
        ]
    }

    @Test func dependenciesFollowTheRules() {
        let graph = DependencyGraph(plan)
        #expect(graph.dependencies[1] == [0])
        #expect(graph.dependencies[2] == [1])
        #expect(graph.dependencies[3] == [0, 1, 2])
        #expect(graph.dependencies[5] == [0, 1, 2, 3, 4])
        #expect(graph.dependencies[7] == [0, 1, 2, 6])
        #expect(graph.dependencies[8] == Array(0...7))
        #expect(graph.dependencies[9] == [8])
    }

    @Test func runsEverythingWithEachChangeAfterWhatItWaitsFor() async throws {
        let graph = DependencyGraph(plan)
        let order = Mutex<[String]>([])
        let inFlight = Mutex((now: 0, most: 0))
        try await graph.run(concurrency: 3) { change in
            inFlight.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
            await Task.yield()
            order.withLock { $0.append(change.key) }
            inFlight.withLock { $0.now -= 1 }
            return true
        }
        let finished = order.withLock { $0 }
        #expect(Set(finished) == Set(plan.map(\.key)))
        for (position, waits) in graph.dependencies.enumerated() {
            for wait in waits {
                let before = finished.firstIndex(of: plan[wait].key) ?? .max
                #expect(
                    before < finished.firstIndex(of: plan[position].key) ?? -1,
                    "\(plan[wait].key) before \(plan[position].key)")
            }
        }
        #expect(inFlight.withLock { $0.most } <= 3)
    }

    @Test func aFailureSkipsWhatDependsOnItAndNothingElse() async throws {
        let graph = DependencyGraph(plan)
        let ran = Mutex<[String]>([])
        let finishedCounts = Mutex<[Int]>([])
        try await graph.run(concurrency: 2) { change in
            ran.withLock { $0.append(change.key) }
            return change.key != "incident:1"
        } onFinish: { count in
            finishedCounts.withLock { $0.append(count) }
        }
        #expect(Set(graph.skipped) == ["incident:1/u1", "incident:1/u2", "incident:9", "service:9"])
        #expect(ran.withLock { $0 }.contains("incident:2/u1"))
        #expect(finishedCounts.withLock { $0.last } == plan.count)
    }
}
