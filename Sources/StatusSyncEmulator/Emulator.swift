import Foundation
import StatusSyncHTTPServer

/// A provider emulator: a loopback HTTP/1.1 server that implements one provider's API strictly.
///
/// ```swift
/// var options = EmulatorOptions(provider: .statushub)
/// options.seed = try Data(contentsOf: seedURL)
/// let emulator = try Emulator(options: options)
/// try emulator.start()
/// print(emulator.baseURL, emulator.options.apiKey)
/// defer { emulator.stop() }
/// ```
///
/// Besides the provider API, every emulator serves an inspection API (no auth, not rate-limited, not
/// logged): `GET /_emulator/state`, `GET` and `DELETE /_emulator/requests`, `GET` and
/// `POST /_emulator/faults`. See `StatusSyncEmulator.docc/StatusSyncEmulator.md`.
package final class Emulator: Sendable {
    /// The options the emulator was made with.
    package let options: EmulatorOptions
    private let pipeline: EmulatorPipeline
    private let server: HTTPServer

    /// Loads the seed (or the state file, when it exists) and prepares the server; nothing is bound yet.
    ///
    /// - Parameter options: What to emulate and how.
    /// - Throws: ``EmulatorError`` for an invalid option, seed or state file.
    package init(options: EmulatorOptions) throws(EmulatorError) {
        for (name, rate) in [
            ("failRate", options.failRate), ("loseResponseRate", options.loseResponseRate),
            ("throttleRate", options.throttleRate),
        ] where !(0...1).contains(rate) {
            throw .invalidOption(name: name, reason: "must be between 0 and 1")
        }
        for (name, value) in [
            ("pageSize", options.pageSize), ("perPageCap", options.perPageCap),
            ("defaultPerPage", options.defaultPerPage),
        ] where value < 1 {
            throw .invalidOption(name: name, reason: "must be at least 1")
        }
        guard options.latency >= .zero else { throw .invalidOption(name: "latency", reason: "must not be negative") }
        guard !options.apiKey.isEmpty else { throw .invalidOption(name: "apiKey", reason: "must not be empty") }
        self.options = options
        let provider: any ProviderEmulator =
            switch options.provider {
            case .freshstatus: try FreshstatusEmulator(options: options)
            case .statushub: try StatusHubEmulator(options: options)
            }
        let pipeline = EmulatorPipeline(provider: provider, options: options)
        self.pipeline = pipeline
        server = HTTPServer(host: options.host, port: options.port) { pipeline.handle($0) }
    }

    /// Binds the port and starts serving on background threads.
    ///
    /// - Throws: ``EmulatorError/portInUse(host:port:)``, ``EmulatorError/invalidHost(_:)`` or another socket error.
    package func start() throws(EmulatorError) {
        do {
            try server.start()
        } catch {
            throw EmulatorError(error)
        }
        if options.statePath != nil { try pipeline.provider.flush() }
    }

    /// Closes the listener and all connections, waits for their threads, and flushes the state file.
    package func stop() {
        server.stop()
        try? pipeline.provider.flush()
    }

    /// The bound port (0 before ``start()``).
    package var port: UInt16 { server.port }

    /// The API base URL: `http://HOST:PORT/api/v1/` (Freshstatus) or `http://HOST:PORT/api/v3` (StatusHub).
    package var baseURL: URL {
        let path = options.provider == .freshstatus ? "/api/v1/" : "/api/v3"
        return URL(string: "http://\(options.host):\(port)\(path)") ?? URL(fileURLWithPath: "/")
    }

    /// The root of the inspection API: `http://HOST:PORT/_emulator/`.
    package var inspectionURL: URL {
        URL(string: "http://\(options.host):\(port)/_emulator/") ?? URL(fileURLWithPath: "/")
    }

    /// The current state in the seed shape (deleted StatusHub entities flagged `"deleted": true`), as JSON.
    package func stateData() -> Data {
        Data(pipeline.provider.stateJSON().prettySerialized)
    }

    /// The number of client connections open right now.
    package var openConnectionCount: Int { server.openConnectionCount }

    /// The number of client connections accepted since ``start()``.
    package var acceptedConnectionCount: Int { server.acceptedConnectionCount }

    /// Requests whose connection ended after their head and before their whole body: a client that
    /// sent a write again without its body, or gave up on one half-sent.
    package var cutShortRequestCount: Int { server.cutShortRequestCount }
}
