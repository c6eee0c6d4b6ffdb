import Foundation
import StatusSyncCore
import Testing

@Suite struct SecretRedactorTests {
    let configuration = Configuration(accounts: [
        "old": Account(name: "old", provider: .freshstatus, settings: ["subdomain": "acme"], apiKeyEnv: "FS_KEY"),
        "new": Account(name: "new", provider: .statushub, settings: ["hub": "h"], apiKeyEnv: "SH_KEY"),
    ])

    @Test func removesEveryKnownKeyAndTheBasicFormItTravelsIn() {
        let redactor = SecretRedactor()
        redactor.register(configuration, environment: ["FS_KEY": "fs-secret-1", "SH_KEY": "sh-secret-2"])
        let basic = Data("fs-secret-1:acme".utf8).base64EncodedString()
        let echoed = "422: {\"headers\": {\"X-Api-Key\": \"sh-secret-2\", \"Authorization\": \"Basic \(basic)\"}}"
        let redacted = redactor.redact(echoed)
        #expect(!redacted.contains("sh-secret-2") && !redacted.contains(basic))
        #expect(
            redacted == "422: {\"headers\": {\"X-Api-Key\": \"<redacted>\", \"Authorization\": \"Basic <redacted>\"}}")
    }

    @Test func removesTheUserInformationOfAnyURL() {
        let redactor = SecretRedactor()
        #expect(
            redactor.redact("'https://me:hunter22@api.example.com/v1/' is not an absolute URL")
                == "'https://<redacted>@api.example.com/v1/' is not an absolute URL")
        #expect(
            redactor.redact("see https://example.com/a@b and mail@example.com")
                == "see https://example.com/a@b and mail@example.com")
    }

    @Test func leavesTextWithoutSecretsAlone() {
        let redactor = SecretRedactor()
        redactor.register(configuration, environment: ["FS_KEY": "abc"])
        #expect(redactor.redact("abc is too short to be a key") == "abc is too short to be a key")
    }
}
