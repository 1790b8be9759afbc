import Foundation

/// What this test process and this machine are running, read from /proc.
enum ProcessCensus {
  /// Threads of this process whose name starts with `prefix` (names are cut at 15 bytes).
  static func threads(named prefix: String) -> Int {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter { task in
      procFile("/proc/self/task/\(task)/comm").hasPrefix(prefix)
    }.count
  }

  /// Descriptors of this process that are TCP connections to `port`, from /proc/self/fd and
  /// /proc/net/tcp.
  static func sockets(connectedToPort port: Int) -> Int {
    let remote = String(format: ":%04X", port)
    let table = procFile("/proc/net/tcp")
    let inodes = Set(
      table.split(separator: "\n").dropFirst().compactMap { line -> String? in
        let fields = line.split(separator: " ")
        guard fields.count > 9, fields[2].hasSuffix(remote) else { return nil }
        return String(fields[9])
      })
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return descriptors.filter { descriptor in
      let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")) ?? ""
      return target.hasPrefix("socket:[") && inodes.contains(String(target.dropFirst(8).dropLast()))
    }.count
  }

  /// This process's resident memory, in bytes (`VmRSS`).
  static var residentMemory: Int {
    let status = procFile("/proc/self/status")
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return kilobytes * 1024
  }

  /// PIDs of processes on this machine whose command line contains `marker`, this test
  /// process excepted.
  static func processes(mentioning marker: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    let own = getpid()
    return entries.compactMap { entry -> Int32? in
      guard let pid = Int32(entry), pid != own,
        case let data = procData("/proc/\(pid)/cmdline"), !data.isEmpty
      else { return nil }
      let commandLine = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
      return commandLine.contains(marker) && !isZombie(pid) ? pid : nil
    }
  }

  /// Waits, generously, for every process that mentions `marker` to be gone.
  static func waitUntilGone(_ marker: String, within limit: Duration = .seconds(20)) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
      if processes(mentioning: marker).isEmpty { return true }
      try? await Task.sleep(for: .milliseconds(50))
    }
    return processes(mentioning: marker).isEmpty
  }

  /// PIDs of live processes in process group `group`.
  static func processes(inGroup group: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
      guard let pid = Int32(entry), let fields = statFields(pid), fields.count > 2 else { return nil }
      return fields[2] == "\(group)" && fields[0] != "Z" ? pid : nil
    }
  }

  /// Waits, generously, until process group `group` has no live process left.
  static func waitUntilEmpty(group: Int32, within limit: Duration = .seconds(20)) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
      if processes(inGroup: group).isEmpty { return true }
      try? await Task.sleep(for: .milliseconds(50))
    }
    return processes(inGroup: group).isEmpty
  }

  /// The fields of `/proc/PID/stat` after the command name: state, parent, group, …
  private static func statFields(_ pid: Int32) -> [Substring]? {
    let stat = procFile("/proc/\(pid)/stat")
    guard let nameEnd = stat.lastIndex(of: ")") else { return nil }
    return stat[stat.index(after: nameEnd)...].split(separator: " ")
  }

  private static func procFile(_ path: String) -> String {
    String(decoding: procData(path), as: UTF8.self)
  }

  /// The whole of a /proc file, or nothing once its process is gone. Plain `read`: /proc files
  /// report a size of 0, so `String(contentsOfFile:)` stops after the first page, and
  /// `FileHandle` traps when the process ends between `open` and `read`.
  private static func procData(_ path: String) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    var contents: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { return count == 0 ? contents : [] }
      contents += chunk[0..<count]
    }
  }

  private static func isZombie(_ pid: Int32) -> Bool {
    statFields(pid)?.first ?? "Z" == "Z"
  }
}
