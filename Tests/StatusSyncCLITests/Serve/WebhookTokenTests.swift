import StatusSyncCLI
import Testing

@Suite struct WebhookTokenTests {
    @Test func matchesOnlyTheWholeToken() {
        let token = WebhookToken("s3cret-token")
        #expect(token.matches("s3cret-token"))
        #expect(!token.matches(nil))
        #expect(!token.matches(""))
        #expect(!token.matches("s3cret"))
        #expect(!token.matches("s3cret-token2"))
        #expect(!token.matches("S3cret-token"))
    }
}
