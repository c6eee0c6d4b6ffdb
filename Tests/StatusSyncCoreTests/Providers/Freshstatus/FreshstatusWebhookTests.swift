import Foundation
import StatusSyncCore
import Testing

@Suite struct FreshstatusWebhookTests {
    /// Every real payload in `Fixtures/freshstatus-webhooks/`, with what a mirror must make of it.
    @Test(arguments: [
        ("freshstatus_incident_open.json", "INCIDENT_OPEN", 53481, FreshstatusWebhook.Disposition.change(.incident)),
        ("freshstatus_incident_note_created.json", "INCIDENT_NOTE_CREATE", 53482, .change(.incident)),
        ("freshstatus_incident_closed.json", "INCIDENT_NOTE_CREATE", 53482, .change(.incident)),
        ("freshstatus_scheduled_maintenance_planned.json", "MAINTENANCE_PLANNED", 53492, .change(.maintenance)),
        (
            "freshstatus_scheduled_maintenance_note_created.json", "MAINTENANCE_NOTE_CREATE", 53490,
            .change(.maintenance)
        ),
        ("freshstatus_scheduled_maintenance_closed.json", "MAINTENANCE_NOTE_CREATE", 53492, .change(.maintenance)),
        ("freshstatus_test.json", "INCIDENT_OPEN", 1, .test),
        ("freshstatus_event_not_supported.json", "INCIDENT_REOPEN", 1, .test),
    ])
    func readsEveryRealPayload(file: String, type: String, incidentID: Int, disposition: FreshstatusWebhook.Disposition)
        throws
    {
        let webhook = try FreshstatusWebhook.parse(try Fixture.data("freshstatus-webhooks/" + file))
        #expect(webhook.eventType == type)
        #expect(webhook.incidentID == incidentID)
        #expect(webhook.disposition == disposition)
        #expect(webhook.eventID != nil)
        #expect(webhook.createdOn != nil)
    }

    @Test func readsTimesAsTheTemplatesRenderThem() {
        #expect(FreshstatusWebhook.instant("2021-04-12 16:29:00+00:00")?.iso8601 == "2021-04-12T16:29:00Z")
        #expect(FreshstatusWebhook.instant("2021-04-12 16:53:00.080999+00:00")?.iso8601 == "2021-04-12T16:53:00Z")
        #expect(FreshstatusWebhook.instant("2021-04-12 18:08:00+02:00")?.iso8601 == "2021-04-12T16:08:00Z")
        #expect(FreshstatusWebhook.instant("None") == nil)
        #expect(FreshstatusWebhook.instant("") == nil)
    }

    @Test func aTemplateWithoutIdsStillTriggersAndAnUnknownTypeDoesNot() throws {
        let bare = try FreshstatusWebhook.parse(Data(#"{"event_data": {"event_type": "INCIDENT_REOPEN"}}"#.utf8))
        #expect(bare.incidentID == nil)
        #expect(bare.disposition == .change(.incident))
        let unknown = try FreshstatusWebhook.parse(
            Data(#"{"id": "7", "event_data": {"event_type": "COMPONENT_STATUS_CHANGE", "event_id": "9"}}"#.utf8))
        #expect(unknown.disposition == .unknown)
        #expect(unknown.eventID == 9)
        let numeric = try FreshstatusWebhook.parse(
            Data(#"{"incident_id": 42, "event_data": {"event_type": "incident_note_create"}}"#.utf8))
        #expect(numeric.incidentID == 42)
        #expect(numeric.eventType == "INCIDENT_NOTE_CREATE")
    }

    @Test(arguments: [
        ("", "the body is empty"), ("not json", "the body is not JSON"), ("[1]", "the body is not a JSON object"),
        (#"{"id": "1"}"#, "the body has no event_data object"),
        (#"{"event_data": {}}"#, "event_data has no event_type"),
        (#"{"event_data": {"event_type": ""}}"#, "event_data has no event_type"),
    ])
    func malformedBodiesAreRefusedWithAReason(body: String, reason: String) {
        #expect(throws: FreshstatusWebhook.MalformedError(reason: reason)) {
            try FreshstatusWebhook.parse(Data(body.utf8))
        }
    }
}
