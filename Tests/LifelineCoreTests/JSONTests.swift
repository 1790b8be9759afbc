import Testing

@testable import LifelineCore

@Suite struct JSONWriterTests {
  @Test func objectsKeepTheirKeyOrderOnOneLine() {
    let value: JSONValue = .object([
      ("z", 1), ("a", .array([.null, true, false, "s", .double(1.5)])), ("m", .object([])),
    ])
    #expect(value.serialized() == #"{"z":1,"a":[null,true,false,"s",1.5],"m":{}}"#)
  }

  @Test(arguments: [
    ("plain", #""plain""#),
    ("quote \" and backslash \\", #""quote \" and backslash \\""#),
    ("line\nreturn\rtab\t", #""line\nreturn\rtab\t""#),
    ("\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}", #""\u0000\u0001\u0008\u000c\u001f\u007f""#),
    ("sep\u{2028}par\u{2029}", #""sep\u2028par\u2029""#),
    ("a/b", #""a/b""#),
    ("é 🛟 \u{202E}", "\"é 🛟 \u{202E}\""),
  ])
  func stringsAreEscapedExactlyWhereNeeded(text: String, json: String) {
    #expect(JSONValue.string(text).serialized() == json)
    #expect(JSONValue.parse(json) == .string(text))
  }

  @Test func integersAreExact() {
    for value in [Int64.max, Int64.min, 0, -1, 9_007_199_254_740_993] {
      let text = JSONValue.int(value).serialized()
      #expect(text == String(value))
      #expect(JSONValue.parse(text) == .int(value))
    }
  }

  @Test func numbersThatJSONCannotHoldBecomeNull() {
    #expect(JSONValue.double(.nan).serialized() == "null")
    #expect(JSONValue.double(.infinity).serialized() == "null")
  }
}

@Suite struct JSONParserTests {
  @Test func documentsParseWithWhitespace() {
    let value = JSONValue.parse(" {\n\t\"a\" : [ 1 , -2.5e3 , \"x\" ] ,\r\n \"b\":null } ")
    #expect(value == .object([("a", .array([1, .double(-2500), "x"])), ("b", .null)]))
  }

  @Test func escapesAndSurrogatePairsAreDecoded() {
    #expect(JSONValue.parse(#""\u00e9\/\b\f\n\r\t\"\\""#) == .string("é/\u{8}\u{c}\n\r\t\"\\"))
    #expect(JSONValue.parse(#""\ud83d\udedf""#) == .string("🛟"))
    #expect(JSONValue.parse(#""\uD83D\uDEDF""#) == .string("🛟"))
  }

  @Test(arguments: [
    "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "\"unterminated", "\"\\x\"", "\"\\u12\"",
    "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"tab\there\"", "\"nl\nhere\"", "tru", "nul", "falsey",
    "1 2", "{} {}", "[1]]", "-", "1e", "--1", "'single'", "{\"a\":}", "[\"a\" \"b\"]",
  ])
  func malformedDocumentsAreRefused(_ text: String) {
    #expect(JSONValue.parse(text) == nil)
  }

  @Test func nestingIsBoundedSoHostileInputCannotExhaustTheStack() {
    let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
    #expect(JSONValue.parse(deepest) != nil)
    let tooDeep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
    #expect(JSONValue.parse(tooDeep) == nil)
    #expect(JSONValue.parse(String(repeating: "{\"a\":", count: 100_000)) == nil)
  }

  @Test func integersBeyondSixtyFourBitsBecomeDoubles() {
    #expect(JSONValue.parse("18446744073709551616") == .double(18_446_744_073_709_551_616))
    #expect(JSONValue.parse("1.0") == .double(1))
  }

  @Test func duplicateKeysAreKeptAndTheFirstIsRead() {
    let value = JSONValue.parse(#"{"a":1,"a":2}"#)
    #expect(value?.objectValue?.count == 2 && value?["a"] == 1)
  }

  @Test func accessorsReadTheirOwnKindOnly() {
    #expect(JSONValue.string("x").stringValue == "x" && JSONValue.int(1).stringValue == nil)
    #expect(
      JSONValue.int(7).intValue == 7 && JSONValue.double(7).intValue == 7 && JSONValue.double(7.5).intValue == nil)
    #expect(JSONValue.double(1e300).intValue == nil && JSONValue.double(.nan).intValue == nil)
    #expect(JSONValue.bool(true).boolValue == true && JSONValue.null.boolValue == nil)
    #expect(JSONValue.array([1]).arrayValue == [1] && JSONValue.object([]).arrayValue == nil)
    #expect(JSONValue.object([("k", 1)]).objectValue?.first?.0 == "k")
    #expect(JSONValue.array([]).objectValue == nil && JSONValue.array([])["k"] == nil)
  }

  @Test func objectsAreEqualOnlyWithTheSameKeysInTheSameOrder() {
    let ab: JSONValue = .object([("a", 1), ("b", 2)])
    #expect(ab == .object([("a", 1), ("b", 2)]))
    #expect(ab != .object([("b", 2), ("a", 1)]))
    #expect(JSONValue.int(1) != .double(1), "kinds differ")
    #expect(Set([ab, .object([("a", 1), ("b", 2)])]).count == 1)
  }

  static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
    let alphabet = Array("az09 \"\\/\n\t\u{0}\u{1f}\u{7f}é🛟\u{2028}\u{FFFF}".unicodeScalars)
    func text() -> String {
      var string = ""
      for _ in 0..<Int.random(in: 0...8, using: &generator) {
        string.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
      }
      return string
    }
    switch Int.random(in: 0...(depth > 3 ? 4 : 6), using: &generator) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2: return .int(Int64.random(in: .min ... .max, using: &generator))
    case 3: return .string(text())
    case 4: return .double(Double(Int.random(in: -1000...1000, using: &generator)) / 8)
    case 5:
      return .array(
        (0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
    default:
      return .object(
        (0..<Int.random(in: 0...4, using: &generator)).map { _ in
          (text(), randomValue(depth: depth + 1, using: &generator))
        })
    }
  }

  @Test func whatIsWrittenParsesBackToTheSameValue() {
    var generator = SeededGenerator(seed: 17)
    for _ in 0..<1500 {
      let value = Self.randomValue(depth: 0, using: &generator)
      let text = value.serialized()
      #expect(!text.contains("\n"), "one value, one line")
      #expect(JSONValue.parse(text) == value, "\(text)")
    }
  }
}
