/// What a read from the operator produced.
public enum LineInput: Sendable, Hashable {
  /// A line, without its newline.
  case line(String)
  /// Ctrl-C: the line typed so far is discarded.
  case interrupted
  /// Ctrl-D on an empty line, or the end of piped input.
  case endOfInput
}
