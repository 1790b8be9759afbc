/// The LRM's agent lock and the watchdog it holds (pve-ha-manager LRM.pm `work`). An LRM in
/// `wait_for_agent_lock` takes its lock and opens the watchdog once a service that should run
/// is on its node (`count_active_services`) and the node is quorate; it then stays `active`, and
/// the node stays armed, until no HA service at all, even a stopped one, has had it as its node
/// for `$max_active_idle_rounds` (60) rounds (`has_configured_service_on_local_node`). So a node
/// whose services were just moved away still resets if it loses quorum in the next ten minutes.
extension ClusterState {
  /// LRM.pm `$max_active_idle_rounds`.
  static let lrmIdleRounds = 60.0

  /// Whether the node's LRM holds its agent lock and so its watchdog (lrm_status `active`).
  func lrmHoldsWatchdog(_ name: String) -> Bool {
    node(name)?.lrmActiveSince != nil
  }

  /// Brings each LRM's lock in line with the services on its node; called after every change.
  mutating func updateLRMs(at time: Double) {
    for index in nodes.indices {
      let name = nodes[index].name
      let running = nodes[index].unitState(.haLRM) == .active && nodes[index].lrmMode == nil
      guard nodes[index].power != .off, running else {
        nodes[index].lrmActiveSince = nil
        nodes[index].lrmUnconfiguredSince = nil
        continue
      }
      guard nodes[index].power == .running else { continue }
      if nodes[index].lrmActiveSince == nil {
        guard nodes[index].quorate, hasActiveServices(name) else { continue }
        nodes[index].lrmActiveSince = time
        log(name, .haLRM, "successfully acquired lock 'ha_agent_\(name)_lock'", at: time)
        log(name, .haLRM, "watchdog active", at: time + 0.01)
        log(name, .haLRM, "status change wait_for_agent_lock => active", at: time + 0.02)
      }
      if haResources.contains(where: { $0.node == name }) {
        nodes[index].lrmUnconfiguredSince = nil
      } else if nodes[index].lrmUnconfiguredSince == nil {
        nodes[index].lrmUnconfiguredSince = time
        let idleAt = time + scaled(Delay.round * Self.lrmIdleRounds)
        scheduled.append(ScheduledTransition(at: idleAt, action: .lrmIdle(node: name)))
      }
    }
  }

  /// Sixty rounds without a configured service: the LRM releases its lock and closes the
  /// watchdog cleanly (`give_up_watchdog_protection`).
  mutating func lrmIdle(_ name: String, at time: Double) {
    guard let index = index(of: name), nodes[index].lrmActiveSince != nil,
      let since = nodes[index].lrmUnconfiguredSince,
      time >= since + scaled(Delay.round * Self.lrmIdleRounds) - 0.001
    else { return }
    log(name, .haLRM, "node had no service configured for 60 rounds, going idle.", at: time)
    log(name, .haLRM, "watchdog closed (disabled)", at: time + 0.01)
    log(name, .haLRM, "status change active => wait_for_agent_lock", at: time + 0.02)
    nodes[index].lrmActiveSince = nil
    nodes[index].lrmUnconfiguredSince = nil
  }
}
