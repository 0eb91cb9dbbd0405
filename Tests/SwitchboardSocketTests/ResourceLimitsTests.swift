import Testing
@testable import SwitchboardSocket

@Suite struct ResourceLimitsTests {
    @Test func raisingTheOpenFileLimitReachesTheHardLimit() throws {
        let raised = try ResourceLimits.raiseOpenFileLimit()
        let (soft, hard) = try ResourceLimits.openFileLimit()
        #expect(raised == soft)
        #expect(soft == hard)
    }
}
