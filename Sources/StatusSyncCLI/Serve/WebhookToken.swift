/// The secret a pair's webhooks must carry, compared in constant time.
package struct WebhookToken: Sendable {
    private let expected: [UInt8]

    /// Wraps the token read from the environment.
    package init(_ token: String) {
        expected = Array(token.utf8)
    }

    /// Whether `given` is the token; the time taken depends only on the expected token's length.
    package func matches(_ given: String?) -> Bool {
        let bytes = Array((given ?? "").utf8)
        var difference: UInt8 = bytes.count == expected.count ? 0 : 1
        for index in expected.indices {
            difference |= (index < bytes.count ? bytes[index] : 0) ^ expected[index]
        }
        return difference == 0 && given != nil
    }
}
