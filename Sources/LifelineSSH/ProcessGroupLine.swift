/// Takes the `echo $$` line off the front of a remote command's stdout and keeps the number.
///
/// Every command runs as `echo $$; COMMAND`. sshd starts the login shell as a session leader, so
/// its PID is also the ID of the process group that a timeout or cancel must kill. A login
/// profile that prints to stdout (which breaks scp as well) pushes the line down; the output is
/// then passed on whole, and the command can only be abandoned, not killed, on a stop.
struct ProcessGroupLine {
  private(set) var processGroup: Int32?
  private var held: [UInt8] = []
  private var isPastLine = false
  /// Longer than any PID line; more bytes without a newline are the command's own output.
  private static let longestLine = 20

  /// The part of `bytes` that the command itself wrote.
  mutating func commandBytes(in bytes: ArraySlice<UInt8>) -> [UInt8] {
    if isPastLine { return Array(bytes) }
    held += bytes
    guard let newline = held.firstIndex(of: UInt8(ascii: "\n")) else {
      return held.count > Self.longestLine ? finish() : []
    }
    isPastLine = true
    let line = held[..<newline]
    defer { held = [] }
    guard !line.isEmpty, line.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
      let group = Int32(String(decoding: line, as: UTF8.self)), group > 1
    else { return held }
    processGroup = group
    return Array(held[(newline + 1)...])
  }

  /// What is still held back, once stdout has ended.
  mutating func finish() -> [UInt8] {
    isPastLine = true
    defer { held = [] }
    return held
  }
}
