import Foundation

/// The processes below a PID, found through `/proc/*/stat`: an sshd's per-connection children
/// and the shells and commands they run.
public enum ProcessTree {
  public static func descendants(of root: pid_t) -> [pid_t] {
    var children: [pid_t: [pid_t]] = [:]
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries {
      guard let pid = pid_t(entry), let parent = parent(of: pid) else { continue }
      children[parent, default: []].append(pid)
    }
    var found: [pid_t] = []
    var queue = children[root] ?? []
    while let pid = queue.popLast() {
      found.append(pid)
      queue += children[pid] ?? []
    }
    return found
  }

  /// Field 4 of `/proc/PID/stat`, read after the command name, which may contain spaces.
  private static func parent(of pid: pid_t) -> pid_t? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let nameEnd = stat.lastIndex(of: ")")
    else { return nil }
    let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
    return fields.count > 1 ? pid_t(fields[1]) : nil
  }
}
