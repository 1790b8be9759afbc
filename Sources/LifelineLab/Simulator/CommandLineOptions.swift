/// Splits Proxmox-style arguments: positional words and `--name value` / `--name=value` /
/// `-name value` options (single dashes are accepted as the Perl tools accept them).
struct CommandLineOptions: Sendable {
  var positional: [String] = []
  var options: [String: String] = [:]
  var flags: Set<String> = []

  /// - Parameter valueless: options that take no value (`--verbose`, `-a`).
  init(_ arguments: [String], valueless: Set<String> = []) {
    var index = 0
    while index < arguments.count {
      let word = arguments[index]
      if word.hasPrefix("-"), word.count > 1, Double(word) == nil {
        var name = String(word.drop { $0 == "-" })
        var value: String?
        if let equals = name.firstIndex(of: "=") {
          value = String(name[name.index(after: equals)...])
          name = String(name[..<equals])
        }
        if value == nil, valueless.contains(name) {
          flags.insert(name)
        } else if let value {
          options[name] = value
        } else if index + 1 < arguments.count {
          options[name] = arguments[index + 1]
          index += 1
        } else {
          flags.insert(name)
        }
      } else {
        positional.append(word)
      }
      index += 1
    }
  }

  /// True for `--name`, `--name 1` and `--name true`.
  func isSet(_ name: String) -> Bool {
    if flags.contains(name) { return true }
    guard let value = options[name] else { return false }
    return ["1", "true", "yes", "on"].contains(value.lowercased())
  }
}
