import Foundation
import StatusSyncCore
import Testing

@Suite struct PairWebhookConfigurationTests {
    private func configuration(webhook: String) -> Data {
        Data(
            """
            {"version": 1,
             "accounts": {"a": {"provider": "freshstatus", "subdomain": "x", "apiKeyEnv": "K"},
                          "b": {"provider": "statushub", "account": "x", "hub": "h", "apiKeyEnv": "L"}},
             "pairs": {"p": {"source": "a", "target": "b", "mapping": "m.json"\(webhook)}}}
            """.utf8)
    }

    @Test func aPairNamesTheVariableHoldingItsWebhookToken() throws {
        let loaded = try ConfigurationLoader.parse(
            configuration(webhook: #", "webhook": {"tokenEnv": "MIRROR_WEBHOOK_TOKEN"}"#), path: "statussync.json")
        #expect(loaded.pairs["p"]?.webhook == Pair.Webhook(tokenEnvironmentVariable: "MIRROR_WEBHOOK_TOKEN"))
        let without = try ConfigurationLoader.parse(configuration(webhook: ""), path: "statussync.json")
        #expect(without.pairs["p"]?.webhook == nil)
    }

    @Test(arguments: [
        (#", "webhook": {}"#, "pairs.p.webhook.tokenEnv: missing"),
        (#", "webhook": {"tokenEnv": "s3cr3t-token!"}"#, "pairs.p.webhook.tokenEnv: 's3cr3t-token!' is not"),
        (#", "webhook": {"tokenEnv": "T", "secret": "x"}"#, "pairs.p.webhook.secret: unknown key 'secret'"),
        (#", "webhook": "T""#, "pairs.p.webhook: expected an object"),
    ])
    func aWrongWebhookIsReportedWithItsPath(webhook: String, problem: String) {
        #expect {
            try ConfigurationLoader.parse(configuration(webhook: webhook), path: "statussync.json")
        } throws: { error in
            guard case ConfigurationError.invalid(_, let problems) = error else { return false }
            return problems.contains { $0.hasPrefix(problem) }
        }
    }
}
