import Foundation
import LifelineSystem

/// What the console prints besides step progress: messages on stdout, errors on stderr
/// (in a script, with the line they come from).
struct ReplOutput: Sendable {
  var style: Style
  var errorStyle = Style(enabled: Terminal.usesColor(STDERR_FILENO))
  var isTerminal: Bool
  /// The session's secrets: errors and texts from runbooks, nodes and records are shown masked.
  var mask: SecretMask

  func say(_ text: String) { StandardStreams.out(text) }

  func hint(_ text: String) { StandardStreams.out(style.dim(text)) }

  /// A text that did not come from Lifeline, as the screen shows it (``SecretMask/shown(_:)``).
  func shown(_ text: String) -> String { mask.shown(text) }

  /// - Parameter line: the script line the error comes from, shown when input is piped.
  func error(_ message: String, line: Int? = nil) {
    let place = isTerminal ? "" : line.map { "line \($0): " } ?? ""
    StandardStreams.write("\(place)\(errorStyle.red("error:")) \(mask.shown(message))\n", to: STDERR_FILENO)
  }
}
