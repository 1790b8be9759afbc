import Foundation
import Glibc
import LifelineCore
import SSHTestSupport
import Testing

/// Many runs in a row against three real sshd nodes, with random faults (seeded) injected
/// between runs and during them. After every run: the process ended, with status 0 or 1 (no
/// crash, no usage error); exactly one new transcript, which `lifeline transcript verify`
/// accepts, ends with `session.end` and its seal and has mode 0600; no TCP connection to the nodes is left
/// ESTABLISHED and no session process is left on a node that is up.
@Suite("reliability: soak with random faults", .serialized)
struct ReliabilitySoakTests {
  static let nodes = ["pve1", "pve2", "pve3"]

  @Test("runbook runs in a row with random node faults: no crash, no leak, every transcript verifies")
  func sequentialRuns() throws {
    let runs = Reliability.count(50)
    let seed = Reliability.seed(for: "sequentialRuns")
    let fixture = try SSHServerFixture(nodes: Self.nodes)
    let faults = ReliabilityFaults(fixture: fixture, seed: seed)
    defer {
      faults.thawAll()
      fixture.stop()
    }
    let workspace = try ReliabilityWorkspace(fixture: fixture, connectTimeout: "2s")
    let runbook = try workspace.writeRunbook(
      """
      name: soak
      title: Probe a node, work on it, or say it is down
      params:
        node: {description: The node, required: true}
      steps:
        - id: probe
          title: Is the node there?
          on: "{{ node }}"
          run: echo up on $(hostname); head -c 3000 /dev/urandom | od -An | head -n 40
          timeout: 4s
          capture: {host: 'up on (\\S+)'}
          on_failure: down
        - id: work
          title: Some work with output
          on: "{{ node }}"
          run: for i in 1 2 3 4 5; do echo work $i on {{ host }}; echo warn $i >&2; sleep 0.02; done
          timeout: 4s
          next: end
        - id: down
          title: Record that the node is down
          on: local
          run: echo {{ node }} did not answer
          next: abort
      finally:
        - {id: cleanup, title: Clean up, on: local, run: echo done}
      """, named: "soak")

    var statuses: [Int32: Int] = [:]
    var midRun = 0
    var verified = 0
    for number in 1...runs {
      let label = "run \(number)"
      try faults.inject(label: label)
      let node = faults.pick(Self.nodes)
      let before = Set(workspace.transcriptFiles)
      let process = try workspace.start(workspace.runArguments(runbook, ["--node", node]))
      if faults.chance(30) {
        Reliability.sleep(milliseconds: faults.milliseconds(0...800))
        try faults.inject(quietPercent: 0, label: label + " (during the run)")
        midRun += 1
      }
      let run = try workspace.finish(process)
      statuses[run.status, default: 0] += 1
      let context = "seed \(seed), \(label) on \(node), faults so far: \(faults.log.suffix(4))"
      #expect(run.status == 0 || run.status == 1, "\(context)\n\(run)")

      let created = Set(workspace.transcriptFiles).subtracting(before)
      #expect(created.count == 1, "\(context): \(created.count) new transcripts")
      for file in created {
        let transcript = try Transcript(file)
        #expect(
          transcript.types.suffix(2) == ["session.end", "seal"], "\(context): \(file) has no session.end and seal")
        #expect(!transcript.partialTail, "\(context): \(file) ends in a partial line")
        let verdict = try workspace.verify(file)
        #expect(verdict.status == 0, "\(context): \(verdict)")
        #expect(Transcript.mode(of: file) == 0o600, "\(context): \(file)")
        if verdict.status == 0 { verified += 1 }
      }
      let left = fixture.leftovers(nodes: faults.upNodes)
      #expect(left.isEmpty, "\(context): left behind: \(left)")
    }
    faults.healAll()
    #expect(fixture.leftovers().isEmpty)
    #expect(workspace.runningProcesses.isEmpty)
    print(
      "reliability: sequentialRuns: seed \(seed): \(runs) runs (exit 0: \(statuses[0] ?? 0), exit 1: \(statuses[1] ?? 0), other: \(statuses.filter { $0.key > 1 }.values.reduce(0, +))), \(faults.total) faults (\(faults.summary)), \(midRun) during a run, \(verified) transcripts verified"
    )
  }

  @Test("fan-out runs across three nodes, two at a time, with random faults: no crash, no leak")
  func fanOutRuns() throws {
    let runs = Reliability.count(20)
    let seed = Reliability.seed(for: "fanOutRuns")
    let fixture = try SSHServerFixture(nodes: Self.nodes)
    let faults = ReliabilityFaults(fixture: fixture, seed: seed)
    defer {
      faults.thawAll()
      fixture.stop()
    }
    let workspace = try ReliabilityWorkspace(fixture: fixture, connectTimeout: "2s")
    let runbook = try workspace.writeRunbook(
      """
      name: fanout
      title: Survey every node at once
      steps:
        - id: survey
          title: Every node answers
          on: all
          run: echo {{ target }} answers; head -c 2000 /dev/urandom | od -An | head -n 30
          timeout: 4s
          on_failure: partial
        - id: work
          title: Work everywhere
          on: all
          run: for i in 1 2 3; do echo {{ target }} step $i; sleep 0.03; done
          timeout: 4s
          next: end
        - id: partial
          title: Some nodes did not answer
          on: local
          run: echo partial
          next: abort
      finally:
        - {id: cleanup, title: Clean up, on: local, run: echo done}
      """, named: "fanout")

    var statuses: [Int32: Int] = [:]
    var midRun = 0
    var verified = 0
    var started = 0
    var number = 0
    while started < runs {
      number += 1
      let label = "round \(number)"
      if faults.chance(50) { faults.repairAll(label: label) }
      try faults.inject(label: label)
      let before = Set(workspace.transcriptFiles)
      let width = min(2, runs - started)
      let processes = try (0..<width).map { _ in try workspace.start(workspace.runArguments(runbook)) }
      started += width
      if faults.chance(30) {
        Reliability.sleep(milliseconds: faults.milliseconds(0...800))
        try faults.inject(quietPercent: 0, label: label + " (during the runs)")
        midRun += 1
      }
      let context = "seed \(seed), \(label), faults so far: \(faults.log.suffix(4))"
      for process in processes {
        let run = try workspace.finish(process)
        statuses[run.status, default: 0] += 1
        #expect(run.status == 0 || run.status == 1, "\(context)\n\(run)")
      }
      let created = Set(workspace.transcriptFiles).subtracting(before)
      #expect(created.count == width, "\(context): \(created.count) new transcripts for \(width) runs")
      for file in created {
        let transcript = try Transcript(file)
        #expect(
          transcript.types.suffix(2) == ["session.end", "seal"], "\(context): \(file) has no session.end and seal")
        let runsOfSurvey = transcript.events("step.start", step: "survey").first?["runs"]?.arrayValue ?? []
        #expect(runsOfSurvey.count == 3, "\(context): the survey did not fan out to three nodes")
        let verdict = try workspace.verify(file)
        #expect(verdict.status == 0, "\(context): \(verdict)")
        #expect(Transcript.mode(of: file) == 0o600, "\(context): \(file)")
        if verdict.status == 0 { verified += 1 }
      }
      let left = fixture.leftovers(nodes: faults.upNodes)
      #expect(left.isEmpty, "\(context): left behind: \(left)")
    }
    faults.healAll()
    #expect(fixture.leftovers().isEmpty)
    #expect(workspace.runningProcesses.isEmpty)
    print(
      "reliability: fanOutRuns: seed \(seed): \(runs) runs in \(number) rounds (exit 0: \(statuses[0] ?? 0), exit 1: \(statuses[1] ?? 0), other: \(statuses.filter { $0.key > 1 }.values.reduce(0, +))), \(faults.total) faults (\(faults.summary)), \(midRun) during runs, \(verified) transcripts verified"
    )
  }
}
