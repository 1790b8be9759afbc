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

  func status(_ state: ClusterState, on viewer: String, at time: Double) -> String {
    HAStatusView(state: state, viewer: viewer, now: time).lines
  }

  /// Difference 3. LRM.pm `shutdown_request`: `systemctl stop pve-ha-lrm` is a restart request
  /// (`restart LRM, freeze all services`); Manager.pm freezes the node's services; Status.pm shows
  /// `restart mode` until the status is 30 s old, then `old timestamp - dead?`. A start unfreezes
  /// them (test-restart-lrm).
  @Test func aStoppedLRMFreezesItsServicesAndGoesStale() {
    var state = seeded()
    let stop = Self.start
    state.stopUnit(0, .haLRM, at: stop)
    state.reconcile(at: stop)
    state.advance(to: stop + 11, environment: Self.environment)
    let fresh = status(state, on: "proxmox2", at: stop + 11)
    #expect(hasLine(fresh, #"^lrm proxmox \(restart mode, "#), "\(fresh)")
    #expect(hasLine(fresh, #"^service ct:100 \(proxmox, freeze\)$"#), "\(fresh)")
    #expect(state.guest(vmid: 100)?.running == true)
    state.advance(to: stop + 300, environment: Self.environment)
    let stale = status(state, on: "proxmox2", at: stop + 300)
    #expect(hasLine(stale, #"^lrm proxmox \(old timestamp - dead\?, "#), "\(stale)")
    #expect(state.resource("ct:100")?.crmState == "freeze" && state.resource("ct:100")?.node == "proxmox")
    state.startUnit(0, .haLRM, at: stop + 300, restart: false, watchdogModule: nil)
    state.reconcile(at: stop + 300)
    state.advance(to: stop + 311, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "started")
    #expect(hasLine(status(state, on: "proxmox2", at: stop + 311), #"^lrm proxmox \(active, "#))
  }

  /// Difference 3, the CRM. CRM.pm `work`: a master asked to stop releases `ha_manager_lock`
  /// (`voluntary release CRM lock`), so a slave is master within about one round (test-shutdown4:
  /// 21 s), not after the 120 s lock expiry.
  @Test func aStoppedMasterCRMHandsOverWithinARound() {
    var state = seeded()
    state.stopUnit(2, .haCRM, at: Self.start)
    state.reconcile(at: Self.start)
    #expect(!journal(state, "voluntary release CRM lock").isEmpty)
    state.advance(to: Self.start + 20, environment: Self.environment)
    #expect(state.crmMaster == "proxmox")
    #expect(hasLine(status(state, on: "proxmox2", at: Self.start + 20), #"^master proxmox \(active, "#))
  }

  /// Difference 4. LRM.pm `shutdown_request`, conditional policy: a reboot freezes the services
  /// (`reboot LRM, stop and freeze all services`); frozen services are never fenced however long
  /// the node is away, and they start there again after the boot (test-reboot1).
  @Test func aRebootFreezesTheServicesAndNeverFences() {
    var state = seeded()
    state.shutDown(0, at: Self.start, reboot: true)
    state.reconcile(at: Self.start)
    for second in stride(from: 11.0, through: 300, by: 10) {
      state.advance(to: Self.start + second, environment: Self.environment)
      #expect(state.resource("ct:100")?.crmState == "freeze" && state.resource("ct:100")?.node == "proxmox")
    }
    #expect(state.node("proxmox")?.crmState == "unknown")
    let booted = Self.start + 300
    state.boot(0, at: booted, linkUp: true, watchdogModule: nil)
    state.reconcile(at: booted)
    state.advance(to: booted + 40, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "started" && state.resource("ct:100")?.node == "proxmox")
    #expect(state.guest(vmid: 100)?.running == true)
  }

  /// Difference 4, poweroff. `shutdown LRM, stop all services`, then the LRM releases its agent
  /// lock, so the CRM fences and recovers in the same round once the 60 s fence delay passed
  /// (test-shutdown1), not after the 120 s lock expiry of a power loss.
  @Test func aPoweroffReleasesTheAgentLockSoRecoveryFollowsTheFenceDelay() {
    var state = seeded()
    state.shutDown(0, at: Self.start, reboot: false)
    state.reconcile(at: Self.start)
    state.advance(to: Self.start + 59, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "started" && state.resource("ct:100")?.node == "proxmox")
    state.advance(to: Self.start + 61, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "started" && state.resource("ct:100")?.node == "proxmox2")
  }

  /// One version: `pveversion -v` says pve-ha-manager 4.0.5, whose resource schema has no
  /// `failback` (800a0c3 src/PVE/HA/Resources.pm), so the option is refused as an unknown one.
  @Test func theFailbackOptionOfLaterVersionsIsRefused() {
    var state = seeded()
    let reply = haManager(["set", "ct:100", "--failback", "0"], on: "proxmox2", in: &state, at: Self.start)
    #expect(reply.status == 255 && reply.stderr.hasPrefix("Unknown option: failback\n"), "\(reply)")
    #expect(!HAConfigFiles.resources(state).contains("failback"))
  }
}
