import Glibc

/// A child process could not be started.
struct ProcessSpawnError: Error, CustomStringConvertible {
  var executable: String
  var code: Int32

  var description: String {
    "could not start \(executable): \(String(cString: strerror(code)))"
  }
}
