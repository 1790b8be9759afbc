import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Makes a powered-off node's loopback address unreachable, as a dead host on a LAN is: an
/// `unreachable` route for exactly that address in the local routing table, so ping, SSH and TCP
/// probes fail with "No route to host" instead of reaching the loopback interface. Only as root;
/// only for the lab's own 127.x.y.z addresses; removed again when the node powers on and by `down`.
enum LoopbackRoute {
  static let program = "/usr/sbin/ip"

  static func block(_ address: String) throws {
    guard address.hasPrefix("127.") else { throw LabError.invalid("not a loopback address: \(address)") }
    unblock(address)
    let result = try Subprocess.run(program, ["route", "add", "unreachable", address + "/32", "table", "local"])
    guard result.succeeded else { throw LabError.cannotRun(program, result.output) }
  }

  /// Removes the route if it is there.
  static func unblock(_ address: String) {
    guard address.hasPrefix("127.") else { return }
    _ = try? Subprocess.run(program, ["route", "del", "unreachable", address + "/32", "table", "local"])
  }
}
