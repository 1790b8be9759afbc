import Foundation
import LifelineSSH
import Testing

/// The host keys `lifeline init` takes from the cluster's records and adds to known_hosts:
/// found by OpenSSH's matching rules, added beside what is recorded, never replacing it.
@Suite struct KnownHostsMergeTests {
  static let keyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxGkP6KGphyj8U1ukUDYe9Bd1TrqnMYtuiG+sAaNihr"
  /// What `ssh-keygen -lf` prints for ``keyA``.
  static let fingerprintA = "SHA256:bazTi0jcXOlOFGQ/vjo3TZpxW5diDYrxLCRX1Z+iN34"
  static let keyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIReS6qXflfEs+WLzATcEUiLRL18CEgoiz7O8Fw4N0LV"
  static let keyC = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3KqdHwSoGUABWf0RnpPc0MD/MQA+blepP/Oh96o5sQ"
  static let rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7"

  static func key(_ line: String) -> PinnedHostKey {
    PinnedHostKey.keys(in: "x \(line)", for: ["x"])[0]
  }

  static func scratchFile() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("known-hosts-merge-\(UUID().uuidString)").path
  }

  @Test func findsTheKeysPinnedForANodeByNameOrAddress() {
    let shared = """
      pve-a \(Self.keyA)
      10.0.0.1 \(Self.rsa)
      pve-b,10.0.0.2 \(Self.keyB)
      @revoked pve-a \(Self.keyC)
      pve-a \(Self.keyC)
      # pve-a \(Self.keyB)
      """
    let keys = PinnedHostKey.keys(in: shared, for: ["pve-a", "10.0.0.1"])
    #expect(keys.map(\.keyType) == ["ssh-ed25519", "ssh-rsa"], "revoked keys and comments vouch for nothing")
    #expect(keys.first?.fingerprint == Self.fingerprintA)
    #expect(PinnedHostKey.keys(in: shared, for: ["10.0.0.2"]) == [Self.key(Self.keyB)])
    #expect(PinnedHostKey.keys(in: shared, for: ["pve-c"]).isEmpty)
  }

  @Test func addsTheMissingKeysAndOnlyThem() throws {
    let file = Self.scratchFile()
    defer { try? FileManager.default.removeItem(atPath: file) }
    let entries = [
      KnownHostsMerge.Entry(node: "pve-a", host: "10.0.0.1", port: 22, key: Self.key(Self.keyA)),
      KnownHostsMerge.Entry(node: "pve-b", host: "10.0.0.2", port: 2222, key: Self.key(Self.keyB)),
    ]
    let first = try KnownHostsMerge(file: file, entries: entries)
    #expect(first.toAdd == entries && first.conflicts.isEmpty)
    try first.apply()
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text == "10.0.0.1 \(Self.keyA)\n[10.0.0.2]:2222 \(Self.keyB)\n")
    let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let again = try KnownHostsMerge(file: file, entries: entries)
    #expect(again.toAdd.isEmpty && again.alreadyRecorded == entries)
  }

  @Test func neverReplacesADifferingKeyAndAddsOtherTypesBeside() throws {
    let file = Self.scratchFile()
    defer { try? FileManager.default.removeItem(atPath: file) }
    let before = "10.0.0.1 \(Self.keyB)\n10.0.0.2 \(Self.rsa)\n@revoked 10.0.0.3 \(Self.keyC)\n"
    try before.write(toFile: file, atomically: false, encoding: .utf8)
    let changed = KnownHostsMerge.Entry(node: "pve-a", host: "10.0.0.1", port: 22, key: Self.key(Self.keyA))
    let besideRSA = KnownHostsMerge.Entry(node: "pve-b", host: "10.0.0.2", port: 22, key: Self.key(Self.keyA))
    let revoked = KnownHostsMerge.Entry(node: "pve-c", host: "10.0.0.3", port: 22, key: Self.key(Self.keyC))
    let merge = try KnownHostsMerge(file: file, entries: [changed, besideRSA, revoked])
    #expect(merge.conflicts.map(\.entry) == [changed, revoked])
    #expect(merge.conflicts.first?.recorded == [Self.key(Self.keyB).fingerprint], "says which key the file has")
    #expect(merge.conflicts.last?.recorded == [], "a revoked key")
    #expect(merge.toAdd == [besideRSA])
    try merge.apply()
    #expect(try String(contentsOfFile: file, encoding: .utf8) == before + "10.0.0.2 \(Self.keyA)\n")
  }
}
