import Testing

@testable import LifelineLab

/// The audit's ranked differences (`lab-ha-audit.md`) on a cluster state alone: a scripted
/// membership (power and links set by hand) and explicit instants at real HA speed.
struct HAAuditDifferenceTests {
  static let environment = HATimelineTests.environment
  static let start = 1_000_100.0

  func seeded() -> ClusterState {
    var state = Seed.state(addresses: HATimelineTests.addresses, timeScale: 1, now: 1_000_000, ipmi: false)
    ModelledCorosync.advance(&state, to: Self.start, environment: Self.environment)
    return state
  }

  func powerLoss(_ name: String, in state: inout ClusterState, at time: Double) {
    guard let index = state.index(of: name) else { return }
    state.powerOff(index, at: time)
    ModelledCorosync.settle(&state, at: time)
  }

  func haManager(_ words: [String], on node: String, in state: inout ClusterState, at time: Double)
    -> SimulationResult
  {
    let context = SimulationContext(
      layout: LabLayout(root: "/nonexistent/lifeline-lab"), runtime: nil, nodeName: node, now: time)
    let result = HAManagerCommand.run(words, state: &state, context: context)
    ModelledCorosync.settle(&state, at: time)
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
    ModelledCorosync.advance(&state, to: lost + 119, environment: Self.environment)
    #expect(state.crmMaster == "proxmox3")
    ModelledCorosync.advance(&state, to: lost + 121, environment: Self.environment)
    #expect(state.crmMaster == "proxmox")
    #expect(state.node("proxmox3")?.crmState == "unknown")
    #expect(!journal(state, "status change slave => master").isEmpty)
    ModelledCorosync.advance(&state, to: lost + 179, environment: Self.environment)
    #expect(state.resource("ct:113")?.crmState == "started" && state.resource("ct:113")?.node == "proxmox3")
    ModelledCorosync.advance(&state, to: lost + 181, environment: Self.environment)
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
    ModelledCorosync.advance(&state, to: lost + 59, environment: Self.environment)
    #expect(state.resource("ct:100")?.node == "proxmox" && state.resource("ct:100")?.crmState == "started")
    #expect(state.guest(vmid: 100)?.running == false)
    ModelledCorosync.advance(&state, to: lost + 61, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "fence")
    ModelledCorosync.advance(&state, to: lost + 119, environment: Self.environment)
    #expect(state.resource("ct:100")?.node == "proxmox")
    ModelledCorosync.advance(&state, to: lost + 121, environment: Self.environment)
    #expect(state.resource("ct:100")?.node == "proxmox2" && state.resource("ct:100")?.crmState == "started")
  }

  /// Section 2 of the audit, "service just recovered or migrated". Manager.pm
  /// `change_service_state` drops `running`, and Tools.pm `get_verbose_service_state` shows a
  /// `started` service as `starting` until the LRM of its new node reports it running a round later:
  /// `ha-manager status` says `(proxmox2, starting)` before `started`, after a recovery and after a
  /// migration alike.
  @Test func aMovedServiceIsStartingUntilItsNewNodeRunsIt() {
    var state = seeded()
    #expect(state.resource("ct:100").map(HAStatusView.displayState) == "started")
    let lost = Self.start
    powerLoss("proxmox", in: &state, at: lost)
    ModelledCorosync.advance(&state, to: lost + 121, environment: Self.environment)
    let recovered = state.resource("ct:100")
    #expect(recovered?.node != "proxmox" && recovered?.crmState == "started")
    #expect(recovered.map(HAStatusView.displayState) == "starting")
    ModelledCorosync.advance(&state, to: lost + 121 + ClusterState.Delay.round + 1, environment: Self.environment)
    #expect(state.resource("ct:100").map(HAStatusView.displayState) == "started")
    #expect(state.guest(vmid: 100)?.running == true)

    let from = state.resource("ct:113")?.node ?? ""
    let to = from == "proxmox2" ? "proxmox3" : "proxmox2"
    let moved = lost + 200
    _ = haManager(["migrate", "ct:113", to], on: to, in: &state, at: moved)
    var seenOnTarget: [String] = []
    for second in 1...60 {
      ModelledCorosync.advance(&state, to: moved + Double(second), environment: Self.environment)
      guard let resource = state.resource("ct:113"), resource.node == to else { continue }
      let shown = HAStatusView.displayState(resource)
      if seenOnTarget.last != shown { seenOnTarget.append(shown) }
    }
    #expect(seenOnTarget == ["starting", "started"])
  }

  /// A cluster where HA was never configured: no CRM takes the manager lock while no resource
  /// exists (CRM.pm `can_get_active`), so there is no manager status and `ha-manager status`
  /// shows only `quorum OK` (API2/HA/Status.pm); the first resource added makes a CRM master
  /// within a round, with no lock expiry to wait for.
  @Test func aClusterWithoutHAShowsOnlyQuorumUntilTheFirstResource() {
    var state = Seed.state(addresses: HATimelineTests.addresses, timeScale: 1, now: 1_000_000, ipmi: false, ha: false)
    ModelledCorosync.advance(&state, to: Self.start + 300, environment: Self.environment)
    #expect(state.crmMaster == nil)
    let view = HAStatusView(state: state, viewer: "proxmox2", now: Self.start + 300)
    #expect(view.entries.map(\.type) == ["quorum"])
    #expect(view.entries.first?.status == "OK")

    let added = Self.start + 301
    let reply = haManager(["add", "ct:100"], on: "proxmox2", in: &state, at: added)
    #expect(reply.status == 0, "\(reply)")
    ModelledCorosync.advance(&state, to: added + 2 * ClusterState.Delay.round + 1, environment: Self.environment)
    #expect(state.crmMaster != nil)
    let types = HAStatusView(state: state, viewer: "proxmox2", now: added + 21).entries.map(\.type)
    #expect(types.contains("master") && types.filter { $0 == "lrm" }.count == 3, "\(types)")
  }

  /// Difference 5, second half. `update_crm_commands`: a target the CRM does not see online is
  /// logged (`crm command error - node not online: migrate …`) and nothing moves; the CLI exits 0.
  @Test func migratingToAnOfflineNodeIsAcceptedAndHasNoEffect() {
    var state = seeded()
    powerLoss("proxmox2", in: &state, at: Self.start)
    let reply = haManager(["migrate", "ct:113", "proxmox2"], on: "proxmox3", in: &state, at: Self.start + 1)
    #expect(reply == SimulationResult())
    ModelledCorosync.advance(&state, to: Self.start + 40, environment: Self.environment)
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
    ModelledCorosync.advance(&state, to: Self.start + 30, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "stopped" && state.resource("ct:116")?.crmState == "stopped")
    let lost = Self.start + 40
    powerLoss("proxmox", in: &state, at: lost)
    ModelledCorosync.advance(&state, to: lost + 61, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "fence" && state.resource("ct:100")?.node == "proxmox")
    ModelledCorosync.advance(&state, to: lost + 121, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "request_stop" && state.resource("ct:100")?.node == "proxmox2")
    ModelledCorosync.advance(&state, to: lost + 131, environment: Self.environment)
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
    ModelledCorosync.settle(&state, at: stop)
    ModelledCorosync.advance(&state, to: stop + 11, environment: Self.environment)
    let fresh = status(state, on: "proxmox2", at: stop + 11)
    #expect(hasLine(fresh, #"^lrm proxmox \(restart mode, "#), "\(fresh)")
    #expect(hasLine(fresh, #"^service ct:100 \(proxmox, freeze\)$"#), "\(fresh)")
    #expect(state.guest(vmid: 100)?.running == true)
    ModelledCorosync.advance(&state, to: stop + 300, environment: Self.environment)
    let stale = status(state, on: "proxmox2", at: stop + 300)
    #expect(hasLine(stale, #"^lrm proxmox \(old timestamp - dead\?, "#), "\(stale)")
    #expect(state.resource("ct:100")?.crmState == "freeze" && state.resource("ct:100")?.node == "proxmox")
    state.startUnit(0, .haLRM, at: stop + 300, restart: false, watchdogModule: nil)
    ModelledCorosync.settle(&state, at: stop + 300)
    ModelledCorosync.advance(&state, to: stop + 311, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "started")
    #expect(hasLine(status(state, on: "proxmox2", at: stop + 311), #"^lrm proxmox \(active, "#))
  }

  /// Difference 3, the CRM. CRM.pm `work`: a master asked to stop releases `ha_manager_lock`
  /// (`voluntary release CRM lock`), so a slave is master within about one round (test-shutdown4:
  /// 21 s), not after the 120 s lock expiry.
  @Test func aStoppedMasterCRMHandsOverWithinARound() {
    var state = seeded()
    state.stopUnit(2, .haCRM, at: Self.start)
    ModelledCorosync.settle(&state, at: Self.start)
    #expect(!journal(state, "voluntary release CRM lock").isEmpty)
    ModelledCorosync.advance(&state, to: Self.start + 20, environment: Self.environment)
    #expect(state.crmMaster == "proxmox")
    #expect(hasLine(status(state, on: "proxmox2", at: Self.start + 20), #"^master proxmox \(active, "#))
  }

  /// Difference 4. LRM.pm `shutdown_request`, conditional policy: a reboot freezes the services
  /// (`reboot LRM, stop and freeze all services`); frozen services are never fenced however long
  /// the node is away, and they start there again after the boot (test-reboot1).
  @Test func aRebootFreezesTheServicesAndNeverFences() {
    var state = seeded()
    state.shutDown(0, at: Self.start, reboot: true)
    ModelledCorosync.settle(&state, at: Self.start)
    for second in stride(from: 11.0, through: 300, by: 10) {
      ModelledCorosync.advance(&state, to: Self.start + second, environment: Self.environment)
      #expect(state.resource("ct:100")?.crmState == "freeze" && state.resource("ct:100")?.node == "proxmox")
    }
    #expect(state.node("proxmox")?.crmState == "unknown")
    let booted = Self.start + 300
    state.boot(0, at: booted, linkUp: true, watchdogModule: nil)
    ModelledCorosync.settle(&state, at: booted)
    ModelledCorosync.advance(&state, to: booted + 40, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "started" && state.resource("ct:100")?.node == "proxmox")
    #expect(state.guest(vmid: 100)?.running == true)
  }

  /// Difference 4, poweroff. `shutdown LRM, stop all services`, then the LRM releases its agent
  /// lock, so the CRM fences and recovers in the same round once the 60 s fence delay passed
  /// (test-shutdown1), not after the 120 s lock expiry of a power loss.
  @Test func aPoweroffReleasesTheAgentLockSoRecoveryFollowsTheFenceDelay() {
    var state = seeded()
    state.shutDown(0, at: Self.start, reboot: false)
    ModelledCorosync.settle(&state, at: Self.start)
    ModelledCorosync.advance(&state, to: Self.start + 59, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "started" && state.resource("ct:100")?.node == "proxmox")
    ModelledCorosync.advance(&state, to: Self.start + 61, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "started" && state.resource("ct:100")?.node == "proxmox2")
  }

  /// Difference 8. Manager.pm `update_crm_commands` takes a maintenance request only for a node
  /// the CRM sees `online`; for a lost node it logs `crm command error - node not online: …` and
  /// drops it, so the node comes back `online` (test-crm-maintenance-request2). A release of a
  /// node that is not in maintenance is taken with a warning.
  @Test func maintenanceOfANodeThatIsNotOnlineIsDropped() {
    var state = seeded()
    powerLoss("proxmox", in: &state, at: Self.start)
    ModelledCorosync.advance(&state, to: Self.start + 11, environment: Self.environment)
    #expect(state.node("proxmox")?.crmState == "unknown")
    let reply = haManager(
      ["crm-command", "node-maintenance", "enable", "proxmox"], on: "proxmox2", in: &state, at: Self.start + 11)
    #expect(reply == SimulationResult())
    _ = haManager(
      ["crm-command", "node-maintenance", "disable", "proxmox2"], on: "proxmox2", in: &state, at: Self.start + 11)
    ModelledCorosync.advance(&state, to: Self.start + 30, environment: Self.environment)
    #expect(journal(state, "crm command error - node not online: enable-node-maintenance proxmox").count == 1)
    #expect(journal(state, "clearing maintenance of node proxmox2 requested, but it's in state online").count == 1)
    state.boot(0, at: Self.start + 40, linkUp: true, watchdogModule: nil)
    ModelledCorosync.settle(&state, at: Self.start + 40)
    ModelledCorosync.advance(&state, to: Self.start + 80, environment: Self.environment)
    #expect(state.node("proxmox")?.crmState == "online")
    #expect(state.resource("ct:100")?.node == "proxmox")
  }

  /// Difference 8. NodeStatus.pm `update` keeps a node whose last LRM status says maintenance in
  /// `maintenance` while it reboots (never fenced), and Status.pm shows its stale line as
  /// `maintenance mode`, not `old timestamp - dead?`. A release sent while it is away takes
  /// effect once its LRM is back.
  @Test func aNodeInMaintenanceStaysInMaintenanceWhileItReboots() {
    var state = seeded()
    _ = haManager(["crm-command", "node-maintenance", "enable", "proxmox"], on: "proxmox2", in: &state, at: Self.start)
    ModelledCorosync.advance(&state, to: Self.start + 60, environment: Self.environment)
    #expect(state.node("proxmox")?.crmState == "maintenance" && state.resource("ct:100")?.node != "proxmox")
    let down = Self.start + 60
    state.shutDown(0, at: down, reboot: true)
    ModelledCorosync.settle(&state, at: down)
    for second in stride(from: 10.0, through: 200, by: 10) {
      ModelledCorosync.advance(&state, to: down + second, environment: Self.environment)
      #expect(state.node("proxmox")?.crmState == "maintenance")
      #expect(hasLine(status(state, on: "proxmox2", at: down + second), #"^lrm proxmox \(maintenance mode, "#))
    }
    _ = haManager(
      ["crm-command", "node-maintenance", "disable", "proxmox"], on: "proxmox2", in: &state, at: down + 200)
    ModelledCorosync.advance(&state, to: down + 230, environment: Self.environment)
    #expect(state.node("proxmox")?.crmState == "maintenance")
    state.boot(0, at: down + 230, linkUp: true, watchdogModule: nil)
    ModelledCorosync.settle(&state, at: down + 230)
    ModelledCorosync.advance(&state, to: down + 300, environment: Self.environment)
    #expect(state.node("proxmox")?.crmState == "online" && state.resource("ct:100")?.node == "proxmox")
    #expect(journal(state, "state changed from 'unknown'").allSatisfy { !$0.message.contains("'proxmox'") })
  }

  /// LRM.pm `work` runs every round: a request its LRM could not carry out in one round (its node
  /// briefly out of the quorate membership right after a reboot) is carried out in a later one.
  /// A stopped service frozen by a reboot and unfrozen to `request_stop` ends `stopped`, not
  /// `stopping` for ever.
  @Test func aRequestTheLRMCouldNotCarryOutIsDoneInALaterRound() {
    var state = seeded()
    _ = haManager(["set", "ct:131", "--state", "stopped"], on: "proxmox2", in: &state, at: Self.start)
    ModelledCorosync.advance(&state, to: Self.start + 30, environment: Self.environment)
    #expect(state.resource("ct:131")?.crmState == "stopped")
    let down = Self.start + 30
    state.shutDown(0, at: down, reboot: true)
    ModelledCorosync.settle(&state, at: down)
    ModelledCorosync.advance(&state, to: down + 15, environment: Self.environment)
    #expect(state.resource("ct:131")?.crmState == "freeze")
    state.boot(0, at: down + 15, linkUp: true, watchdogModule: nil)
    ModelledCorosync.settle(&state, at: down + 15)
    var unfrozen = down + 15
    while state.resource("ct:131")?.crmState == "freeze", unfrozen < down + 120 {
      unfrozen += 1
      ModelledCorosync.advance(&state, to: unfrozen, environment: Self.environment)
    }
    #expect(state.resource("ct:131")?.crmState == "request_stop")
    state.reloadNetwork(0, linkUp: false, at: unfrozen)
    ModelledCorosync.settle(&state, at: unfrozen)
    ModelledCorosync.advance(&state, to: unfrozen + ClusterState.Delay.round + 1, environment: Self.environment)
    state.reloadNetwork(0, linkUp: true, at: unfrozen + ClusterState.Delay.round + 1)
    ModelledCorosync.settle(&state, at: unfrozen + ClusterState.Delay.round + 1)
    ModelledCorosync.advance(&state, to: unfrozen + 4 * ClusterState.Delay.round, environment: Self.environment)
    #expect(state.resource("ct:131")?.crmState == "stopped")
  }

  /// Difference 7. pve-cluster `cfs_lock`: an HA change on a node without quorum cannot take the
  /// `domain-ha` lock and waits for it (outside the simulator: ``CfsLock``), while `add` refuses at
  /// once (API2/HA/Resources.pm `check_cfs_quorum`). Nothing changes while it waits.
  @Test func haChangesWithoutQuorumWaitForTheDomainLock() {
    var state = seeded()
    state.reloadNetwork(2, linkUp: false, at: Self.start)
    ModelledCorosync.settle(&state, at: Self.start)
    let before = state.scheduled.count
    let expected: [([String], String?)] = [
      (["set", "ct:130", "--state", "stopped"], "update resources config failed"),
      (["remove", "ct:130"], "delete resource failed"),
      (["migrate", "ct:130", "proxmox"], nil),
      (["crm-command", "node-maintenance", "enable", "proxmox3"], nil),
    ]
    for (words, prefix) in expected {
      let reply = haManager(words, on: "proxmox3", in: &state, at: Self.start + 1)
      #expect(reply.awaitingLock == CfsLock(id: "domain-ha", errorPrefix: prefix), "\(words)")
    }
    #expect(state.scheduled.count == before && state.resource("ct:130")?.requestedState == "started")
    let added = haManager(["add", "ct:130"], on: "proxmox3", in: &state, at: Self.start + 1)
    #expect(added.status == 255 && added.stderr == "cluster not ready - no quorum?\n")
    // cfs_lock's schedule: 27 pauses over 9.9 s, its notice before 9 of them.
    #expect(CfsLock.pauses.count == 27 && CfsLock.pauses.filter(\.announced).count == 9)
    #expect(CfsLock.pauses.map(\.microseconds).reduce(0, +) == 9_900_000)
  }

  /// One version: `pveversion -v` says pve-ha-manager 4.0.5, whose resource schema has no
  /// `failback` (800a0c3 src/PVE/HA/Resources.pm), so the option is refused as an unknown one.
  @Test func theFailbackOptionOfLaterVersionsIsRefused() {
    var state = seeded()
    let reply = haManager(["set", "ct:100", "--failback", "0"], on: "proxmox2", in: &state, at: Self.start)
    #expect(reply.status == 255 && reply.stderr.hasPrefix("Unknown option: failback\n"), "\(reply)")
    #expect(!HAConfigFiles.resources(state).contains("failback"))
  }

  /// Relocates every HA service off `node` to `target` and lets the moves finish.
  func moveAllServices(off node: String, to target: String, in state: inout ClusterState, at time: Double) {
    for resource in state.haResources where resource.node == node {
      _ = haManager(["relocate", resource.sid, target], on: target, in: &state, at: time)
    }
    ModelledCorosync.advance(&state, to: time + 60, environment: Self.environment)
    #expect(!state.haResources.contains { $0.node == node })
  }

  /// Difference 10. LRM.pm `work`: an LRM keeps its agent lock and watchdog for 60 rounds after
  /// its last configured service left (`$max_active_idle_rounds`), so cutting the node's link in
  /// that window still resets it (watchdog-mux `CLIENT_WATCHDOG_TIMEOUT`, 60 s); after it went
  /// idle (`lrm proxmox (idle, …)`) a cut link resets nothing.
  @Test func anLRMStaysArmedForTenMinutesAfterItsServicesLeft() {
    var state = seeded()
    moveAllServices(off: "proxmox", to: "proxmox2", in: &state, at: Self.start)
    let cut = Self.start + 120
    ModelledCorosync.advance(&state, to: cut, environment: Self.environment)
    #expect(hasLine(status(state, on: "proxmox2", at: cut), #"^lrm proxmox \(active, "#))
    let booted = state.node("proxmox")?.bootedAt
    state.reloadNetwork(0, linkUp: false, at: cut)
    ModelledCorosync.settle(&state, at: cut)
    ModelledCorosync.advance(&state, to: cut + 80, environment: Self.environment)
    #expect(state.node("proxmox")?.bootedAt != booted, "proxmox did not reset within 80 s of losing quorum")
    #expect(journal(state, "client watchdog expired").contains { $0.node == "proxmox" && $0.time >= cut + 55 })

    var idle = seeded()
    moveAllServices(off: "proxmox", to: "proxmox2", in: &idle, at: Self.start)
    let late = Self.start + 700
    ModelledCorosync.advance(&idle, to: late, environment: Self.environment)
    #expect(journal(idle, "node had no service configured for 60 rounds, going idle.").count == 1)
    #expect(hasLine(status(idle, on: "proxmox2", at: late), #"^lrm proxmox \(idle, "#))
    let idleBoot = idle.node("proxmox")?.bootedAt
    idle.reloadNetwork(0, linkUp: false, at: late)
    ModelledCorosync.settle(&idle, at: late)
    ModelledCorosync.advance(&idle, to: late + 200, environment: Self.environment)
    #expect(idle.node("proxmox")?.bootedAt == idleBoot)
  }

  /// Difference 10. watchdog-mux.c: stopped while a client (the still active LRM) holds the
  /// watchdog, it exits without the magic close and the device resets the node 10 s later.
  @Test func stoppingWatchdogMuxSoonAfterTheServicesLeftResetsTheNode() {
    var state = seeded()
    moveAllServices(off: "proxmox", to: "proxmox2", in: &state, at: Self.start)
    let stop = Self.start + 60
    let booted = state.node("proxmox")?.bootedAt
    state.stopUnit(0, .watchdogMux, at: stop)
    ModelledCorosync.settle(&state, at: stop)
    ModelledCorosync.advance(&state, to: stop + 20, environment: Self.environment)
    #expect(journal(state, "exit watchdog-mux with active connections").contains { $0.node == "proxmox" })
    #expect(state.node("proxmox")?.bootedAt != booted)
  }

  /// Difference 10. CRM.pm `work`: a master that loses quorum cannot renew the manager lock, goes
  /// `lost_manager_lock` and closes its watchdog cleanly, so without an active LRM it keeps
  /// running (with its non-HA guests) instead of resetting.
  @Test func anIsolatedMasterWithoutServicesDoesNotReset() {
    var state = seeded()
    #expect(state.crmMaster == "proxmox3")
    moveAllServices(off: "proxmox3", to: "proxmox2", in: &state, at: Self.start)
    let cut = Self.start + 700
    ModelledCorosync.advance(&state, to: cut, environment: Self.environment)
    let booted = state.node("proxmox3")?.bootedAt
    state.reloadNetwork(2, linkUp: false, at: cut)
    ModelledCorosync.settle(&state, at: cut)
    ModelledCorosync.advance(&state, to: cut + 200, environment: Self.environment)
    #expect(state.node("proxmox3")?.bootedAt == booted, "the isolated master reset")
    let crmLines = state.journal.filter { $0.node == "proxmox3" && $0.time >= cut }.map(\.message)
    #expect(crmLines.contains("status change master => lost_manager_lock"))
    #expect(crmLines.contains("watchdog closed (disabled)"))
    #expect(state.crmMaster == "proxmox", "the quorate partition takes over once the manager lock expired")
  }
}
