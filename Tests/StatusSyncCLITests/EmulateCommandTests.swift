import Foundation
import StatusSyncCLI
import StatusSyncEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct EmulateCommandTests {
    private func options(_ arguments: [String]) throws -> EmulatorOptions {
        guard case .run(let command) = try Invocation.parse(["emulate"] + arguments) else {
            throw UsageError.missingArgument(name: "PROVIDER", command: "emulate")
        }
        return try EmulateCommand.options(from: command)
    }

    @Test func readsEveryFlagIntoTheEmulatorsOptions() throws {
        let options = try options([
            "statushub", "--port", "8082", "--latency", "150", "--fail-rate", "0.1", "--lose-responses", "0.2",
            "--throttle-rate", "0.3", "--fault-seed", "7", "--paging", "link", "--page-size", "20",
            "--rate-limit", "reads=60/s,writes=20/s",
        ])
        #expect(options.provider == .statushub)
        #expect(options.port == 8082)
        #expect(options.latency == .milliseconds(150))
        #expect(options.failRate == 0.1 && options.loseResponseRate == 0.2 && options.throttleRate == 0.3)
        #expect(options.faultSeed == 7)
        #expect(options.paging == .link)
        #expect(options.perPageCap == 20)
        #expect(options.rateLimits.readsPerSecond == 60 && options.rateLimits.writesPerSecond == 20)
        #expect(try self.options(["freshstatus", "--rate-limit", "off"]).rateLimits == .unlimited)
        #expect(try self.options(["freshstatus", "--rate-limit", "5000/h"]).rateLimits.callsPerHour == 5000)
    }

    @Test(arguments: [
        ["pagerduty"], ["freshstatus", "--rate-limit", "reads=5/s"], ["statushub", "--rate-limit", "5/h"],
        ["statushub", "--rate-limit", "reads=0/s"], ["statushub", "--webhook", "http://127.0.0.1:8080/hooks/m"],
        ["freshstatus", "--webhook", "not a url"], ["freshstatus", "--webhook", "ftp://127.0.0.1/hooks/m"],
    ])
    func rejectsWhatItCannotServe(arguments: [String]) {
        #expect(throws: UsageError.self) { try options(arguments) }
    }

    @Test func aFreshstatusEmulatorTakesAWebhookURL() throws {
        let url = "http://127.0.0.1:8080/hooks/mirror?token=t"
        #expect(try options(["freshstatus", "--webhook", url]).webhookURL == URL(string: url))
        #expect(try options(["freshstatus"]).webhookURL == nil)
    }

    @Test func aMissingSeedFileIsAClearError() async {
        let result = await runCLI(["emulate", "freshstatus", "--data", "/nonexistent/seed.json"])
        #expect(result.status == .failure)
        #expect(
            result.standardError == "error: cannot read the seed /nonexistent/seed.json: no such file\n"
        )
    }

    @Test func theBannerSaysWhereAndWithWhichCredentials() throws {
        let emulator = try Emulator(options: try options(["freshstatus"]))
        try emulator.start()
        defer { emulator.stop() }
        let banner = EmulateCommand.banner(emulator).joined(separator: "\n")
        #expect(banner.contains("listening on http://127.0.0.1:\(emulator.port)/api/v1/"))
        #expect(banner.contains("export FRESHSTATUS_API_KEY=\(emulator.options.apiKey)"))
        #expect(banner.contains(#""subdomain": "acme""#))
    }

    @Test func theAccountLineCarriesTheRateLimitAndTheInspectionURLAnswers() async throws {
        let emulator = try Emulator(options: try options(["statushub", "--rate-limit", "reads=60/s,writes=20/s"]))
        try emulator.start()
        defer { emulator.stop() }
        let banner = EmulateCommand.banner(emulator)
        let accountLine = try #require(banner.first { $0.contains(#""provider": "statushub""#) })
        let account = try #require(
            try JSONSerialization.jsonObject(with: Data(accountLine.utf8)) as? [String: Any])
        #expect(account["rateLimit"] as? [String: Int] == ["readsPerSecond": 60, "writesPerSecond": 20])
        let plain = try Emulator(options: try options(["freshstatus"]))
        #expect(!EmulateCommand.banner(plain).joined().contains("rateLimit"))

        let printed = try #require(banner.first { $0.contains("inspection: ") })
        let url = try #require(URL(string: String(printed.split(separator: " ").last ?? "")))
        let (data, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let index = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((index?["endpoints"] as? [String: String])?["GET /_emulator/requests"] != nil)
    }
}
