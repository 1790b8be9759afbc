import Foundation
import LifelineLab
import Testing

/// Runbooks on a cluster with a QDevice (`lab up --qdevice`): `pvecm nodes` (`corosync-quorumtool
/// -l`) then has a Qdevice column before the name, and a `Qdevice` row.
@Suite struct RunbookLabQDeviceTests {
  /// node-recovery finds the node back in the membership by its name, the last field of its row
  /// (`1  1  A,V,NMW proxmox`), not the third.
  @Test func nodeRecoverySeesTheNodeRejoinWithAQDevice() throws {
    try RunbookLab.with(block: 17, qdevice: true) { lab in
      #expect(lab.sim("proxmox2", "pvecm", "nodes").stdout.contains(line: #"^\s+1\s+1\s+A,V,NMW proxmox$"#))
      try lab.lab.fail(node: "proxmox", mode: .network)
      let run = try lab.run("node-recovery", node: "proxmox", set: ["healthy": "proxmox2"])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.outcome == "succeeded")
      #expect(
        run.passes(through: [
          "cluster-quorum", "cluster-membership", "network-config", "decide-repair", "repair-network", "ifreload",
          "wait-membership", "verify-quorum",
        ]), "\(run.path)")
      #expect(!run.path.contains("links-after-wait"))
      try lab.expectHealthy(from: "proxmox2", votes: 5)
      try lab.verify(run)
    }
  }
}
