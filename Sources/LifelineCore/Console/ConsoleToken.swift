/// A word of a console line: its text with quotes and backslashes removed, and where it
/// stands in the line as typed.
public struct ConsoleToken: Sendable, Hashable {
  public var text: String
  public var range: Range<String.Index>
  /// It began with a quote (`'…'` or `"…"`).
  public var isQuoted: Bool
}

/// Splits a console line into words as a shell would for simple words: blanks separate,
/// `'…'` keeps everything literally, `"…"` keeps everything but `\"` and `\\`, and a
/// backslash outside quotes keeps the next character.
public enum ConsoleTokenizer {
  /// - Parameter lenient: accept an unterminated quote (a line still being typed, for
  ///   completion); otherwise it is an error.
  public static func tokens(in line: String, lenient: Bool = false) throws(ConsoleParseError) -> [ConsoleToken] {
    var tokens: [ConsoleToken] = []
    var index = line.startIndex
    while true {
      while index < line.endIndex, line[index].isWhitespace { index = line.index(after: index) }
      guard index < line.endIndex else { return tokens }
      let start = index
      var text = ""
      var quote: Character?
      var quoteStart = start
      while index < line.endIndex {
        let character = line[index]
        if let open = quote {
          if character == open {
            quote = nil
          } else if open == "\"", character == "\\", line.index(after: index) < line.endIndex,
            "\"\\".contains(line[line.index(after: index)])
          {
            index = line.index(after: index)
            text.append(line[index])
          } else {
            text.append(character)
          }
        } else if character.isWhitespace {
          break
        } else if character == "'" || character == "\"" {
          quote = character
          quoteStart = index
        } else if character == "\\", line.index(after: index) < line.endIndex {
          index = line.index(after: index)
          text.append(line[index])
        } else {
          text.append(character)
        }
        index = line.index(after: index)
      }
      if let quote, !lenient {
        throw ConsoleParseError(
          "unterminated quote: a \(quote) opened at column \(line.distance(from: line.startIndex, to: quoteStart) + 1) is never closed"
        )
      }
      tokens.append(ConsoleToken(text: text, range: start..<index, isQuoted: line[start] == "'" || line[start] == "\""))
    }
  }
}
