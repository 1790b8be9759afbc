import Testing

@testable import LifelineLab

/// The audit's ranked differences (`lab-ha-audit.md`) on a cluster state alone: a scripted
/// membership (power and links set by hand) and explicit instants at real HA speed.
struct HAAuditDifferenceTests {
  static let environment = HATimelineTests.environment
  static let start = 1_000_100.0

  func seeded() -> ClusterState {
    var state = Seed.state(addresses: HATimelineTests.addresses, timeScale: 1, now: 1_000_000, ipmi: false)
    state.advance(to: Self.start, environment: Self.environment)
    return state
  }

  func powerLoss(_ name: String, in state: inout ClusterState, at time: Double) {
    guard let index = state.index(of: name) else { return }
    state.powerOff(index, at: time)
    state.reconcile(at: time)
  }

  func haManager(_ words: [String], on node: String, in state: inout ClusterState, at time: Double)
    -> SimulationResult
  {
    let context = SimulationContext(
      layout: LabLayout(root: "/nonexistent/lifeline-lab"), runtime: nil, nodeName: node, now: time)
    let result = HAManagerCommand.run(words, state: &state, context: context)
    state.reconcile(at: time)
    return result
  }

  func journal(_ state: ClusterState, _ text: String) -> [JournalEntry] {
    state.journal.filter { $0.message.contains(text) }
  }

  /// Difference 2. The new master's Manager starts with an empty `last_online` (NodeStatus.pm
  /// `new`, `node_is_offline_delayed`), so the fence delay starts at the takeover: test-basic5 cuts
  /// the master at 120, takes over at 222 (`slave => master`, node `unknown`) and fences and
  /// recovers at 282, 60 s after the takeover.
  @Test func losingTheMasterRecoversAFenceDelayAfterTheTakeover() {
    var state = seeded()
    let lost = Self.start
    powerLoss("proxmox3", in: &state, at: lost)
    state.advance(to: lost + 119, environment: Self.environment)
    #expect(state.crmMaster == "proxmox3")
    state.advance(to: lost + 121, environment: Self.environment)
    #expect(state.crmMaster == "proxmox")
    #expect(state.node("proxmox3")?.crmState == "unknown")
    #expect(!journal(state, "status change slave => master").isEmpty)
    state.advance(to: lost + 179, environment: Self.environment)
    #expect(state.resource("ct:113")?.crmState == "started" && state.resource("ct:113")?.node == "proxmox3")
    state.advance(to: lost + 181, environment: Self.environment)
    for sid in ["ct:113", "ct:122", "ct:130"] {
      #expect(state.resource(sid)?.crmState == "started" && state.resource(sid)?.node != "proxmox3", "\(sid)")
    }
    let fenced = journal(state, "node 'proxmox3': state changed from 'unknown' => 'fence'")
    #expect(fenced.count == 1 && (fenced.first?.time ?? 0) >= lost + 180)
  }

  /// Difference 5. Manager.pm `next_state_started` returns before it reads a queued command while
  /// the service's node is not online; the command goes with the change to `fence` (test-recovery4
  /// shows the same for `recovery`). The CLI only queues (exit 0, no output).
  @Test func migratingAServiceOffALostNodeIsDropped() {
    var state = seeded()
    let lost = Self.start
    powerLoss("proxmox", in: &state, at: lost)
    let reply = haManager(["migrate", "ct:100", "proxmox2"], on: "proxmox2", in: &state, at: lost + 1)
    #expect(reply == SimulationResult())
    state.advance(to: lost + 59, environment: Self.environment)
    #expect(state.resource("ct:100")?.node == "proxmox" && state.resource("ct:100")?.crmState == "started")
    #expect(state.guest(vmid: 100)?.running == false)
    state.advance(to: lost + 61, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "fence")
    state.advance(to: lost + 119, environment: Self.environment)
    #expect(state.resource("ct:100")?.node == "proxmox")
    state.advance(to: lost + 121, environment: Self.environment)
    #expect(state.resource("ct:100")?.node == "proxmox2" && state.resource("ct:100")?.crmState == "started")
  }

  /// Difference 5, second half. `update_crm_commands`: a target the CRM does not see online is
  /// logged (`crm command error - node not online: migrate …`) and nothing moves; the CLI exits 0.
  @Test func migratingToAnOfflineNodeIsAcceptedAndHasNoEffect() {
    var state = seeded()
    powerLoss("proxmox2", in: &state, at: Self.start)
    let reply = haManager(["migrate", "ct:113", "proxmox2"], on: "proxmox3", in: &state, at: Self.start + 1)
    #expect(reply == SimulationResult())
    state.advance(to: Self.start + 40, environment: Self.environment)
    #expect(state.resource("ct:113")?.node == "proxmox3" && state.resource("ct:113")?.crmState == "started")
    #expect(!journal(state, "crm command error - node not online: migrate ct:113 proxmox2").isEmpty)
  }

  /// Difference 9. Manager.pm `next_state_stopped`: a requested-`stopped` service is fenced with
  /// its node and recovered, then `request_stop` on the new node and `stopped` a round later
  /// (test-service-stopped2); a `disabled` one stays where it is.
  @Test func requestedStoppedServicesAreFencedAndRecoveredButDisabledOnesStay() {
    var state = seeded()
    _ = haManager(["set", "ct:100", "--state", "stopped"], on: "proxmox2", in: &state, at: Self.start)
    _ = haManager(["set", "ct:116", "--state", "disabled"], on: "proxmox2", in: &state, at: Self.start)
    state.advance(to: Self.start + 30, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "stopped" && state.resource("ct:116")?.crmState == "stopped")
    let lost = Self.start + 40
    powerLoss("proxmox", in: &state, at: lost)
    state.advance(to: lost + 61, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "fence" && state.resource("ct:100")?.node == "proxmox")
    state.advance(to: lost + 121, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "request_stop" && state.resource("ct:100")?.node == "proxmox2")
    state.advance(to: lost + 131, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "stopped" && state.resource("ct:100")?.node == "proxmox2")
    #expect(state.guest(vmid: 100)?.running == false)
    #expect(state.resource("ct:116")?.crmState == "stopped" && state.resource("ct:116")?.node == "proxmox")
  }
}
