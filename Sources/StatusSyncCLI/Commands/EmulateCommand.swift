import Foundation
import StatusSyncCore
import StatusSyncEmulator

/// `statussync emulate freshstatus|statushub`: a provider emulator on loopback until SIGINT or SIGTERM.
package enum EmulateCommand {
    static func run(_ context: CommandContext) async throws -> ExitStatus {
        let options = try options(from: context.command)
        let emulator = try Emulator(options: options)
        let signals = SignalWaiter()
        defer { signals.cancel() }
        try emulator.start()
        for line in banner(emulator) { context.result(line) }
        let number = await signals.wait()
        emulator.stop()
        context.info("Stopped on \(number == SIGINT ? "SIGINT" : "SIGTERM").")
        return .success
    }

    /// The emulator's options from the command line.
    package static func options(from command: ParsedCommand) throws -> EmulatorOptions {
        let name = command.argument("PROVIDER")
        guard let provider = EmulatedProvider(rawValue: name) else {
            throw UsageError.invalidValue(option: "PROVIDER", value: name, expected: "freshstatus or statushub")
        }
        var options = EmulatorOptions(provider: provider)
        if let port = command.integer("--port") { options.port = UInt16(port) }
        if let path = command.value("--data") {
            switch FileContents.read(path) {
            case .success(let data): options.seed = data
            case .failure(let failure):
                throw CommandError.invalidInput("cannot read the seed \(path): \(failure.reason)")
            }
        }
        options.statePath = command.value("--state")
        if let latency = command.integer("--latency") { options.latency = .milliseconds(latency) }
        options.failRate = command.number("--fail-rate") ?? 0
        options.loseResponseRate = command.number("--lose-responses") ?? 0
        options.throttleRate = command.number("--throttle-rate") ?? 0
        if let seed = command.integer("--fault-seed") { options.faultSeed = UInt64(seed) }
        if let spec = command.value("--rate-limit") { options.rateLimits = try rateLimits(spec, provider: provider) }
        if let webhook = command.value("--webhook") {
            guard provider == .freshstatus else {
                throw UsageError.invalidValue(
                    option: "--webhook", value: webhook,
                    expected: "a Freshstatus emulator (StatusHub sends no webhooks)")
            }
            guard let url = URL(string: webhook), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw UsageError.invalidValue(
                    option: "--webhook", value: webhook, expected: "an http:// or https:// URL")
            }
            options.webhookURL = url
        }
        if let paging = command.value("--paging") { options.paging = StatusHubPaging(rawValue: paging) ?? .meta }
        if let size = command.integer("--page-size") {
            options.pageSize = size
            options.perPageCap = size
        }
        return options
    }

    /// Reads `off`, `N/h` (Freshstatus) or `reads=N/s,writes=N/s` (StatusHub).
    package static func rateLimits(_ spec: String, provider: EmulatedProvider) throws -> EmulatorRateLimits {
        let invalid = UsageError.invalidValue(
            option: "--rate-limit", value: spec,
            expected: provider == .freshstatus ? "off or N/h, such as 1000/h" : "off or reads=N/s,writes=N/s")
        if spec == "off" { return .unlimited }
        var limits = EmulatorRateLimits.providerDefaults
        switch provider {
        case .freshstatus:
            guard spec.hasSuffix("/h"), let calls = Int(spec.dropLast(2)), calls > 0 else { throw invalid }
            limits.callsPerHour = calls
        case .statushub:
            for part in spec.split(separator: ",") {
                let pieces = part.split(separator: "=")
                guard pieces.count == 2, pieces[1].hasSuffix("/s"), let value = Int(pieces[1].dropLast(2)), value > 0
                else { throw invalid }
                switch pieces[0] {
                case "reads": limits.readsPerSecond = value
                case "writes": limits.writesPerSecond = value
                default: throw invalid
                }
            }
        }
        return limits
    }

    /// What the command prints once the emulator listens: where, the credentials, and how to point statussync at it.
    package static func banner(_ emulator: Emulator) -> [String] {
        let options = emulator.options
        let base = emulator.baseURL.absoluteString
        let limits = options.rateLimits
        // The account line keeps the client to the emulator's limit when --rate-limit changed it.
        let changed = limits.isEnabled && limits != EmulatorRateLimits.providerDefaults
        switch options.provider {
        case .freshstatus:
            return [
                "Freshstatus v1 emulator listening on \(base)",
                "  API key (emulator's own, not a secret): \(options.apiKey)",
                "  subdomain (the Basic-auth password):    \(options.subdomain)",
                "  inspection: \(emulator.inspectionURL.absoluteString)",
                "Account for statussync.json:",
                #"  {"provider": "freshstatus", "subdomain": "\#(options.subdomain)", "apiKeyEnv": "FRESHSTATUS_API_KEY", "baseURL": "\#(base)""#
                    + (changed ? #", "rateLimit": {"callsPerHour": \#(limits.callsPerHour)}"# : "") + "}",
                "  export FRESHSTATUS_API_KEY=\(options.apiKey)",
                "Serving until SIGINT (Ctrl-C) or SIGTERM.",
            ]
        case .statushub:
            return [
                "StatusHub v3 emulator listening on \(base)",
                "  API key (emulator's own, not a secret): \(options.apiKey)",
                "  hub: \(options.hub)   paging: \(options.paging.rawValue)",
                "  inspection: \(emulator.inspectionURL.absoluteString)",
                "Account for statussync.json:",
                #"  {"provider": "statushub", "account": "acme", "hub": "\#(options.hub)", "apiKeyEnv": "STATUSHUB_API_KEY", "baseURL": "\#(base)""#
                    + (changed
                        ? #", "rateLimit": {"readsPerSecond": \#(limits.readsPerSecond), "#
                            + #""writesPerSecond": \#(limits.writesPerSecond)}"# : "") + "}",
                "  export STATUSHUB_API_KEY=\(options.apiKey)",
                "Serving until SIGINT (Ctrl-C) or SIGTERM.",
            ]
        }
    }
}
