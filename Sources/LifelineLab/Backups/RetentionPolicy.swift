/// Backup retention (`prune-backups keep-daily=7,keep-weekly=4`), applied in Proxmox's order.
struct RetentionPolicy: Sendable, Equatable {
  /// The keep options in the order pruning applies them.
  static let optionNames = ["keep-last", "keep-hourly", "keep-daily", "keep-weekly", "keep-monthly", "keep-yearly"]

  var keepAll = false
  var counts: [String: Int] = [:]

  /// All-zero options mean keep everything.
  var keepsEverything: Bool { keepAll || counts.values.allSatisfy { $0 == 0 } }

  /// Reads the storage.cfg property value; nil when it is malformed.
  init?(propertyValue: String) {
    for item in propertyValue.split(separator: ",") {
      let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard pair.count == 2, let number = Int(pair[1]), number >= 0 else { return nil }
      if pair[0] == "keep-all" {
        keepAll = number == 1
      } else if Self.optionNames.contains(pair[0]) {
        counts[pair[0]] = number
      } else {
        return nil
      }
    }
  }

  init(counts: [String: Int], keepAll: Bool = false) {
    self.counts = counts
    self.keepAll = keepAll
  }
}
