import Foundation

/// Adds host keys to a known_hosts file without replacing any: what `lifeline init` does with
/// the keys a cluster pins for its nodes.
///
/// Each key is sorted before anything is written: already recorded, to add, or in conflict
/// with what the file says for the host (another key of the same type, or the very key
/// `@revoked`). A key of another type than those recorded is added beside them, as
/// `ssh` does: nothing recorded is replaced. Conflicts are never written; the operator
/// removes the old line (`ssh-keygen -R`) after finding out why it differs.
public struct KnownHostsMerge: Sendable {
  /// One key for one node's host.
  public struct Entry: Sendable, Hashable {
    public var node: String
    public var host: String
    public var port: Int
    public var key: PinnedHostKey

    public init(node: String, host: String, port: Int, key: PinnedHostKey) {
      self.node = node
      self.host = host
      self.port = port
      self.key = key
    }

    /// `host`, or `[host]:port` off port 22.
    public var knownHostsName: String { PinnedHostKey.knownHostsName(host: host, port: port) }
  }

  /// A key the file contradicts, with why.
  public struct Conflict: Sendable, Hashable {
    public var entry: Entry
    /// The fingerprints of the keys of the same type the file records for the host instead;
    /// empty when the key itself is marked `@revoked`.
    public var recorded: [String]
  }

  /// The known_hosts file, `~` expanded.
  public var file: String
  public var toAdd: [Entry] = []
  public var alreadyRecorded: [Entry] = []
  public var conflicts: [Conflict] = []

  /// Sorts `entries` against the file as it is now; a missing file records nothing.
  public init(file: String, entries: [Entry]) throws(HostKeyTrustError) {
    self.file = file
    var text = ""
    if FileManager.default.fileExists(atPath: file) {
      guard let read = try? String(contentsOfFile: file, encoding: .utf8) else {
        throw .cannotWrite(file: file, reason: "it cannot be read as text")
      }
      text = read
    }
    let rules = KnownHostsRules(text: text)
    for entry in entries where !toAdd.contains(entry) && !alreadyRecorded.contains(entry) {
      let name = entry.knownHostsName.lowercased()
      let applying = rules.entries.filter { KnownHostsRules.matches(name, $0.patterns) }
      if applying.contains(where: { $0.marker == .revoked && $0.key == entry.key.blob }) {
        conflicts.append(Conflict(entry: entry, recorded: []))
        continue
      }
      let plain = applying.filter { $0.marker == .none }
      if plain.contains(where: { $0.key == entry.key.blob }) {
        alreadyRecorded.append(entry)
        continue
      }
      let sameType = plain.filter { $0.keyType == entry.key.keyType }
      if sameType.isEmpty {
        toAdd.append(entry)
      } else {
        conflicts.append(
          Conflict(
            entry: entry, recorded: sameType.map { PinnedHostKey(keyType: $0.keyType, blob: $0.key).fingerprint }))
      }
    }
  }

  /// Appends the keys to add; the file is created (mode 600) when missing.
  public func apply() throws(HostKeyTrustError) {
    let known = KnownHostsFile(path: file)
    for entry in toAdd { try known.append(entry.key.knownHostsLine(host: entry.host, port: entry.port)) }
  }
}
