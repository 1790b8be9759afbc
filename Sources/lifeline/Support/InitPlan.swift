import Foundation
import LifelineCore
import LifelineSSH
import LifelineSystem

/// What `lifeline init` would write, worked out before anything is: the inventory of the
/// discovered nodes, what it changes in an inventory already there, and the host keys to add
/// to known_hosts. ``summary()`` shows it; ``write()`` writes it once confirmed.
struct InitPlan {
  var discovery: ClusterDiscovery
  var inventoryFile: String
  var nodes: [InventoryNode]
  var inventoryText: String
  /// Differences from the inventory already at ``inventoryFile``; nil when there is none.
  var differences: InventoryDifferences?
  var knownHosts: KnownHostsMerge
  /// The node `host` is, when the nodelist lists it by name or address.
  var connectedNode: String?
  var connected: HostKeyScan
  /// Why nothing may be written, whatever the operator answers.
  var problems: [String] = []

  init(
    discovery: ClusterDiscovery, defaults: InventoryDefaults, inventoryFile: String, connected: HostKeyScan,
    connectedIsNew: Bool, host: String
  ) throws(UserError) {
    self.discovery = discovery
    self.inventoryFile = inventoryFile
    self.connected = connected
    nodes = discovery.nodes.map { node in
      InventoryNode(
        name: node.name, host: node.address, port: defaults.port, user: defaults.user, identity: defaults.identity,
        knownHosts: defaults.knownHosts, connectTimeout: defaults.connectTimeout,
        apiURL: APIAddress.standard(forHost: node.address), apiFingerprint: node.apiFingerprint)
    }
    inventoryText = InventoryWriter.text(
      cluster: discovery.clusterName, defaults: defaults, nodes: nodes,
      header: ["Written by 'lifeline init \(host)' from the cluster's own records in /etc/pve (docs/inventory.md)."])
    let lowered = host.lowercased()
    connectedNode =
      discovery.nodes.first { $0.address.lowercased() == lowered || $0.name.lowercased() == lowered }?
      .name

    var entries: [KnownHostsMerge.Entry] = []
    if connectedIsNew, let key = PinnedHostKey(scan: connected) {
      entries.append(.init(node: connectedNode ?? host, host: host, port: defaults.port, key: key))
    }
    for node in discovery.nodes {
      entries += node.hostKeys.map { .init(node: node.name, host: node.address, port: defaults.port, key: $0) }
      if node.hostKeys.isEmpty {
        problems.append(
          "the cluster pins no host key for \(node.name) (neither /etc/pve/nodes/\(node.name)/ssh_known_hosts nor \(ClusterDiscovery.sharedKnownHosts) has one): run pvecm updatecerts on it"
        )
      }
    }
    if let connectedNode, let scanned = PinnedHostKey(scan: connected),
      let pinned = discovery.nodes.first(where: { $0.name == connectedNode })?.hostKeys,
      pinned.contains(where: { $0.keyType == scanned.keyType }), !pinned.contains(scanned)
    {
      problems.append(
        "\(host) offered the \(scanned.keyType) key \(scanned.fingerprint), but the cluster pins another \(scanned.keyType) key for \(connectedNode): its records cannot vouch for the other nodes until that is explained (pvecm updatecerts refreshes the pins)"
      )
    }
    do {
      knownHosts = try KnownHostsMerge(file: Paths.expandTilde(defaults.knownHosts), entries: entries)
    } catch {
      throw .failure(error.description)
    }
    if Paths.exists(inventoryFile) {
      let existing: Inventory
      do {
        existing = try InventoryLoader.load(text: try TextFile.read(inventoryFile), file: inventoryFile)
      } catch {
        throw .failure(
          "\(inventoryFile) is there but is not an inventory Lifeline can read, so it cannot say what would change:\n\(error)\nMove it away or pass another --inventory."
        )
      }
      differences = InventoryDifferences(existing: existing, cluster: discovery.clusterName, nodes: nodes)
    }
  }

  var writesInventory: Bool { differences.map { !$0.isEmpty } ?? true }
  var hasWork: Bool { writesInventory || !knownHosts.toAdd.isEmpty }

  /// The nodes with their fingerprints side by side, then what would be written where.
  func summary() -> String {
    var rows = [["NODE", "ADDRESS", "SSH HOST KEY (pinned by the cluster)", "API CERTIFICATE (SHA-256)"]]
    for node in discovery.nodes {
      let keys = node.hostKeys.isEmpty ? ["none pinned"] : node.hostKeys.map { "\($0.keyType) \($0.fingerprint)" }
      for (index, key) in keys.enumerated() {
        let api = index > 0 ? "" : node.apiFingerprint ?? "no pve-ssl.pem"
        rows.append(index == 0 ? [node.name, node.address, key, api] : ["", "", key, api])
      }
    }
    let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
    var lines = [
      "",
      "Cluster \(discovery.clusterName), as \(ClusterDiscovery.corosyncConf) on \(connected.knownHostsName) lists it: \(discovery.nodes.count) node\(discovery.nodes.count == 1 ? "" : "s").",
    ]
    for row in rows {
      let padded = row.enumerated().map { column, text in
        column < 3 ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0) : text
      }
      lines.append("  " + padded.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
    lines.append("  (host keys from \(sources(\.hostKeySource)); certificates from \(sources(\.certificateSource)))")
    if let connectedNode, let scanned = PinnedHostKey(scan: connected),
      discovery.nodes.first(where: { $0.name == connectedNode })?.hostKeys.contains(scanned) == true
    {
      lines.append("The key pinned for \(connectedNode) is the one \(connected.knownHostsName) offered.")
    }
    lines.append("")
    lines.append(
      "\(knownHosts.file): \(knownHosts.toAdd.count) host key\(knownHosts.toAdd.count == 1 ? "" : "s") to add, \(knownHosts.alreadyRecorded.count) already recorded."
    )
    for entry in knownHosts.toAdd {
      lines.append("  add \(entry.knownHostsName) \(entry.key.keyType) \(entry.key.fingerprint) (\(entry.node))")
    }
    for conflict in knownHosts.conflicts {
      let entry = conflict.entry
      let why =
        conflict.recorded.isEmpty
        ? "the file marks this key @revoked"
        : "the file records \(conflict.recorded.joined(separator: ", ")) for it"
      lines.append(
        "  CHANGED: \(entry.knownHostsName) (\(entry.node)): the cluster pins \(entry.key.keyType) \(entry.key.fingerprint), but \(why)"
      )
    }
    lines.append("")
    switch differences {
    case nil:
      lines.append("\(inventoryFile): a new inventory of \(nodes.count) node\(nodes.count == 1 ? "" : "s").")
    case let differences? where differences.isEmpty:
      lines.append("\(inventoryFile): already holds these nodes as they are.")
    case let differences?:
      lines.append("\(inventoryFile) differs from the cluster:")
      lines += differences.added.map { "  nodes.\($0): new" }
      lines += differences.changed.map { "  \($0.description)" }
    }
    lines += problems.map { "PROBLEM: " + $0 }
    return lines.joined(separator: "\n")
  }

  /// Where the nodes' records came from, each path once with the node's name as `NODE`.
  private func sources(_ source: KeyPath<ClusterDiscovery.Node, String?>) -> String {
    var found: [String] = []
    for node in discovery.nodes {
      let path = node[keyPath: source]?.replacingOccurrences(of: "/nodes/\(node.name)/", with: "/nodes/NODE/") ?? "none"
      if !found.contains(path) { found.append(path) }
    }
    return found.joined(separator: ", ")
  }

  /// Throws when something found stops the writing: a problem, a known_hosts conflict, an
  /// inventory that differs without `--replace`.
  func checkWritable(replace: Bool) throws(UserError) {
    if !problems.isEmpty { throw .failure("nothing was written: " + problems.joined(separator: "; ")) }
    if !knownHosts.conflicts.isEmpty {
      let hosts = knownHosts.conflicts.map(\.entry.knownHostsName)
      let commands = Array(Set(hosts)).sorted().map { "ssh-keygen -R '\($0)' -f \(knownHosts.file)" }
      throw .failure(
        "nothing was written: \(knownHosts.file) records other keys for \(hosts.joined(separator: ", ")) than the cluster pins. Find out why (a reinstalled node? check its console), remove the old entries (\(commands.joined(separator: "; "))) and run again"
      )
    }
    if let differences, !differences.changed.isEmpty, !replace {
      throw .failure(
        "nothing was written: \(inventoryFile) differs from the cluster (above); pass --replace to rewrite it (the old file is kept as \(inventoryFile).bak)"
      )
    }
  }

  /// Writes the inventory (keeping an existing one as `.bak`) and adds the host keys.
  func write() throws(UserError) {
    if writesInventory {
      do {
        let directory = (inventoryFile as NSString).deletingLastPathComponent
        if !directory.isEmpty, !Paths.isDirectory(directory) { try Paths.makeDirectory(directory) }
        if differences != nil {
          let backup = inventoryFile + ".bak"
          try? FileManager.default.removeItem(atPath: backup)
          try FileManager.default.copyItem(atPath: inventoryFile, toPath: backup)
          StandardStreams.out("Kept the old inventory as \(backup).")
        }
        try TextFile.write(inventoryText, to: inventoryFile, mode: 0o644)
      } catch {
        throw .failure("could not write the inventory \(inventoryFile): \(error)")
      }
      StandardStreams.out("Wrote \(inventoryFile): \(nodes.count) nodes of \(discovery.clusterName).")
    }
    do {
      try knownHosts.apply()
    } catch {
      throw .failure(error.description)
    }
    if !knownHosts.toAdd.isEmpty {
      StandardStreams.out("Recorded \(knownHosts.toAdd.count) host keys in \(knownHosts.file).")
    }
  }
}
