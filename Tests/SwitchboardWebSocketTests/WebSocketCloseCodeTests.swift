import SwitchboardWebSocket
import Testing

@Suite struct WebSocketCloseCodeTests {
    @Test(arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999] as [UInt16])
    func codesAPeerMaySendAreValid(code: UInt16) {
        #expect(WebSocketCloseCode(code).isValidInCloseFrame)
    }

    @Test(arguments: [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535] as [UInt16])
    func reservedUnassignedAndOutOfRangeCodesAreInvalid(code: UInt16) {
        #expect(!WebSocketCloseCode(code).isValidInCloseFrame)
    }

    @Test func namedCodesHaveTheirRegisteredValues() {
        #expect(WebSocketCloseCode.normalClosure.rawValue == 1000)
        #expect(WebSocketCloseCode.goingAway.rawValue == 1001)
        #expect(WebSocketCloseCode.protocolError.rawValue == 1002)
        #expect(WebSocketCloseCode.unsupportedData.rawValue == 1003)
        #expect(WebSocketCloseCode.invalidPayloadData.rawValue == 1007)
        #expect(WebSocketCloseCode.policyViolation.rawValue == 1008)
        #expect(WebSocketCloseCode.messageTooBig.rawValue == 1009)
        #expect(WebSocketCloseCode.internalError.rawValue == 1011)
    }
}
