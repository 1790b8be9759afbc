import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The `dump` directory of a storage: lists vzdump archives and writes sparse ones that look
/// large (`ls -l`, `pvesm`) but take no space on disk.
struct BackupDirectory: Sendable {
  /// The directory holding the archives (`<storage>/dump`).
  let path: String

  func archives() -> [BackupArchive] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    let present = Set(names)
    return names.compactMap { name in
      BackupArchive(
        fileName: name, size: Self.apparentSize(path + "/" + name),
        isProtected: present.contains(name + ".protected"))
    }
  }

  /// Writes a sparse archive of `size` bytes plus its task log, dated `ctime`.
  func create(_ name: String, size: Int64, ctime: Double, storage: String) throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let file = path + "/" + name
    let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw LabError.io("cannot create \(file): \(String(cString: strerror(errno)))") }
    let truncated = ftruncate(descriptor, off_t(size))
    close(descriptor)
    guard truncated == 0 else { throw LabError.io("cannot size \(file): \(String(cString: strerror(errno)))") }
    guard let archive = BackupArchive(fileName: name, size: size, isProtected: false) else { return }
    let log = """
      \(LocalTime.format(ctime, "%Y-%m-%d %H:%M:%S")) INFO: Starting Backup of VM \(archive.vmid) (\(archive.type))
      \(LocalTime.format(ctime, "%Y-%m-%d %H:%M:%S")) INFO: Backup started at \(LocalTime.format(ctime, "%Y-%m-%d %H:%M:%S"))
      \(LocalTime.format(ctime, "%Y-%m-%d %H:%M:%S")) INFO: creating vzdump archive '/mnt/pve/\(storage)/dump/\(name)'
      \(LocalTime.format(ctime + 95, "%Y-%m-%d %H:%M:%S")) INFO: Finished Backup of VM \(archive.vmid) (00:01:35)

      """
    let logFile = path + "/" + archive.logFileName
    try log.write(toFile: logFile, atomically: false, encoding: .utf8)
    Self.setModificationTime(file, ctime + 95)
    Self.setModificationTime(logFile, ctime + 95)
  }

  /// Removes an archive with its log and notes; true when the archive was there.
  @discardableResult
  func remove(_ archive: BackupArchive) -> Bool {
    let removed = unlink(path + "/" + archive.fileName) == 0
    unlink(path + "/" + archive.logFileName)
    unlink(path + "/" + archive.fileName + ".notes")
    return removed
  }

  /// `st_size`: what `ls -l` shows, not the blocks a sparse file uses.
  static func apparentSize(_ path: String) -> Int64 {
    var info = stat()
    return stat(path, &info) == 0 ? Int64(info.st_size) : 0
  }

  /// Sum of the apparent sizes of every regular file below `path`.
  static func totalSize(below path: String) -> Int64 {
    guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
    var total: Int64 = 0
    for case let relative as String in walker {
      var info = stat()
      if lstat(path + "/" + relative, &info) == 0, info.st_mode & S_IFMT == S_IFREG { total += Int64(info.st_size) }
    }
    return total
  }

  private static func setModificationTime(_ path: String, _ time: Double) {
    var times = [timeval(tv_sec: Int(time), tv_usec: 0), timeval(tv_sec: Int(time), tv_usec: 0)]
    utimes(path, &times)
  }
}
