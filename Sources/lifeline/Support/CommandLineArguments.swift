import ArgumentParser
import LifelineCore

/// `KEY=VALUE` on the command line (`--set`, `--answer`): a non-empty key, then anything.
struct KeyValue: ExpressibleByArgument, Hashable {
  var key: String
  var value: String

  init?(argument: String) {
    guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
    key = String(argument[..<equals])
    value = String(argument[argument.index(after: equals)...])
  }

  static var defaultValueDescription: String { "KEY=VALUE" }
}

extension [KeyValue] {
  /// The pairs by key; a key given twice keeps its last value, as a shell assignment does.
  var dictionary: [String: String] {
    reduce(into: [:]) { $0[$1.key] = $1.value }
  }
}

/// A duration on the command line: `30s`, `5m`, `1m30s` (see ``DurationText``).
struct DurationArgument: ExpressibleByArgument, Hashable {
  var duration: Duration

  init?(argument: String) {
    guard let duration = DurationText.parse(argument) else { return nil }
    self.duration = duration
  }

  init(_ duration: Duration) { self.duration = duration }

  var defaultValueDescription: String { DurationText.format(duration) }
}
