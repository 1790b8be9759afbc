import Testing

@testable import LifelineCore

@Suite struct ReportSafeTextTests {
  @Test func controlCharactersBecomeVisibleText() {
    #expect(ReportSafeText.neutralise("\u{1B}[2J\u{1B}]0;title\u{07}ok\u{7F}") == "^[[2J^[]0;title^Gok^?")
    #expect(ReportSafeText.neutralise("a\u{9B}31m") == "a\\u{9b}31m")
  }

  @Test func lineBreaksStayAndCarriageReturnsDoNotHideText() {
    #expect(ReportSafeText.neutralise("one\r\ntwo\tthree\n") == "one\ntwo\tthree\n")
    #expect(ReportSafeText.neutralise("10%\r50%\r100%") == "10%\n50%\n100%")
  }

  @Test func directionOverridesCannotReorderWhatIsRead() {
    #expect(ReportSafeText.neutralise("rm -rf /\u{202E}txt.exe") == "rm -rf /\\u{202e}txt.exe")
  }

  @Test func maskedValuesStayMaskedAndLeakedCredentialsAreMasked() {
    #expect(ReportSafeText.display("token=‹redacted›") == "token=‹redacted›")
    #expect(ReportSafeText.display("--password hunter2 -u root") == "--password ‹redacted› -u root")
  }
}

@Suite struct TerminalSafeTextTests {
  @Test func theTerminalGetsTheSameEscapesAsTheReport() {
    #expect(SafeText.display("rm -rf /\u{202E}txt.exe") == "rm -rf /\\u{202e}txt.exe")
    #expect(SafeText.display("a\u{2066}b\u{2069}c\u{200F}") == "a\\u{2066}b\\u{2069}c\\u{200f}")
    #expect(SafeText.display("\u{1B}[2Jok\u{9B}") == "^[[2Jok\\u{9b}")
    #expect(SafeText.display("10%\r50%\r\n") == "10%\n50%\n", "a carriage return is never dropped unseen")
    #expect(SafeText.display("✓ plain — text") == "✓ plain — text")
  }
}
