import Foundation

/// Reads the text files Lifeline loads (runbooks, inventories, transcripts) with errors that
/// name the file and say what is wrong.
public enum TextFile {
  public static func read(_ path: String) throws(FileError) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw FileError("\(path): no such file")
    }
    guard !isDirectory.boolValue else { throw FileError("\(path): is a directory, not a file") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw FileError("\(path): cannot be read (permission denied?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw FileError("\(path):1:1: error: the file is not UTF-8 text")
    }
    return text
  }

  public static func readBytes(_ path: String) throws(FileError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw FileError("\(path): cannot be read")
    }
    return [UInt8](data)
  }

  /// Writes a file atomically (temporary file, then rename) with the given mode.
  public static func write(_ text: String, to path: String, mode: Int = 0o600) throws(FileError) {
    let temporary = path + ".tmp-\(getpid())"
    guard
      FileManager.default.createFile(
        atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
    else { throw FileError("\(path): cannot be written") }
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw FileError("\(path): cannot be written (\(String(cString: strerror(errno))))")
    }
  }
}

public struct FileError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
