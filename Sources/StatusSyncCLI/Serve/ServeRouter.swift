import Foundation
import StatusSyncCore
import StatusSyncHTTPServer

/// Answers the HTTP requests of `statussync serve`: webhooks and the operations endpoints.
///
/// `POST /hooks/PAIR` takes a Freshstatus webhook, `GET /healthz` says the process is alive, `GET /readyz`
/// whether the last cycle of every pair succeeded, and `GET /metrics` the figures in the Prometheus text format.
struct ServeRouter: Sendable {
    /// The served pairs' workers, by pair name.
    let workers: [String: PairWorker]
    /// The webhook tokens, by pair name; a pair without one takes no webhooks.
    let tokens: [String: WebhookToken]
    /// The figures the endpoints report.
    let metrics: ServeMetrics
    /// Where events are logged.
    let log: ServeLog
    /// The clock `/metrics` measures ages with.
    let now: @Sendable () -> Date

    /// Answers one request; called on the connection's thread.
    func handle(_ request: StatusSyncHTTPServer.HTTPRequest) -> HTTPServerReply {
        let segments = request.pathSegments
        let isRead = request.method == "GET" || request.method == "HEAD"
        if segments.count == 2, segments[0] == "hooks" {
            guard request.method == "POST" else {
                return .respond(
                    StatusSyncHTTPServer.HTTPResponse(
                        status: 405, headers: [("Allow", "POST")], body: Array("POST only\n".utf8)))
            }
            return .respond(webhook(request, pair: segments[1]))
        }
        switch (isRead, segments) {
        case (true, ["healthz"]):
            return .respond(.text(200, "ok\n"))
        case (true, ["readyz"]):
            let notReady = metrics.notReady()
            guard !notReady.isEmpty else { return .respond(.text(200, "ready\n")) }
            let lines = notReady.map { "pair \($0.pair): \($0.reason)" }
            return .respond(.text(503, "not ready\n" + lines.joined(separator: "\n") + "\n"))
        case (true, ["metrics"]):
            return .respond(
                .text(200, metrics.prometheusText(now: now()), contentType: "text/plain; version=0.0.4; charset=utf-8"))
        default:
            return .respond(.text(404, "not found\n"))
        }
    }

    /// When the source changed: the event's own time when it is within the last hour (the two clocks
    /// agree), else the time the webhook arrived.
    private func changeTime(_ createdOn: Instant?) -> Date {
        let received = now()
        guard let created = createdOn?.date, created <= received, received.timeIntervalSince(created) < 3600 else {
            return received
        }
        return created
    }

    /// Authenticates, reads and dispatches one webhook.
    private func webhook(_ request: StatusSyncHTTPServer.HTTPRequest, pair: String) -> StatusSyncHTTPServer.HTTPResponse
    {
        guard let worker = workers[pair] else { return .text(404, "no pair named '\(pair)' is served here\n") }
        guard let token = tokens[pair] else { return .text(404, "pair '\(pair)' takes no webhooks\n") }
        guard token.matches(request.header("x-statussync-token") ?? request.query("token")) else {
            metrics.update(pair) { $0.webhooksRejected += 1 }
            return .text(401, "unauthorized\n")
        }
        let webhook: FreshstatusWebhook
        do {
            webhook = try FreshstatusWebhook.parse(Data(request.body))
        } catch {
            metrics.update(pair) { $0.webhooksRejected += 1 }
            log.log("warning", "webhook refused (400): \(error.description)", pair: pair)
            return .text(400, error.description + "\n")
        }
        metrics.update(pair) { $0.webhooksReceived += 1 }
        let names = "webhook \(webhook.eventType)" + (webhook.incidentID.map { " id=\($0)" } ?? "")
        switch webhook.disposition {
        case .test:
            log.log("info", "\(names): the Freshstatus test payload; nothing to sync", pair: pair)
        case .unknown:
            log.log(
                "info", "\(names): an event type this build does not sync; the next reconcile covers it", pair: pair)
        case .change(let subject):
            log.log("info", "\(names): sync triggered", pair: pair)
            guard let id = webhook.incidentID else {
                worker.trigger(names)
                break
            }
            let target = EntityTarget(kind: subject == .maintenance ? .maintenance : .incident, id: String(id))
            worker.trigger(target, reason: names, changedAt: changeTime(webhook.createdOn))
        }
        return .text(202, "accepted\n")
    }
}
