import Glibc

/// A child process could not be started.
public struct ProcessSpawnError: Error, CustomStringConvertible {
  public var executable: String
  /// The `errno` value `posix_spawn` or `pipe2` gave.
  public var code: Int32

  /// Why, in the C library's words: "No such file or directory".
  public var reason: String { String(cString: strerror(code)) }

  public var description: String { "could not start \(executable): \(reason)" }
}
