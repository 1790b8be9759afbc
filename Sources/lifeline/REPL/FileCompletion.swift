import Foundation
import LifelineSystem

/// Paths for Tab: the entries of the folder typed so far that start with the rest.
enum FileCompletion {
  @Sendable static func paths(_ typed: String) -> [String] {
    let slash = typed.lastIndex(of: "/")
    let folderPart = slash.map { String(typed[...$0]) } ?? ""
    let namePart = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
    let folder = folderPart.isEmpty ? "." : Paths.expandTilde(folderPart)
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
    return entries.filter { $0.hasPrefix(namePart) && (!$0.hasPrefix(".") || namePart.hasPrefix(".")) }.sorted().map {
      folderPart + $0 + (Paths.isDirectory(folder + "/" + $0) ? "/" : "")
    }
  }
}
