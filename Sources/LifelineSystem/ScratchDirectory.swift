import Foundation

/// A private directory (0700) under the temporary directory, for files a tool reads or writes;
/// the caller removes it.
public struct ScratchDirectory: Sendable {
  public let path: String

  public init() throws(FileError) {
    let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
    var template = Array("\(base)/lifeline-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
      throw FileError("cannot create a temporary directory in \(base): \(String(cString: strerror(errno)))")
    }
    path = String(cString: made)
  }

  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
