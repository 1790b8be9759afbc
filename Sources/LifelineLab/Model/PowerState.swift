/// Whether a simulated node is running, switched off (`down`), or frozen (`hang`).
enum PowerState: String, Codable, Sendable {
  case running
  case off
  case hung
}
