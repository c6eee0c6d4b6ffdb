import StatusSyncCLI
import Testing

@Suite struct ExitStatusTests {
    @Test func keepsTheDocumentedNumbers() {
        #expect(ExitStatus.success.rawValue == 0)
        #expect(ExitStatus.failure.rawValue == 1)
        #expect(ExitStatus.changesPending.rawValue == 2)
        #expect(ExitStatus.usage.rawValue == 64)
    }
}
