import Foundation
import Glibc
import LifelineSystem

/// Appends entries to a known_hosts file, creating it (mode 600) and its directory (mode 700)
/// when missing.
struct KnownHostsFile {
  var path: String

  /// Appends `entry` unless the file already has that very line.
  func append(_ entry: String) throws(HostKeyTrustError) {
    let line = entry.hasSuffix("\n") ? entry : entry + "\n"
    let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    if existing.split(separator: "\n").contains(Substring(line.dropLast())) { return }
    let directory = (path as NSString).deletingLastPathComponent
    do {
      if !directory.isEmpty, !Paths.isDirectory(directory) { try Paths.makeDirectory(directory, mode: 0o700) }
    } catch {
      throw .cannotWrite(file: path, reason: "\(error)")
    }
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw .cannotWrite(file: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    // A file that ends without a newline would glue the entry onto its last line.
    let text = existing.isEmpty || existing.hasSuffix("\n") ? line : "\n" + line
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == bytes.count else {
      throw .cannotWrite(file: path, reason: String(cString: strerror(errno)))
    }
  }
}
