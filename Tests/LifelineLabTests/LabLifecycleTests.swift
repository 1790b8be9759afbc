import Foundation
import Testing

@testable import LifelineLab

extension LabSSHTests {
  @Test func upWritesAnInventoryAndDownLeavesNothingBehind() throws {
    var pids: [Int32] = []
    var namespaces: [(String, String)] = []
    var directory = ""
    try LabFixture.with { fixture in
      directory = fixture.lab.layout.root
      let inventory = try String(contentsOfFile: fixture.outcome.inventory, encoding: .utf8)
      #expect(fixture.outcome.inventory.hasPrefix("/"))
      #expect(inventory.contains("cluster: homelab-cluster"))
      #expect(inventory.contains("identity: \(fixture.outcome.clientKey)"))
      #expect(inventory.contains("known_hosts: \(fixture.outcome.knownHosts)"))
      for node in ["proxmox", "proxmox2", "proxmox3"] {
        #expect(hasLine(inventory, "^  \(node): +\\{host: \(fixture.addresses[node] ?? "")"))
        #expect(try fixture.run(node, "hostname") == node + "\n")
      }
      let runtime = try LabRuntime.load(fixture.lab.layout)
      pids = runtime.nodes.compactMap(\.pid)
      namespaces = runtime.nodes.compactMap { node in node.mountNamespace.map { ($0, node.utsNamespace ?? "") } }
      #expect(pids.count == 3 && pids.allSatisfy(ProcessTable.isAlive))
      #expect(namespaces.allSatisfy { $0.0 != ProcessTable.namespace("mnt", of: getpid()) })

      let again = try fixture.lab.up(LabUpOptions(simulator: LabFixture.simulator))
      #expect(again.alreadyRunning)
      #expect(try LabRuntime.load(fixture.lab.layout).nodes.compactMap(\.pid) == pids)
    }
    #expect(!pids.contains(where: ProcessTable.isAlive))
    #expect(namespaces.allSatisfy { ProcessTable.members(mountNamespace: $0.0, utsNamespace: $0.1).isEmpty })
    #expect(!FileManager.default.fileExists(atPath: directory))
    let mounts = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
    #expect(!mounts.contains(directory))
  }

  @Test func upCleansUpACrashedLab() throws {
    try LabFixture.with { fixture in
      let before = try LabRuntime.load(fixture.lab.layout)
      for node in before.nodes { ProcessTable.terminate(NodeLauncher.processes(of: node)) }
      let outcome = try fixture.lab.up(
        LabUpOptions(timeScale: 0.01, firstAddress: fixture.addresses["proxmox"] ?? "", simulator: LabFixture.simulator)
      )
      #expect(outcome.cleanedUpCrashedLab && !outcome.alreadyRunning)
      let after = try LabRuntime.load(fixture.lab.layout)
      #expect(after.nodes.allSatisfy { $0.pid.map(ProcessTable.isAlive) == true })
      #expect(try fixture.run("proxmox2", "pvecm status").contains("Total votes:      3"))
    }
  }

  @Test func statusShowsEveryNodeQuorate() throws {
    try LabFixture.with { fixture in
      let status = try fixture.lab.status()
      #expect(status.nodes.map(\.name) == ["proxmox", "proxmox2", "proxmox3"])
      #expect(status.nodes.allSatisfy { $0.quorate && $0.votes == 3 && $0.faults.isEmpty && $0.pid != nil })
      #expect(status.nodes.reduce(0) { $0 + $1.guests } == 35)
      #expect(status.master == "proxmox3")
      #expect(status.rendered.contains("3/3 votes, quorate"))
    }
  }
}
