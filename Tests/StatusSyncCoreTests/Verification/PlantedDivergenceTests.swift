import Foundation
import StatusSyncCore
import StatusSyncEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A divergence planted in the target through its API after a faithful migration, and what verify must report.
struct PlantedDivergence: Sendable, CustomTestStringConvertible {
    var name: String
    /// Changes the target: `request(method, path under the hub, JSON body)`; `id(key)` is the target id linked to a key.
    var plant: @Sendable (_ request: TargetRequest, _ id: @Sendable (String) -> String) async throws -> Void
    /// Whether the verification names it.
    var isNamed: @Sendable ([Verification.Difference]) -> Bool

    var testDescription: String { name }

    typealias TargetRequest = @Sendable (String, String, String?) async throws -> Void

    static let all: [PlantedDivergence] = [
        PlantedDivergence(
            name: "an update's message edited in the target",
            plant: { request, id in
                try await request(
                    "PUT", "incidents/\(id("incident:100"))/incident_updates/\(id("incident:100/update:1001"))",
                    #"{"body": "Edited by hand"}"#)
            },
            isNamed: { differences in
                differences.contains {
                    $0.kind == .field && $0.key == "incident:100/update:1001" && $0.field == "message"
                        && $0.sourceValue == "Looking into it" && $0.targetValue == "Edited by hand"
                }
            }),
        PlantedDivergence(
            name: "an update deleted",
            plant: { request, id in
                try await request(
                    "DELETE", "incidents/\(id("incident:101"))/incident_updates/\(id("incident:101/update:1011"))", nil)
            },
            isNamed: { $0.contains { $0.kind == .missing && $0.key == "incident:101/update:1011" } }),
        PlantedDivergence(
            name: "an update's time moved by one second",
            plant: { request, id in
                try await request(
                    "PUT", "incidents/\(id("incident:100"))/incident_updates/\(id("incident:100/update:1002"))",
                    #"{"start_time": "2026-01-01T01:00:01Z"}"#)
            },
            isNamed: { differences in
                differences.contains {
                    $0.kind == .field && $0.key == "incident:100/update:1002" && $0.field == "time"
                        && $0.sourceValue == "2026-01-01T01:00:00Z" && $0.targetValue == "2026-01-01T01:00:01Z"
                }
            }),
        PlantedDivergence(
            name: "a service's status changed by an extra incident",
            plant: { request, id in
                let start = Instant(Date().addingTimeInterval(-3600)).iso8601
                try await request(
                    "POST", "incidents",
                    #"{"title": "Unplanned", "body": "Down", "start_time": "\#(start)", "incident_type": "investigating", "#
                        + #""service_statuses": [{"service_id": \#(id("service:11")), "status": "down"}]}"#)
            },
            isNamed: { differences in
                differences.contains {
                    $0.kind == .field && $0.key == "service:11" && $0.field == "status"
                        && $0.sourceValue == "degraded-performance" && $0.targetValue == "down"
                } && differences.contains { $0.kind == .uptime && $0.key == "service:11" }
            }),
        PlantedDivergence(
            name: "an extra incident in the target",
            plant: { request, id in
                try await request(
                    "POST", "incidents",
                    #"{"title": "Imported twice", "body": "Looking", "start_time": "2025-06-01T00:00:00Z", "#
                        + #""incident_type": "investigating", "#
                        + #""service_statuses": [{"service_id": \#(id("service:10")), "status": "degraded-performance"}]}"#
                )
            },
            isNamed: { $0.contains { $0.kind == .extra && $0.entity == .incident && $0.label == "Imported twice" } }),
        PlantedDivergence(
            name: "a missing maintenance",
            plant: { request, id in try await request("DELETE", "maintenances/\(id("maintenance:200"))", nil) },
            isNamed: { $0.contains { $0.kind == .missing && $0.key == "maintenance:200" } }),
        PlantedDivergence(
            name: "a renamed service",
            plant: { request, id in try await request("PUT", "services/\(id("service:10"))", #"{"name": "Sign-in"}"#) },
            isNamed: { differences in
                differences.contains {
                    $0.kind == .field && $0.key == "service:10" && $0.field == "name" && $0.sourceValue == "Login"
                        && $0.targetValue == "Sign-in"
                }
            }),
    ]
}

@Suite struct PlantedDivergenceTests {
    @Test(arguments: PlantedDivergence.all)
    func aDivergencePlantedInTheTargetIsDetectedAndNamed(_ divergence: PlantedDivergence) async throws {
        let pair = try EmulatedPair(from: .freshstatus, to: .statushub)
        #expect(try await pair.cycle().report.isComplete)
        #expect(try await pair.verify().verification.isFaithful)

        let links = try pair.sync.store.pairState(pair.sync.pair).links
        let emulator = pair.target
        try await divergence.plant(
            { method, path, body in
                var request = URLRequest(
                    url: emulator.baseURL.appendingPathComponent("hubs/\(emulator.options.hub)/\(path)"))
                request.httpMethod = method
                request.setValue(emulator.options.apiKey, forHTTPHeaderField: "X-API-KEY")
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = body.map { Data($0.utf8) }
                let (data, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                #expect((200..<300).contains(status), "\(method) \(path): \(String(decoding: data, as: UTF8.self))")
            }, { key in links[key]?.targetID ?? "missing-link-\(key)" })

        let verification = try await pair.verify().verification
        #expect(!verification.isFaithful)
        #expect(
            divergence.isNamed(verification.differences),
            "\(verification.differences.map(VerificationRenderer.line).joined(separator: "\n"))")
        #expect(VerificationRenderer.summary(verification).contains("difference"))
    }
}
