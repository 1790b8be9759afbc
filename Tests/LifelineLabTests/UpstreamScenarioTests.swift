import Foundation
import Testing

@testable import LifelineLab

/// pve-ha-manager's regression scenarios (`src/test/test-*`: `cmdlist` and `log.expect`) replayed
/// on the lab's cluster state in the lab's own terms: the seed's nodes and services, faults and
/// commands, at real HA speed with explicit instants. Each expected sequence was written from
/// reading the upstream test: the CRM's node and service state changes in their order, with the
/// delay after the scenario's event. The upstream simulator runs in 20 s steps and its daemons
/// take rounds to react, so delays are compared within `tolerance`.
struct UpstreamScenarioTests {
  /// Seconds a delay may differ from upstream's: its simulator acts in 20 s steps plus a round.
  static let tolerance = 30.0
  static let environment = HATimelineTests.environment
  static let event = 1_000_100.0

  struct Change: CustomStringConvertible {
    var after: Double
    var text: String
    var description: String { "+\(Int(after)) \(text)" }
  }

  func seeded() -> ClusterState {
    var state = Seed.state(addresses: HATimelineTests.addresses, timeScale: 1, now: 1_000_000, ipmi: false)
    ModelledCorosync.advance(&state, to: Self.event - 30, environment: Self.environment)
    return state
  }

  /// `ha-manager WORDS` typed on proxmox2 `seconds` after the event.
  @discardableResult
  func haManager(_ words: [String], in state: inout ClusterState, at seconds: Double) -> SimulationResult {
    let context = SimulationContext(
      layout: LabLayout(root: "/nonexistent/lifeline-lab"), runtime: nil, nodeName: "proxmox2",
      now: Self.event + seconds)
    let result = HAManagerCommand.run(words, state: &state, context: context)
    ModelledCorosync.settle(&state, at: Self.event + seconds)
    return result
  }

  /// Runs the state on in 1 s steps from `start` seconds after the event to `end`.
  func advance(_ state: inout ClusterState, from start: Double = 0, to end: Double) {
    for second in stride(from: start + 1, through: end, by: 1) {
      ModelledCorosync.advance(&state, to: Self.event + second, environment: Self.environment)
    }
  }

  /// Runs the state on in 1 s steps and returns the CRM's state changes of `subjects` since the event:
  /// `node proxmox online>unknown`, `service ct:100 started>fence`, `master proxmox`.
  func replay(_ state: inout ClusterState, for seconds: Double, subjects: [String]) -> [Change] {
    advance(&state, to: seconds)
    return changes(in: state, subjects: subjects)
  }

  /// The CRM's state changes of `subjects` since the event, in their order.
  func changes(in state: ClusterState, subjects: [String]) -> [Change] {
    let service = #/^service '([^']+)': state changed from '([a-z_]+)' to '([a-z_]+)'/#
    let node = #/^node '([^']+)': state changed from '([a-z_]+)' => '([a-z_]+)'/#
    var changes: [Change] = []
    for entry in state.journal.sorted(by: { $0.time < $1.time }) where entry.time >= Self.event {
      var text: String?
      if let match = entry.message.firstMatch(of: service), subjects.contains(String(match.1)) {
        text = "service \(match.1) \(match.2)>\(match.3)"
      } else if let match = entry.message.firstMatch(of: node), subjects.contains(String(match.1)) {
        text = "node \(match.1) \(match.2)>\(match.3)"
      } else if entry.message == "status change slave => master" {
        text = "master \(entry.node)"
      }
      if let text { changes.append(Change(after: entry.time - Self.event, text: text)) }
    }
    return changes
  }

  func expectSequence(_ actual: [Change], _ expected: [(Double, String)], _ upstream: String) {
    #expect(actual.map(\.text) == expected.map(\.1), "\(upstream): \(actual)")
    for (change, (delay, text)) in zip(actual, expected) where change.text == text {
      #expect(
        abs(change.after - delay) <= Self.tolerance, "\(upstream): \(text) at +\(change.after), upstream +\(delay)")
    }
  }

  /// test-basic1: `network node3 off`; unknown at once, fence at +40, agent lock and recovery at +120.
  @Test func basic1() {
    var state = seeded()
    state.reloadNetwork(0, linkUp: false, at: Self.event)
    ModelledCorosync.settle(&state, at: Self.event)
    expectSequence(
      replay(&state, for: 140, subjects: ["proxmox", "ct:100"]),
      [
        (0, "node proxmox online>unknown"), (40, "service ct:100 started>fence"), (40, "node proxmox unknown>fence"),
        (120, "node proxmox fence>unknown"), (120, "service ct:100 fence>recovery"),
        (120, "service ct:100 recovery>started"),
      ], "test-basic1")
  }

  /// test-basic5: `network node1 off` on the master; a slave is master at +102 and marks it
  /// unknown; fence, agent lock and recovery follow 60 s after the takeover (+162).
  @Test func basic5() {
    var state = seeded()
    state.reloadNetwork(2, linkUp: false, at: Self.event)
    ModelledCorosync.settle(&state, at: Self.event)
    expectSequence(
      replay(&state, for: 200, subjects: ["proxmox3", "ct:113"]),
      [
        (102, "master proxmox"), (102, "node proxmox3 online>unknown"), (162, "service ct:113 started>fence"),
        (162, "node proxmox3 unknown>fence"), (162, "node proxmox3 fence>unknown"),
        (162, "service ct:113 fence>recovery"), (162, "service ct:113 recovery>started"),
      ], "test-basic5")
  }

  /// test-shutdown1: `shutdown node3` (poweroff, conditional policy); the released agent lock
  /// lets fence and recovery happen in one round (+80).
  @Test func shutdown1() {
    var state = seeded()
    state.shutDown(0, at: Self.event, reboot: false)
    ModelledCorosync.settle(&state, at: Self.event)
    expectSequence(
      replay(&state, for: 120, subjects: ["proxmox", "ct:100"]),
      [
        (40, "node proxmox online>unknown"), (80, "service ct:100 started>fence"), (80, "node proxmox unknown>fence"),
        (80, "node proxmox fence>unknown"), (80, "service ct:100 fence>recovery"),
        (80, "service ct:100 recovery>started"),
      ], "test-shutdown1")
  }

  /// test-shutdown4: `shutdown node1`, the master; the released manager lock gives a new master
  /// at +21, which fences and recovers the old master's service at +100.
  @Test func shutdown4() {
    var state = seeded()
    state.shutDown(2, at: Self.event, reboot: false)
    ModelledCorosync.settle(&state, at: Self.event)
    expectSequence(
      replay(&state, for: 120, subjects: ["proxmox3", "ct:113"]),
      [
        (21, "master proxmox"), (21, "node proxmox3 online>unknown"), (100, "service ct:113 started>fence"),
        (100, "node proxmox3 unknown>fence"), (100, "node proxmox3 fence>unknown"),
        (100, "service ct:113 fence>recovery"), (100, "service ct:113 recovery>started"),
      ], "test-shutdown4")
  }

  /// test-crm-maintenance-request1: `crm node3 enable-node-maintenance`, then `power node3 off`
  /// at +100, `power node3 on` at +200 and `disable-node-maintenance` at +300. The node goes to
  /// maintenance and its service moves at +20; the power cycle neither fences it nor ends its
  /// maintenance; once released at +300 it is online at +320 and its service moves back. The
  /// lab's service is a container, so it is relocated where upstream's VM is migrated.
  @Test func crmMaintenanceRequest1() {
    var state = seeded()
    haManager(["crm-command", "node-maintenance", "enable", "proxmox"], in: &state, at: 0)
    advance(&state, to: 100)
    state.powerOff(0, at: Self.event + 100)
    ModelledCorosync.settle(&state, at: Self.event + 100)
    advance(&state, from: 100, to: 200)
    state.boot(0, at: Self.event + 200, linkUp: true, watchdogModule: nil)
    ModelledCorosync.settle(&state, at: Self.event + 200)
    advance(&state, from: 200, to: 300)
    haManager(["crm-command", "node-maintenance", "disable", "proxmox"], in: &state, at: 300)
    advance(&state, from: 300, to: 380)
    expectSequence(
      changes(in: state, subjects: ["proxmox", "ct:100"]),
      [
        (20, "node proxmox online>maintenance"), (20, "service ct:100 started>relocate"),
        (40, "service ct:100 relocate>started"), (320, "node proxmox maintenance>online"),
        (320, "service ct:100 started>relocate"), (340, "service ct:100 relocate>started"),
      ], "test-crm-maintenance-request1")
    #expect(state.resource("ct:100")?.node == "proxmox")
  }

  /// test-crm-maintenance-request2: `network node3 off`; maintenance requested for it at +100 while
  /// it is fenced is refused (`node not online`) and never applied; its service is recovered at
  /// +120 and the node is back at +200. Maintenance of the recovering node at +300 moves the
  /// service away (+320); a manual move at +400 sends it to a third node; the release at +500
  /// still moves it back to the node that was in maintenance (+520), as upstream encodes.
  @Test func crmMaintenanceRequest2() {
    var state = seeded()
    state.reloadNetwork(0, linkUp: false, at: Self.event)
    ModelledCorosync.settle(&state, at: Self.event)
    advance(&state, to: 100)
    haManager(["crm-command", "node-maintenance", "enable", "proxmox"], in: &state, at: 100)
    advance(&state, from: 100, to: 200)
    state.boot(0, at: Self.event + 200, linkUp: true, watchdogModule: nil)
    ModelledCorosync.settle(&state, at: Self.event + 200)
    advance(&state, from: 200, to: 300)
    let recovered = state.resource("ct:100")?.node ?? "?"
    haManager(["crm-command", "node-maintenance", "enable", recovered], in: &state, at: 300)
    advance(&state, from: 300, to: 400)
    let third = state.nodes.map(\.name).first { $0 != recovered && $0 != state.resource("ct:100")?.node } ?? "?"
    haManager(["relocate", "ct:100", third], in: &state, at: 400)
    advance(&state, from: 400, to: 500)
    #expect(state.resource("ct:100")?.node == third)
    haManager(["crm-command", "node-maintenance", "disable", recovered], in: &state, at: 500)
    advance(&state, from: 500, to: 560)
    #expect(
      state.journal.contains { $0.message == "crm command error - node not online: enable-node-maintenance proxmox" })
    expectSequence(
      changes(in: state, subjects: ["proxmox", recovered, "ct:100"]),
      [
        (0, "node proxmox online>unknown"), (40, "service ct:100 started>fence"), (40, "node proxmox unknown>fence"),
        (120, "node proxmox fence>unknown"), (120, "service ct:100 fence>recovery"),
        (120, "service ct:100 recovery>started"), (200, "node proxmox unknown>online"),
        (320, "node \(recovered) online>maintenance"), (320, "service ct:100 started>relocate"),
        (340, "service ct:100 relocate>started"), (400, "service ct:100 started>relocate"),
        (420, "service ct:100 relocate>started"), (520, "node \(recovered) maintenance>online"),
        (520, "service ct:100 started>relocate"), (540, "service ct:100 relocate>started"),
      ], "test-crm-maintenance-request2")
    #expect(state.resource("ct:100")?.node == recovered)
  }

  /// test-reboot1: `reboot node3`; its service freezes at once, and unfreezes at +40 once the
  /// node (back after 25 s) has an active LRM; it is never fenced.
  @Test func reboot1() {
    var state = seeded()
    state.shutDown(0, at: Self.event, reboot: true)
    ModelledCorosync.settle(&state, at: Self.event)
    for second in stride(from: 1.0, through: 25, by: 1) {
      ModelledCorosync.advance(&state, to: Self.event + second, environment: Self.environment)
    }
    state.boot(0, at: Self.event + 25, linkUp: true, watchdogModule: nil)
    ModelledCorosync.settle(&state, at: Self.event + 25)
    expectSequence(
      replay(&state, for: 80, subjects: ["ct:100"]),
      [(0, "service ct:100 started>freeze"), (40, "service ct:100 freeze>started")], "test-reboot1")
  }

  /// test-restart-lrm: `restart-lrm node3`; the service freezes at once and unfreezes at +40.
  /// The lab's `systemctl restart` is instant, so the LRM is stopped and started 30 s apart.
  @Test func restartLRM() {
    var state = seeded()
    state.stopUnit(0, .haLRM, at: Self.event)
    ModelledCorosync.settle(&state, at: Self.event)
    for second in stride(from: 1.0, through: 30, by: 1) {
      ModelledCorosync.advance(&state, to: Self.event + second, environment: Self.environment)
    }
    state.startUnit(0, .haLRM, at: Self.event + 30, restart: false, watchdogModule: nil)
    ModelledCorosync.settle(&state, at: Self.event + 30)
    expectSequence(
      replay(&state, for: 80, subjects: ["ct:100"]),
      [(0, "service ct:100 started>freeze"), (40, "service ct:100 freeze>started")], "test-restart-lrm")
  }

  /// test-service-stopped2: a service requested `stopped`, then `network node3 off`: the node is
  /// unknown at once, the stopped service fenced at +40 and recovered at +120 to `request_stop`,
  /// `stopped` at +140.
  @Test func serviceStopped2() {
    var state = seeded()
    let context = SimulationContext(
      layout: LabLayout(root: "/nonexistent/lifeline-lab"), runtime: nil, nodeName: "proxmox2", now: Self.event - 30)
    _ = HAManagerCommand.run(["set", "ct:100", "--state", "stopped"], state: &state, context: context)
    ModelledCorosync.advance(&state, to: Self.event, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "stopped")
    state.reloadNetwork(0, linkUp: false, at: Self.event)
    ModelledCorosync.settle(&state, at: Self.event)
    expectSequence(
      replay(&state, for: 160, subjects: ["proxmox", "ct:100"]),
      [
        (0, "node proxmox online>unknown"), (40, "service ct:100 stopped>fence"), (40, "node proxmox unknown>fence"),
        (120, "node proxmox fence>unknown"), (120, "service ct:100 fence>recovery"),
        (120, "service ct:100 recovery>request_stop"), (140, "service ct:100 request_stop>stopped"),
      ], "test-service-stopped2")
  }
}
