import Testing

@testable import LifelineSSH

@Suite("The process group line in front of remote stdout")
struct ProcessGroupLineTests {
  @Test("the line is taken off and its number kept, even when it arrives in pieces")
  func splitLine() {
    var line = ProcessGroupLine()
    #expect(line.commandBytes(in: Array("12".utf8)[...]).isEmpty)
    #expect(line.commandBytes(in: Array("34\nout".utf8)[...]) == Array("out".utf8))
    #expect(line.commandBytes(in: Array("put\n".utf8)[...]) == Array("put\n".utf8))
    #expect(line.processGroup == 1234)
  }

  @Test("a first line that is not a number is the command's own output")
  func foreignLine() {
    var line = ProcessGroupLine()
    #expect(line.commandBytes(in: Array("Welcome\nout\n".utf8)[...]) == Array("Welcome\nout\n".utf8))
    #expect(line.processGroup == nil)
  }

  @Test("a long first line without a newline is passed on, not held back")
  func longLine() {
    var line = ProcessGroupLine()
    let bytes = [UInt8](repeating: UInt8(ascii: "7"), count: 64)
    #expect(line.commandBytes(in: bytes[...]) == bytes)
    #expect(line.processGroup == nil)
  }

  @Test("what is held back when stdout ends is delivered")
  func heldAtEnd() {
    var line = ProcessGroupLine()
    #expect(line.commandBytes(in: Array("42".utf8)[...]).isEmpty)
    #expect(line.finish() == Array("42".utf8))
  }
}
