/// The version `--version` prints and every transcript records.
enum Version {
  static let number = "0.1.0"

  static var description: String { "lifeline \(number)" }
}
