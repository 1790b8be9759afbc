import Foundation
import LifelineCore
import Testing

/// `lifeline init HOST` against a real lab, whose nodes hold /etc/pve/corosync.conf, the host
/// keys the cluster pins and each node's pve-ssl.pem as a Proxmox cluster does: trusting one
/// node gives the inventory and the host keys of all, and nothing that differs is overwritten.
@Suite struct InitCommandTests {
  /// A scratch folder for the files `init` writes, and the arguments that point it there.
  struct Files {
    let folder: String
    var inventory: String { folder + "/inventory.yaml" }
    var knownHosts: String { folder + "/known_hosts" }

    init() throws {
      folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifeline-init-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
  }

  static func initialize(
    _ lab: RunbookLab, host: String, files: Files, inventory: String? = nil, extra: [String] = []
  ) throws -> (status: Int32, output: String) {
    try CommandRun(
      RunbookLab.binary,
      [
        "init", host, "--identity", lab.outcome.clientKey, "--known-hosts", files.knownHosts, "--inventory",
        inventory ?? files.inventory,
      ] + extra
    ).finish()
  }

  static func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

  /// The SHA-256 fingerprint of the certificate the node's API server presents, as openssl
  /// reads it off the connection.
  static func servedFingerprint(_ address: String) throws -> String {
    let served = try CommandRun(
      "/bin/sh",
      [
        "-c",
        "openssl s_client -connect \(address):8006 </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256",
      ]
    ).finish()
    return String(served.output.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func trustingOneNodeRecordsEveryNodeAndItsAPICertificate() throws {
    let files = try Files()
    defer { files.remove() }
    try RunbookLab.with(block: 15) { lab in
      let first = lab.address("proxmox")
      let declined = try Self.initialize(lab, host: first, files: files)
      #expect(declined.status == 1, "\(declined.output)")
      #expect(declined.output.contains("offers a ssh-ed25519 key"), "the key is shown: \(declined.output)")
      #expect(!FileManager.default.fileExists(atPath: files.inventory), "nothing is written unconfirmed")
      #expect(!FileManager.default.fileExists(atPath: files.knownHosts))

      // proxmox3 as on a cluster before pve-cluster 8.0.6: its key is pinned only in the shared file.
      try FileManager.default.removeItem(atPath: lab.lab.layout.root + "/pve/nodes/proxmox3/ssh_known_hosts")
      let written = try Self.initialize(lab, host: first, files: files, extra: ["--yes"])
      #expect(written.status == 0, "\(written.output)")
      #expect(
        written.output.contains("host keys from /etc/pve/nodes/NODE/ssh_known_hosts, /etc/pve/priv/known_hosts;"),
        "\(written.output)")
      for node in lab.outcome.nodes {
        #expect(
          written.output.contains(line: "^  \(node.name) +\(node.address) +ssh-ed25519 SHA256:"), "\(written.output)")
      }
      let inventory = try InventoryLoader.load(
        text: try #require(Self.contents(files.inventory)), file: files.inventory)
      #expect(inventory.cluster == "homelab-cluster")
      #expect(inventory.nodes.map(\.name) == lab.outcome.nodes.map(\.name))
      #expect(inventory.nodes.map(\.host) == lab.outcome.nodes.map(\.address))
      for node in inventory.nodes {
        let served = try Self.servedFingerprint(node.host)
        #expect(served.count == 95, "openssl read a certificate off \(node.host): '\(served)'")
        #expect(node.apiFingerprint == served, "\(node.name)'s pve-ssl.pem is what its API serves")
        #expect(node.apiURL == "https://\(node.host):8006")
      }
      let recorded = Set((Self.contents(files.knownHosts) ?? "").split(separator: "\n"))
      let expected = Set(try #require(Self.contents(lab.outcome.knownHosts)).split(separator: "\n"))
      #expect(recorded == expected, "every node's own host key, under its address")

      let exec = try CommandRun(
        RunbookLab.binary,
        ["exec", "proxmox3", "--inventory", files.inventory, "--transcripts", lab.transcripts, "--", "hostname"]
      ).finish()
      #expect(exec.status == 0 && exec.output.contains(line: "^proxmox3$"), "no trust needed: \(exec.output)")

      let again = try Self.initialize(lab, host: lab.address("proxmox2"), files: files)
      #expect(again.status == 0 && again.output.contains("Nothing to write"), "\(again.output)")
    }
  }

  @Test func nothingIsWrittenUnconfirmedOrOverADifferingEntry() throws {
    let files = try Files()
    defer { files.remove() }
    try RunbookLab.with(block: 16) { lab in
      let first = lab.address("proxmox")
      let third = lab.address("proxmox3")
      let labKnownHosts = try #require(Self.contents(lab.outcome.knownHosts))
      // Known hosts that know the first node, and another key for the third.
      let foreign = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxGkP6KGphyj8U1ukUDYe9Bd1TrqnMYtuiG+sAaNihr"
      let stale =
        labKnownHosts.split(separator: "\n").filter { !$0.hasPrefix(third + " ") }.joined(separator: "\n")
        + "\n\(third) \(foreign)\n"
      try stale.write(toFile: files.knownHosts, atomically: false, encoding: .utf8)

      let unconfirmed = try Self.initialize(lab, host: first, files: files)
      #expect(unconfirmed.status == 1)
      #expect(
        unconfirmed.output.contains(line: "^  CHANGED: \(third) \\(proxmox3\\): the cluster pins ssh-ed25519"),
        "\(unconfirmed.output)")
      #expect(unconfirmed.output.contains("nothing was written"), "\(unconfirmed.output)")
      let forced = try Self.initialize(lab, host: first, files: files, extra: ["--yes", "--replace"])
      #expect(forced.status == 1, "--yes never accepts a changed key: \(forced.output)")
      #expect(Self.contents(files.knownHosts) == stale, "the differing entry stays")
      #expect(!FileManager.default.fileExists(atPath: files.inventory))

      try labKnownHosts.write(toFile: files.knownHosts, atomically: false, encoding: .utf8)
      let asked = try Self.initialize(lab, host: first, files: files)
      #expect(asked.status == 1, "no terminal to confirm on: \(asked.output)")
      #expect(asked.output.contains(line: "^  proxmox2 +\(lab.address("proxmox2")) "), "shown first: \(asked.output)")
      #expect(!FileManager.default.fileExists(atPath: files.inventory), "nothing written unconfirmed")

      let edited = try #require(Self.contents(lab.inventory)).replacingOccurrences(
        of: "host: \(lab.address("proxmox2"))", with: "host: 127.0.0.9")
      let existing = files.folder + "/existing.yaml"
      try edited.write(toFile: existing, atomically: false, encoding: .utf8)
      let differs = try Self.initialize(lab, host: first, files: files, inventory: existing, extra: ["--yes"])
      #expect(differs.status == 1, "\(differs.output)")
      #expect(
        differs.output.contains("nodes.proxmox2.host: 127.0.0.9 → \(lab.address("proxmox2"))"), "\(differs.output)")
      #expect(Self.contents(existing) == edited, "not overwritten without --replace")

      let replaced = try Self.initialize(
        lab, host: first, files: files, inventory: existing, extra: ["--yes", "--replace"])
      #expect(replaced.status == 0, "\(replaced.output)")
      #expect(Self.contents(existing + ".bak") == edited, "the old inventory is kept")
      let inventory = try InventoryLoader.load(text: try #require(Self.contents(existing)), file: existing)
      #expect(inventory.node(named: "proxmox2")?.host == lab.address("proxmox2"))
    }
  }
}
