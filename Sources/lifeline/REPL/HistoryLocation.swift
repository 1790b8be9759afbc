import Foundation
import LifelineSystem

/// Where the console keeps its history: `$LIFELINE_HISTORY` when set (empty or `/dev/null`
/// turns the file off), else `$XDG_STATE_HOME/lifeline/history`. The file is created 0600
/// in a 0700 folder: a history of recovery commands names hosts and paths.
enum HistoryLocation {
  static var file: String? {
    if let chosen = ProcessInfo.processInfo.environment["LIFELINE_HISTORY"] {
      return chosen.isEmpty || chosen == "/dev/null" ? nil : Paths.expandTilde(chosen)
    }
    return Paths.stateDirectory + "/history"
  }
}
