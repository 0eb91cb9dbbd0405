import Testing
@testable import SwitchboardSocket

/// The per-address cap on unauthenticated connections, as a table.
struct AddressLimiterTests {
    @Test func eachAddressHasItsOwnPlacesAndReleasedPlacesReturn() {
        let limiter = AddressLimiter(maxPerAddress: 2)
        #expect([limiter.admit("10.0.0.1"), limiter.admit("10.0.0.1"), limiter.admit("10.0.0.1")] == [true, true, false])
        #expect(limiter.admit("10.0.0.2"))
        #expect(limiter.refusedCount == 1)
        limiter.release("10.0.0.1")
        #expect(limiter.admit("10.0.0.1"))
        // Entries go once their address holds nothing: memory follows the pending connections.
        limiter.release("10.0.0.1")
        limiter.release("10.0.0.1")
        limiter.release("10.0.0.2")
        #expect(limiter.addressCount == 0)
    }

    @Test func aLoweredLimitAppliesToNewcomersOnly() {
        let limiter = AddressLimiter(maxPerAddress: 3)
        for _ in 0..<3 { #expect(limiter.admit("::1")) }
        limiter.update(maxPerAddress: 1)
        #expect(!limiter.admit("::1"))
        for _ in 0..<3 { limiter.release("::1") }
        #expect(limiter.admit("::1"))
        #expect(!limiter.admit("::1"))
    }
}
