import Testing

@testable import LifelineCore

@Suite struct SHA256Tests {
  // FIPS 180-4 examples and the NIST test vectors.
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    ),
  ])
  func nistVectors(message: String, digest: String) {
    #expect(SHA256.hex(message) == digest)
    #expect(SHA256.hex(Array(message.utf8)) == digest)
  }

  @Test func oneMillionAs() {
    #expect(
      SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  // Lengths around the 56- and 64-byte padding boundaries, checked against another implementation.
  @Test(arguments: [
    (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
    (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
    (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
    (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
    (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
    (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
  ])
  func paddingBoundaries(length: Int, digest: String) {
    #expect(SHA256.hex(String(repeating: "a", count: length)) == digest)
  }

  @Test func theDigestIsThirtyTwoBytesAndHexIsItsLowerCaseDigits() {
    let digest = SHA256.digest(Array("abc".utf8))
    #expect(digest.count == 32)
    #expect(digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() == SHA256.hex("abc"))
    #expect(SHA256.hex(Array("abc".utf8)[...]) == SHA256.hex("abc"), "a slice hashes like the array")
  }
}

@Suite struct TimestampTests {
  @Test(arguments: [
    (Int64(0), "1970-01-01T00:00:00.000Z"),
    (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
    (1_709_208_000_000, "2024-02-29T12:00:00.000Z"),
    (951_868_799_999, "2000-02-29T23:59:59.999Z"),
    (4_107_542_400_000, "2100-03-01T00:00:00.000Z"),
    (-1, "1969-12-31T23:59:59.999Z"),
    (-2_203_891_200_000, "1900-03-01T00:00:00.000Z"),
    (-11_670_998_400_000, "1600-02-29T00:00:00.000Z"),
    (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
  ])
  func formatAndParse(milliseconds: Int64, text: String) {
    #expect(Timestamp.rfc3339(epochMilliseconds: milliseconds) == text)
    #expect(Timestamp.epochMilliseconds(rfc3339: text) == milliseconds)
  }

  @Test func theDayAfterFebruary28() {
    let day: Int64 = 86_400_000
    let feb28of2100 = 4_107_542_400_000 - day
    #expect(Timestamp.rfc3339(epochMilliseconds: feb28of2100) == "2100-02-28T00:00:00.000Z", "2100 is no leap year")
    let feb28of2024 = 1_709_208_000_000 - day
    #expect(Timestamp.rfc3339(epochMilliseconds: feb28of2024) == "2024-02-28T12:00:00.000Z")
  }

  @Test func everyInstantReadsBack() {
    var generator = SeededGenerator(seed: 9)
    for _ in 0..<2000 {
      let milliseconds = Int64.random(in: -5_000_000_000_000...20_000_000_000_000, using: &generator)
      let text = Timestamp.rfc3339(epochMilliseconds: milliseconds)
      #expect(text.utf8.count == 24)
      #expect(Timestamp.epochMilliseconds(rfc3339: text) == milliseconds)
    }
  }

  @Test func fileStampsHaveNoColons() {
    #expect(Timestamp.fileStamp(epochMilliseconds: 1_700_000_000_123) == "2023-11-14T22-13-20Z")
  }

  @Test(arguments: [
    "", "garbage", "2023-11-14T22:13:20Z", "2023-11-14T22:13:20.5Z", "2023-11-14T22:13:20.123",
    "2023-02-30T00:00:00.000Z", "2023-13-01T00:00:00.000Z", "2023-11-14T24:00:00.000Z", "2023-11-14T22:60:00.000Z",
    "2023-1-14T22:13:20.123Z", "+2023-11-14T22:13:20.123Z", "2023-11-14 22:13:20.123Z",
    "9223372036854775807-01-01T00:00:00.000Z", "999999999999-01-01T00:00:00.000Z",
  ])
  func onlyWhatItWritesIsRead(_ text: String) {
    #expect(Timestamp.epochMilliseconds(rfc3339: text) == nil)
  }
}

@Suite struct SuggestionTests {
  @Test func theClosestCandidateIsSuggested() {
    let fields = ["exit", "stdout", "stdout_not", "stderr", "stderr_not"]
    #expect(Suggestion.closest(to: "stdot", in: fields) == "stdout")
    #expect(Suggestion.closest(to: "STDERR_NOT", in: fields) == "stderr_not", "case does not matter")
    #expect(Suggestion.closest(to: "exti", in: fields) == "exit")
    #expect(Suggestion.closest(to: "std", in: fields) == "stdout", "a prefix is a likely typo")
    #expect(Suggestion.closest(to: "quorum", in: fields) == nil, "nothing close: no suggestion")
    #expect(Suggestion.closest(to: "x", in: [String]()) == nil)
    #expect(Suggestion.closest(to: "", in: ["raw", "host", "port"]) == nil, "the empty word suggests nothing")
  }

  @Test func longerWordsTolerateMoreTypos() {
    #expect(Suggestion.closest(to: "maintenence-mod", in: ["maintenance-mode"]) == "maintenance-mode")
    #expect(Suggestion.closest(to: "abcd", in: ["wxyz"]) == nil)
  }

  @Test func tiesGoToTheFirstCandidate() {
    #expect(Suggestion.closest(to: "pve4", in: ["pve1", "pve2", "pve3"]) == "pve1")
  }

  @Test func didYouMeanIsReadyToAppend() {
    #expect(Suggestion.didYouMean("nxt", in: ["next"]) == " (did you mean 'next'?)")
    #expect(Suggestion.didYouMean("zzzzzz", in: ["next"]) == "")
  }

  @Test(arguments: [
    ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("same", "same", 0), ("é", "e", 1),
    ("🛟a", "a", 1), ("flaw", "lawn", 2),
  ])
  func editDistance(a: String, b: String, distance: Int) {
    #expect(Suggestion.editDistance(a, b) == distance)
    #expect(Suggestion.editDistance(b, a) == distance)
  }

  @Test func suggestionsForUndefinedVariablesAreTheSameEveryTime() {
    // `note` and `nodes` are both one edit from `node`: the answer must not depend on hashing.
    let text = CoreFixture.text(
      steps: "  - {id: a, on: local, run: \"echo {{ node }}\"}\n", header: "params:\n  note: x\n  token: y\n")
    for _ in 0..<20 {
      #expect(
        CoreFixture.problems(text) == [
          "7:35: 'node' is not a parameter, a captured variable or a built-in (did you mean 'nodes'?)"
        ])
    }
  }
}

@Suite struct DurationTextTests {
  @Test(arguments: [
    ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("2h", .seconds(7200)),
    ("1m30s", .seconds(90)), (" 5s ", .seconds(5)), ("0s", .zero), ("1h2m3s4ms", .milliseconds(3_723_004)),
    ("9999999ms", .milliseconds(9_999_999)),
  ])
  func durationsAreRead(text: String, duration: Duration) {
    #expect(DurationText.parse(text) == duration)
  }

  @Test(arguments: ["", "5", "s", "5 s", "5sec", "-5s", "1.5s", "5S", "10000000s", "٣s", "5s3", "1d", "ms"])
  func notDurations(_ text: String) {
    #expect(DurationText.parse(text) == nil)
  }

  @Test(arguments: [
    (Duration.zero, "0s"), (.seconds(90), "1m30s"), (.milliseconds(500), "500ms"), (.milliseconds(1500), "1s500ms"),
    (.seconds(3661), "1h1m1s"), (.seconds(7200), "2h"), (.seconds(60), "1m"),
  ])
  func durationsAreWrittenShortest(duration: Duration, text: String) {
    #expect(DurationText.format(duration) == text)
  }

  @Test func whatIsWrittenReadsBack() {
    var generator = SeededGenerator(seed: 13)
    for _ in 0..<1000 {
      let duration = Duration.milliseconds(Int64.random(in: 0...400_000_000, using: &generator))
      #expect(DurationText.parse(DurationText.format(duration)) == duration)
    }
  }

  @Test func elapsedTimesForPeople() {
    #expect(DurationText.elapsed(.milliseconds(420)) == "0.42s")
    #expect(DurationText.elapsed(.milliseconds(12_345)) == "12.3s")
    #expect(DurationText.elapsed(.seconds(245)) == "4m05s")
    #expect(DurationText.elapsed(.seconds(3600)) == "60m00s")
  }

  @Test func millisecondsRoundDown() {
    #expect(Duration.microseconds(1999).milliseconds == 1)
    #expect(Duration.seconds(3).milliseconds == 3000)
  }
}
