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

  /// Reads a transcript. Its complete lines must be UTF-8; what follows the last newline is a
  /// partial line a crash left, which may end inside a multi-byte character: it is not part of
  /// the record, so its bytes are read as they decode (U+FFFD for the cut character) and the
  /// verifier reports it as a partial line, rather than the whole file failing as not text.
  ///
  /// The file is read straight into the string's storage: a transcript can hold a line of
  /// hundreds of megabytes, and a copy of it in `Data` and another in an array cost as much.
  public static func readRecord(_ path: String) throws(FileError) -> String {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw FileError("\(path): cannot be read (\(String(cString: strerror(errno))))")
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw FileError("\(path): cannot be read") }
    var size = Int(status.st_size)
    var valid = true
    let text = String(unsafeUninitializedCapacity: size) { buffer in
      var offset = 0
      while offset < size {
        let count = Glibc.read(descriptor, buffer.baseAddress! + offset, size - offset)
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { break }
        offset += count
      }
      size = offset
      let complete = buffer[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
      var decoder = UTF8()
      var bytes = buffer[..<complete].makeIterator()
      checking: while true {
        switch decoder.decode(&bytes) {
        case .scalarValue: continue
        case .emptyInput: break checking
        case .error:
          valid = false
          break checking
        }
      }
      return offset
    }
    guard valid else { throw FileError("\(path):1:1: error: the file is not UTF-8 text") }
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
    guard let (temporary, descriptor) = Paths.createTemporary(besides: path, mode: mode_t(mode)) else {
      throw FileError("\(path): cannot be written (\(String(cString: strerror(errno))))")
    }
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { break }
      written += count
    }
    let closed = close(descriptor) == 0
    guard written == bytes.count, closed, rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw FileError("\(path): cannot be written (\(reason))")
    }
  }
}

public struct FileError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
