@testable import LifelineCore

/// A scripted node loss, recorded as `lifeline run` records node-recovery: node `proxmox`
/// (corosync node id 1) drops out of a three-node cluster at 08:48:50 UTC, its HA services
/// are fenced and recovered on the survivors, the operator starts Lifeline at 09:00:00, and
/// the node is back in the membership at 09:05:30.
///
/// The journal lines are those corosync, libknet and pve-ha-manager print (their wording is
/// cited in `IncidentSignal`): the first evidence step reads them as `short-iso-precise`, the
/// `finally` one as `short` (journalctl's default), so both formats and the repeated lines are
/// covered.
enum ReportIncidentFixture {
  static let runbookFile = "Runbooks/incident.yaml"
  static let transcriptName = "2026-12-03T09-00-00Z_node-recovery_proxmox.jsonl"

  static let runbookYAML = #"""
    name: node-recovery
    title: Bring a node back
    params:
      node: {required: true}
      healthy: {required: true}
    steps:
      - id: cluster-quorum
        on: '{{ healthy }}'
        run: pvecm status
        evidence: quorum
      - id: incident-journal
        on: '{{ healthy }}'
        run: journalctl --utc -o short-iso-precise -u corosync -u pve-ha-crm
        evidence: journal
      - id: guests-of-node
        on: '{{ healthy }}'
        run: guests
        evidence: [guests]
      - id: network-config
        on: '{{ node }}'
        run: grep source /etc/network/interfaces
        finding:
          severity: critical
          text: '[Network] {{ node }} lacks the source line'
          action: 'Restore the source line on {{ node }} and add a check to the change process'
      - id: wait-membership
        on: '{{ healthy }}'
        run: pvecm nodes
    finally:
      - id: rejoin-journal
        on: '{{ healthy }}'
        run: journalctl --utc -u corosync -u pve-ha-crm
        evidence: journal
    """#

  static var runbook: Runbook {
    get throws { try RunbookLoader.load(text: runbookYAML, file: runbookFile) }
  }
  static var runbookSHA256: String { SHA256.hex(runbookYAML) }

  /// 2026-12-03T09:00:00.000Z, when the session starts.
  static let sessionStart: Int64 = 1_796_288_400_000
  static let nodeLeft = "2026-12-03T08:48:50.412Z"
  static let nodeBack = "2026-12-03T09:05:30.000Z"

  static let quorum = """
    Quorum information
    ------------------
    Nodes:            2
    Quorate:          Yes

    Votequorum information
    ----------------------
    Expected votes:   3
    Highest expected: 3
    Total votes:      2
    Quorum:           2
    Flags:            Quorate

    """

  /// What the survivors logged up to the session (ISO format, as the evidence step asks).
  static let journalBefore = """
    nodelist {
      node {
        name: proxmox
        nodeid: 1
        quorum_votes: 1
      }
      node {
        name: proxmox2
        nodeid: 2
      }
    }
    2026-12-03T08:48:50.412000+00:00 proxmox2 corosync[1234]:   [KNET  ] link: host: 1 link: 0 is down
    2026-12-03T08:48:50.413000+00:00 proxmox2 corosync[1234]:   [KNET  ] host: host: 1 (passive) best link: 0 (pri: 1)
    2026-12-03T08:48:50.413000+00:00 proxmox2 corosync[1234]:   [KNET  ] host: host: 1 has no active links
    2026-12-03T09:48:52.100000+01:00 proxmox2 corosync[1234]:   [TOTEM ] Token has not been received in 2737 ms
    2026-12-03T08:48:54.000000+00:00 proxmox2 corosync[1234]:   [TOTEM ] A new membership (2.15) was formed. Members left: 1
    2026-12-03T08:48:54.001000+00:00 proxmox2 corosync[1234]:   [TOTEM ] Failed to receive the leave message. failed: 1
    2026-12-03T08:48:54.010000+00:00 proxmox2 corosync[1234]:   [QUORUM] Members[2]: 2 3
    2026-12-03T08:48:54.011000+00:00 proxmox2 corosync[1234]:   [MAIN  ] Completed service synchronization, ready to provide service.
    2026-12-03T08:49:04.000000+00:00 proxmox2 pve-ha-crm[987]: node 'proxmox': state changed from 'online' => 'unknown'
    2026-12-03T08:49:55.000000+00:00 proxmox2 pve-ha-crm[987]: service 'ct:100': state changed from 'started' to 'fence'
    2026-12-03T08:49:55.001000+00:00 proxmox2 pve-ha-crm[987]: service 'vm:101': state changed from 'started' to 'fence'
    2026-12-03T08:49:55.002000+00:00 proxmox2 pve-ha-crm[987]: node 'proxmox': state changed from 'unknown' => 'fence'
    2026-12-03T08:50:58.000000+00:00 proxmox2 pve-ha-crm[987]: fencing: acknowledged - got agent lock for node 'proxmox'
    2026-12-03T08:50:58.001000+00:00 proxmox2 pve-ha-crm[987]: node 'proxmox': state changed from 'fence' => 'unknown'
    2026-12-03T08:50:58.002000+00:00 proxmox2 pve-ha-crm[987]: service 'ct:100': state changed from 'fence' to 'recovery'
    2026-12-03T08:50:58.003000+00:00 proxmox2 pve-ha-crm[987]: service 'vm:101': state changed from 'fence' to 'recovery'
    2026-12-03T08:50:59.000000+00:00 proxmox2 pve-ha-crm[987]: recover service 'ct:100' from fenced node 'proxmox' to node 'proxmox2'
    2026-12-03T08:50:59.001000+00:00 proxmox2 pve-ha-crm[987]: service 'ct:100': state changed from 'recovery' to 'started'  (node = proxmox2)
    2026-12-03T08:51:09.000000+00:00 proxmox2 pve-ha-crm[987]: recover service 'vm:101' from fenced node 'proxmox' to node 'proxmox3'
    2026-12-03T08:51:09.001000+00:00 proxmox2 pve-ha-crm[987]: service 'vm:101': state changed from 'recovery' to 'started'  (node = proxmox3)

    """

  /// The same journal read again at the end, in journalctl's `short` format, with the rejoin.
  static let journalAfter = """
    Dec 03 08:48:54 proxmox2 corosync[1234]:   [TOTEM ] A new membership (2.15) was formed. Members left: 1
    Dec 03 09:05:30 proxmox2 corosync[1234]:   [KNET  ] link: host: 1 link: 0 is up
    Dec 03 09:05:30 proxmox2 corosync[1234]:   [TOTEM ] A new membership (1.1a) was formed. Members joined: 1
    Dec 03 09:05:30 proxmox2 corosync[1234]:   [QUORUM] Members[3]: 1 2 3
    Dec 03 09:05:41 proxmox2 pve-ha-crm[987]: node 'proxmox': state changed from 'unknown' => 'online'
    """

  static let guests = """
    All guests, where they are now (id, node, status, HA state, name):
    lxc/100      proxmox2     running   started    web
    qemu/101     proxmox3     running   started    app
    qemu/102     proxmox      unknown   -          db   <- on the lost node

    """

  /// The transcript as the `.jsonl` file holds it.
  static func transcript() -> String {
    var session = Session()
    session.record(
      .sessionStart(
        .init(
          toolVersion: "0.9.0", operatorName: "alice", hostName: "ops-laptop", cluster: "homelab",
          inventoryFile: "inventory.yaml", runbook: "node-recovery", runbookFile: runbookFile,
          runbookSHA256: runbookSHA256, parameters: [("node", "proxmox"), ("healthy", "proxmox2")], mode: "run")),
      at: sessionStart)
    session.step("cluster-quorum", on: "proxmox2", output: [quorum], lasting: 400)
    // The journal arrives in two chunks that split a line, as an SSH channel may deliver it.
    let cut = journalBefore.index(journalBefore.startIndex, offsetBy: 300)
    session.step(
      "incident-journal", on: "proxmox2", output: [String(journalBefore[..<cut]), String(journalBefore[cut...])],
      lasting: 900)
    session.step("guests-of-node", on: "proxmox2", output: [guests], lasting: 700)
    session.step(
      "network-config", on: "proxmox", output: [""], exit: 1, lasting: 80,
      finding: Finding(
        severity: .critical, text: "[Network] proxmox lacks the source line", stepID: "network-config",
        target: .node("proxmox"), action: "Restore the source line on proxmox and add a check to the change process"))
    // Waiting for the rejoin until 09:05:35.
    session.now = sessionStart + 330_000
    session.step("wait-membership", on: "proxmox2", output: ["Membership information\n"], lasting: 5_000)
    session.step("rejoin-journal", on: "proxmox2", output: [journalAfter], lasting: 600)
    session.record(
      TranscriptEvent(
        .sessionEnd, [("outcome", .string("succeeded")), ("reason", .string("succeeded")), ("exit_code", .int(0))]),
      at: session.now + 10)
    return session.lines.joined()
  }

  private struct Session {
    var chain = TranscriptChain()
    var lines: [String] = []
    var now: Int64 = 0

    mutating func record(_ event: TranscriptEvent, at time: Int64) {
      now = time
      lines.append(chain.seal(event, epochMilliseconds: time) + "\n")
    }

    mutating func step(
      _ id: String, on node: String, output: [String], exit: Int = 0, lasting milliseconds: Int64,
      finding: Finding? = nil
    ) {
      let run: JSONValue = .object([("node", .string(node)), ("command", .string(id))])
      record(
        TranscriptEvent(.stepStart, [("step", .string(id)), ("attempt", .int(1)), ("runs", .array([run]))]),
        at: now + 2_000)
      for chunk in output where !chunk.isEmpty {
        record(.output(step: id, node: node, stream: .stdout, bytes: Array(chunk.utf8)), at: now + 5)
      }
      let ended: JSONValue = .object([
        ("node", .string(node)), ("exit", .int(Int64(exit))), ("duration_ms", .int(milliseconds)),
      ])
      record(
        TranscriptEvent(
          .stepEnd,
          [
            ("step", .string(id)), ("attempt", .int(1)), ("result", .string(exit == 0 ? "ok" : "failed")),
            ("runs", .array([ended])), ("next", .string("next step")), ("reason", .string("")),
          ]), at: now + milliseconds)
      if let finding { record(.finding(finding), at: now + 1) }
    }
  }
}
