import Foundation
import LifelineCore
import LifelineSystem

/// Finds and loads runbooks by name or path.
///
/// A name is looked up, in order, in the folders of `$LIFELINE_RUNBOOKS` (colon-separated),
/// `./Runbooks`, `$XDG_DATA_HOME/lifeline/runbooks`, and the runbooks installed with the
/// binary (`/usr/share/lifeline/runbooks` for the .deb's `/usr/bin/lifeline`); the first
/// `NAME.yaml` (or `.yml`) wins.
struct RunbookLibrary {
  var folders: [String]

  static var standard: RunbookLibrary {
    var folders: [String] = []
    if let list = ProcessInfo.processInfo.environment["LIFELINE_RUNBOOKS"] {
      folders += list.split(separator: ":").map(String.init)
    }
    folders.append("Runbooks")
    folders.append(Paths.dataDirectory + "/runbooks")
    if let installed = installedFolder { folders.append(installed) }
    return RunbookLibrary(folders: folders)
  }

  /// `PREFIX/share/lifeline/runbooks` for a binary in `PREFIX/bin` (the .deb's layout).
  static var installedFolder: String? {
    guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
    let prefix = executable.deletingLastPathComponent().deletingLastPathComponent()
    return prefix.appendingPathComponent("share/lifeline/runbooks").path
  }

  /// The runbooks found, by name, with the file each comes from (first folder wins).
  func available() -> [(name: String, file: String)] {
    var seen: Set<String> = []
    var found: [(String, String)] = []
    for folder in folders {
      guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
      for entry in entries.sorted() where entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") {
        let name = String(entry.prefix(upTo: entry.lastIndex(of: ".")!))
        if seen.insert(name).inserted { found.append((name, folder + "/" + entry)) }
      }
    }
    return found
  }

  /// The file for a runbook name or path, or an error that lists what exists.
  func file(for reference: String) throws(UserError) -> String {
    if reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
      guard Paths.exists(reference) else { throw UserError("\(reference): no such runbook file") }
      return reference
    }
    let all = available()
    if let match = all.first(where: { $0.name == reference }) { return match.file }
    let names = all.map(\.name)
    throw UserError(
      "no runbook named '\(reference)'\(Suggestion.didYouMean(reference, in: names))"
        + (names.isEmpty
          ? "; no runbooks found in \(folders.joined(separator: ", "))"
          : "; available: \(names.joined(separator: ", "))"))
  }

  /// Loads and validates a runbook; invalid ones are an error listing every diagnostic.
  func load(_ reference: String) throws(UserError) -> LoadedRunbook {
    let file = try file(for: reference)
    let bytes: [UInt8]
    let text: String
    do {
      bytes = try TextFile.readBytes(file)
      text = try TextFile.read(file)
    } catch {
      throw UserError(error.description)
    }
    do {
      let runbook = try RunbookLoader.load(text: text, file: file)
      return LoadedRunbook(runbook: runbook, sha256: SHA256.hex(bytes))
    } catch {
      throw UserError("\(file) is not a valid runbook:\n" + error.description)
    }
  }
}

/// A runbook with the fingerprint of the exact file it came from, for the record.
struct LoadedRunbook: Sendable {
  var runbook: Runbook
  var sha256: String
}
