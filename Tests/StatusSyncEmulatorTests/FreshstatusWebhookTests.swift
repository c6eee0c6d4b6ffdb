import Foundation
import StatusSyncEmulator
import StatusSyncHTTPServer
import Synchronization
import Testing

@Suite struct FreshstatusWebhookTests {
    @Test func changesMadeThroughTheAPIPostWebhooksInTheShapesFreshstatusSends() async throws {
        let bodies = Mutex<[[UInt8]]>([])
        let receiver = HTTPServer(host: "127.0.0.1", port: 0) { request in
            bodies.withLock { $0.append(request.body) }
            return .respond(.empty(202))
        }
        let port = try receiver.start()
        defer { receiver.stop() }
        let emulator = try TestEmulators.start(.freshstatus) {
            $0.webhookURL = URL(string: "http://127.0.0.1:\(port)/hooks/mirror?token=t")
        }
        defer { emulator.stop() }
        let client = TestEmulators.freshstatusClient(emulator)
        let v1 = "/api/v1/"
        _ = try await client.send("POST", v1 + "services/", json: .object(["name": .string("API")]))
        let created = try await client.send(
            "POST", v1 + "incidents/",
            json: .object([
                "title": .string("Outage"), "description": .string("d"), "start_time": .string("2026-04-01T00:00:00Z"),
                "affected_components": .array([]),
            ]))
        #expect(created.status == 201)
        let id = try #require(try created.json()["id"]?.intValue)
        let resolved = try await client.send(
            "POST", v1 + "incidents/\(id)/resolve/", json: .object(["message": .string("Fixed")]))
        #expect(resolved.status == 200)
        _ = try await client.send("PATCH", v1 + "incidents/\(id)/", json: .object(["title": .string("Outage (DB)")]))

        let deadline = Date().addingTimeInterval(20)
        while bodies.withLock({ $0.count }) < 3, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let payloads = try bodies.withLock { $0 }.map { try JSONValue.parse($0) }
        #expect(
            payloads.map { $0["event_data"]?["event_type"]?.stringValue } == [
                "INCIDENT_OPEN", "INCIDENT_NOTE_CREATE", "INCIDENT_UPDATE",
            ])
        #expect(payloads.map { $0["event_data"]?["event_id"]?.intValue } == [1, 2, 3])
        let open = try #require(payloads.first)
        #expect(open["id"] == .string(String(id)))
        #expect(open["title"] == .string("Outage"))
        #expect(open["status"] == .string("Open"))
        #expect(open["is_private"] == .string("False"))
        #expect(open["start_time"] == .string("2026-04-01 00:00:00+00:00"))
        #expect(open["end_time"] == .string("None"))
        let note = payloads[1]
        #expect(note["incident_id"] == .string(String(id)))
        #expect(note["incident_status"] == .string("Closed"))
        for payload in payloads {
            for (key, value) in payload.objectValue ?? [:] where key != "event_data" && key != "notification_options" {
                #expect(value.stringValue != nil, "every template value is a string: \(key)")
            }
            let createdOn = payload["event_data"]?["event_created_on"]?.stringValue ?? ""
            #expect(createdOn.wholeMatch(of: #/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00/#) != nil)
        }
    }
}
