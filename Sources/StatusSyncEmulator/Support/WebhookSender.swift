import Dispatch
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts webhook payloads to one URL, one at a time and in the order they were queued, on a thread of its own.
///
/// A payload that cannot be delivered (no answer within 10 s, or a connection error) is dropped, as a
/// provider gives up on an unreachable endpoint; the ones after it are still sent.
final class WebhookSender: Sendable {
    private let url: URL
    private let queue = Mutex<(pending: [[UInt8]], isSending: Bool)>(([], false))
    private let session: URLSession

    /// Prepares a sender for `url`.
    init(url: URL) {
        self.url = url
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        session = URLSession(configuration: configuration)
    }

    /// Queues `body`; it is posted after every body queued before it.
    func send(_ body: [UInt8]) {
        let startsThread = queue.withLock { queue -> Bool in
            queue.pending.append(body)
            defer { queue.isSending = true }
            return !queue.isSending
        }
        guard startsThread else { return }
        let thread = Thread { [self] in drain() }
        thread.name = "emulator-webhooks"
        thread.start()
    }

    private func drain() {
        while let body = queue.withLock({ queue -> [UInt8]? in
            guard !queue.pending.isEmpty else {
                queue.isSending = false
                return nil
            }
            return queue.pending.removeFirst()
        }) {
            post(body)
        }
    }

    private func post(_ body: [UInt8]) {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { _, _, _ in done.signal() }.resume()
        _ = done.wait(timeout: .now() + 15)
    }
}
