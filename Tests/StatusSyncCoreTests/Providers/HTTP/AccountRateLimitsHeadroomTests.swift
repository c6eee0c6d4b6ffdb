import StatusSyncCore
import Testing

@Suite struct AccountRateLimitsHeadroomTests {
    @Test func slowsPerSecondPacesAndKeepsHourlyWindows() {
        #expect(
            AccountRateLimits.statusHub.withHeadroom(0.95)
                == .perVerbClass(reads: .evenPace(perSecond: 28.5), writes: .evenPace(perSecond: 4.75)))
        #expect(AccountRateLimits.freshstatus.withHeadroom() == .freshstatus)
        #expect(AccountRateLimits.shared(.unlimited).withHeadroom() == .shared(.unlimited))
    }
}
