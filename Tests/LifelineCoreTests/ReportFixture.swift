@testable import LifelineCore

/// A realistic session, recorded the way `lifeline run` records one: the real step engine
/// decides every branch; the fixture plays the cluster (outputs, exit codes, durations) and
/// the clock, so the transcript is byte-for-byte the same on every run.
///
/// It covers a fan-out step with captures, a failed step retried and then branching through
/// `on_failure`, a question answered, a confirmation, binary output, very long output,
/// escape sequences in output, a note, a finding of each severity, connection events and
/// a secret parameter that the recorder redacts.
enum ReportFixture {
  static let runbookFile = "Runbooks/node-recovery.yaml"
  static let transcriptName = "2026-11-06T17-40-12Z_node-recovery_pve2.jsonl"
  static let apiToken = "root@pam!lifeline=7c1e9a52-3f0d-4b8e-9d61-2a4f8c0e5b13"

  static let runbookYAML = #"""
    name: node-recovery
    title: Bring a node back into the cluster
    params:
      node:
        description: the node that left the cluster
        required: true
      api_token:
        description: Proxmox API token for the final check
        secret: true
    steps:
      - id: quorum
        title: Quorum on the healthy nodes
        on: [pve1, pve3]
        run: pvecm status
        expect:
          stdout: '^Quorate:\s+Yes'
        capture:
          votes: '^Total votes:\s+(\d+)'
      - id: ping
        title: Does the node answer ping?
        on: local
        run: ping -c 3 -W 2 {{ node }}
        retry: {attempts: 2, interval: 10s}
        on_failure: power-cycle
        finding:
          severity: warning
          text: '[Network] {{ node }} did not answer ping'
      - id: power-cycle
        title: Power-cycle through the BMC
        ask: '{{ node }} does not answer. Power-cycle it through its BMC. Is it back?'
        choices:
          back: corosync
          dead: abort
      - id: corosync
        title: Corosync service state
        on: '{{ node }}'
        run: systemctl status corosync --no-pager
        expect:
          exit: [0, 3]
      - id: journal
        title: Corosync log of the previous boot
        on: '{{ node }}'
        run: journalctl -b -1 -u corosync --no-pager
      - id: boot-sector
        title: Keep a copy of the boot sector
        on: '{{ node }}'
        run: dd if=/dev/sda bs=512 count=1 status=none
      - id: fencing
        title: Is a fencing device configured?
        on: '{{ node }}'
        run: ha-manager status --verbose | grep -i fence
        on_failure: storage
        finding:
          severity: critical
          text: '[Fencing] no fencing device is configured: HA cannot recover {{ node }} safely'
      - id: storage
        title: Local storage usage
        on: '{{ node }}'
        run: pvesm status --storage local-lvm
        expect:
          stdout_not: '\s(?:[7-9]\d|100)\.\d+%$'
        on_failure: rejoin
        finding:
          severity: info
          text: '[Storage] local-lvm on {{ node }} is more than 70% full'
      - id: rejoin
        title: Restart the cluster services
        on: '{{ node }}'
        confirm: 'Restart corosync and pve-cluster on {{ node }}?'
        run: systemctl restart corosync pve-cluster
      - id: verify
        title: The cluster sees the node again
        on: local
        run: >-
          curl -s -H Authorization:PVEAPIToken={{ api_token }}
          https://pve1:8006/api2/json/cluster/status
        expect:
          stdout: '"quorate":1'
    """#

  static var runbook: Runbook {
    get throws { try RunbookLoader.load(text: runbookYAML, file: runbookFile) }
  }

  static var runbookSHA256: String { SHA256.hex(runbookYAML) }

  static let inventory = Inventory(
    cluster: "homelab",
    nodes: ["pve1", "pve2", "pve3"].map { InventoryNode(name: $0, host: "\($0).lab.example") },
    file: "inventory.yaml")

  /// The transcript, as the `.jsonl` file holds it.
  static func transcript() throws -> String {
    var session = try RecordedSession()
    try session.play()
    return session.lines.joined()
  }

  /// Records events as ``TranscriptFile`` does (redacted, then sealed), on a fixed clock.
  private struct RecordedSession {
    var engine: StepEngine
    var chain = TranscriptChain()
    var lines: [String] = []
    /// 2026-11-06T17:40:12.000Z
    var now: Int64 = 1_793_986_812_000
    let redactor = Redactor(secrets: [ReportFixture.apiToken])

    init() throws {
      engine = try StepEngine(
        runbook: ReportFixture.runbook, inventory: ReportFixture.inventory,
        parameters: ["node": "pve2", "api_token": ReportFixture.apiToken])
    }

    mutating func record(_ event: TranscriptEvent, after milliseconds: Int64 = 40) {
      now += milliseconds
      lines.append(chain.seal(redactor.redact(event), epochMilliseconds: now) + "\n")
    }

    mutating func play() throws {
      record(
        .sessionStart(
          .init(
            toolVersion: "0.9.0", operatorName: "alice", hostName: "ops-laptop", cluster: "homelab",
            inventoryFile: "inventory.yaml", runbook: "node-recovery", runbookFile: ReportFixture.runbookFile,
            runbookSHA256: ReportFixture.runbookSHA256,
            parameters: [("node", "pve2"), ("api_token", ReportFixture.apiToken)], mode: "run")), after: 0)

      try run(
        [
          .node("pve1"): Played(stdout: Self.pvecmStatus(node: "pve1"), milliseconds: 412),
          .node("pve3"): Played(stdout: Self.pvecmStatus(node: "pve3"), milliseconds: 388),
        ],
        connections: [
          ConnectionEvent(
            node: "pve1", kind: .connected, fingerprint: "SHA256:q3Xf0v1bO2mJ8c4n9ZtR7yL5wK6pE1sA0dG2hU8iC4o"),
          ConnectionEvent(
            node: "pve3", kind: .connected, fingerprint: "SHA256:Zr8TnB5xQ1vL0mK3cJ9wF2aH7yE4uD6sG1pO5iR8tY0"),
        ])
      for _ in 1...2 {
        try run([.local: Played(stdout: Self.pingLoss, exit: 1, milliseconds: 2_013)], after: 10_000)
      }
      record(
        .note("BMC console of pve2 shows a kernel panic in corosync (knet) at 17:31; screenshot in INC-4411"),
        after: 35_000)
      try answer("back", after: 140_000)
      try run(
        [.node("pve2"): Played(stdout: Self.corosyncStatus, exit: 3, milliseconds: 96)],
        connections: [
          ConnectionEvent(node: "pve2", kind: .failed, detail: "connection refused by 10.0.0.12:22 (sshd not up yet)"),
          ConnectionEvent(
            node: "pve2", kind: .connected, fingerprint: "SHA256:m2Vb9Q7cX4nT1kL8zR5wJ3yH0fD6sA2gE9pU4iO7tK1"),
        ])
      try run([.node("pve2"): Played(stdout: Self.previousBootJournal, milliseconds: 1_870)])
      try run([.node("pve2"): Played(stdout: Self.bootSector, milliseconds: 31)])
      try run([.node("pve2"): Played(stdout: [], exit: 1, milliseconds: 820)])
      try run(
        [
          .node("pve2"): Played(
            stdout: Array(
              "Name             Type     Status           Total            Used       Available        %\nlocal-lvm     lvmthin     active        98497780        70612456        27885324   71.69%\n"
                .utf8), milliseconds: 640)
        ])
      try run([.node("pve2"): Played(stdout: [], milliseconds: 2_450)], confirmation: .confirmed)
      try run(
        [
          .local: Played(
            stdout: Array(
              #"{"data":[{"type":"cluster","name":"homelab","quorate":1,"nodes":3,"version":7},{"type":"node","name":"pve2","online":1}]}"#
                .utf8), milliseconds: 233)
        ], after: 15_000)
      guard let outcome = engine.outcome else { throw FixtureError("the runbook did not finish") }
      record(.sessionEnd(outcome, reason: outcome.description))
    }

    /// What one target prints and how it ends.
    struct Played {
      var stdout: [UInt8]
      var exit: Int32 = 0
      var milliseconds: Int64
    }

    /// Runs the engine's current command step against played results, recording what the
    /// runner records: confirmation, start, connections, output, end, findings.
    mutating func run(
      _ played: [ExecutionTarget: Played], connections: [ConnectionEvent] = [],
      confirmation: ConfirmationReply? = nil, after pause: Int64 = 600
    ) throws {
      guard case .command(let invocation) = try engine.prepare() else {
        throw FixtureError("step \(engine.currentStep?.id ?? "?") is not a command")
      }
      if let request = invocation.confirmation, let confirmation {
        record(.confirmation(request, reply: confirmation, by: "operator"), after: 8_000)
      }
      record(.stepStart(invocation), after: pause)
      for connection in connections { record(.connection(connection), after: 150) }
      var results: [RunResult] = []
      for run in invocation.runs {
        guard let result = played[run.target] else { throw FixtureError("nothing played for \(run.target)") }
        for chunk in Self.chunks(result.stdout) {
          record(
            .output(step: invocation.stepID, node: run.target.description, stream: .stdout, bytes: chunk), after: 5)
        }
        var stdout = OutputTail()
        stdout.append(result.stdout)
        results.append(
          RunResult(
            target: run.target, command: run.command, outcome: .exited(result.exit), stdout: stdout,
            duration: .milliseconds(result.milliseconds)))
      }
      let decision = engine.complete(results)
      record(.stepEnd(decision), after: played.values.map(\.milliseconds).max() ?? 0)
      for finding in decision.findings { record(.finding(finding), after: 1) }
    }

    mutating func answer(_ choice: String, after pause: Int64) throws {
      guard case .question(let question) = try engine.prepare() else { throw FixtureError("not a question") }
      let decision = try engine.answer(choice)
      record(.answer(step: question.stepID, question: question.question, choice: choice), after: pause)
      record(.stepEnd(decision), after: 1)
    }

    /// Output arrives in chunks of up to 64 KiB, as the SSH channel delivers it.
    static func chunks(_ bytes: [UInt8]) -> [[UInt8]] {
      stride(from: 0, to: bytes.count, by: 65_536).map { Array(bytes[$0..<min($0 + 65_536, bytes.count)]) }
    }

    static func pvecmStatus(node: String) -> [UInt8] {
      let nodeID = node == "pve1" ? "0x00000001" : "0x00000003"
      return Array(
        """
        Cluster information
        -------------------
        Name:             homelab
        Config Version:   7
        Transport:        knet
        Secure auth:      on

        Quorum information
        ------------------
        Date:             Fri Nov  6 17:40:12 2026
        Quorum provider:  corosync_votequorum
        Nodes:            2
        Node ID:          \(nodeID)
        Ring ID:          1.2d1
        Quorate:          Yes

        Votequorum information
        ----------------------
        Expected votes:   3
        Highest expected: 3
        Total votes:      2
        Quorum:           2
        Flags:            Quorate

        """.utf8)
    }

    static let pingLoss = Array(
      """
      PING pve2 (10.0.0.12) 56(84) bytes of data.

      --- pve2 ping statistics ---
      3 packets transmitted, 0 received, 100% packet loss, time 2013ms

      """.utf8)

    /// `systemctl status` with colours, and a title-setting sequence it should never send.
    static let corosyncStatus = Array(
      "\u{1B}[0;1;31m×\u{1B}[0m corosync.service - Corosync Cluster Engine\n     Loaded: loaded (/lib/systemd/system/corosync.service; enabled)\n     Active: \u{1B}[0;1;31mfailed\u{1B}[0m (Result: exit-code) since Fri 2026-11-06 17:43:40 UTC; 20s ago\n\u{1B}]0;root@pve2\u{07}   Main PID: 1187 (code=exited, status=8)\n"
        .utf8)

    /// 3,000 lines of a previous boot's journal: far more than a report shows.
    static var previousBootJournal: [UInt8] {
      var text = ""
      for index in 0..<3_000 {
        let minute = 20 + index / 300
        let second = index / 5 % 60
        text +=
          "Nov 06 17:\(minute):\(second < 10 ? "0" : "")\(second) pve2 corosync[1187]:   [KNET  ] link: host: 1 link: 0 is down (retry \(index + 1))\n"
      }
      text += "Nov 06 17:31:02 pve2 kernel: BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
      return Array(text.utf8)
    }

    /// An MBR: boot code, a partition entry and the 0x55AA signature; not UTF-8.
    static var bootSector: [UInt8] {
      var sector = (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 0xEB) }
      sector[510] = 0x55
      sector[511] = 0xAA
      return sector
    }
  }

  struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
