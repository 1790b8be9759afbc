import Testing

@testable import LifelineLab

/// The CRM timing model on a state alone, with explicit instants instead of waiting.
struct HATimelineTests {
  static let addresses = ["127.9.0.1", "127.9.0.2", "127.9.0.3"]
  /// No lab directory: a node that resets boots with the shipped watchdog defaults.
  static let environment = NodeEnvironment(layout: LabLayout(root: "/nonexistent/lifeline-lab"))

  func isolatedProxmox(timeScale: Double) -> (ClusterState, Double) {
    var state = Seed.state(addresses: Self.addresses, timeScale: timeScale, now: 1_000_000, ipmi: false)
    ModelledCorosync.settle(&state, at: 1_000_000)
    let lost = 1_000_100.0
    state.advance(to: lost, environment: Self.environment)
    state.reloadNetwork(0, linkUp: false, at: lost)
    ModelledCorosync.settle(&state, at: lost)
    return (state, lost)
  }

  @Test func aLostNodeGoesUnknownThenFenceThenItsServicesAreRecovered() {
    var (state, lost) = isolatedProxmox(timeScale: 1)
    #expect(Membership.partition(of: "proxmox2", in: state)?.quorate == true)
    #expect(Membership.partition(of: "proxmox", in: state)?.quorate == false)

    state.advance(to: lost + 9, environment: Self.environment)
    #expect(state.node("proxmox")?.crmState == "online")
    state.advance(to: lost + 11, environment: Self.environment)
    #expect(state.node("proxmox")?.crmState == "unknown")
    #expect(state.resource("ct:100")?.crmState == "started")
    state.advance(to: lost + 61, environment: Self.environment)
    #expect(state.node("proxmox")?.crmState == "fence")
    #expect(state.resource("ct:100")?.crmState == "fence")
    state.advance(to: lost + 121, environment: Self.environment)
    for sid in ["ct:100", "ct:116", "ct:131", "ct:1250"] {
      #expect(state.resource(sid)?.node == "proxmox2" && state.resource(sid)?.crmState == "started")
    }
    #expect(state.resource("ct:113")?.node == "proxmox3")
    state.advance(to: lost + 131, environment: Self.environment)
    #expect(state.guest(vmid: 100)?.running == true && state.guest(vmid: 100)?.node == "proxmox2")
  }

  @Test func theTimeScaleShrinksEveryDelay() {
    var (state, lost) = isolatedProxmox(timeScale: 0.01)
    state.advance(to: lost + 0.59, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "started")
    state.advance(to: lost + 0.61, environment: Self.environment)
    #expect(state.resource("ct:100")?.crmState == "fence")
    state.advance(to: lost + 1.21, environment: Self.environment)
    #expect(state.resource("ct:100")?.node == "proxmox2")
  }

  @Test func anIsolatedNodeWithActiveServicesFencesItselfAndKeepsAFrozenView() {
    var (state, lost) = isolatedProxmox(timeScale: 1)
    let bootedBefore = state.node("proxmox")?.bootedAt ?? 0
    state.advance(to: lost + 80, environment: Self.environment)
    #expect((state.node("proxmox")?.bootedAt ?? 0) > bootedBefore)
    #expect(state.guests.filter { $0.node == "proxmox" }.allSatisfy { !$0.running })
    let view = HAStatusView(state: state, viewer: "proxmox", now: lost + 80)
    #expect(view.lines.hasPrefix("quorum No quorum on node 'proxmox'!\nmaster proxmox3 (old timestamp - dead?, "))
  }

  @Test func noRecoveryWithoutQuorum() {
    var state = Seed.state(addresses: Self.addresses, timeScale: 1, now: 1_000_000, ipmi: false)
    ModelledCorosync.settle(&state, at: 1_000_000)
    let lost = 1_000_100.0
    state.powerOff(1, at: lost)
    state.powerOff(2, at: lost)
    ModelledCorosync.settle(&state, at: lost)
    state.advance(to: lost + 600, environment: Self.environment)
    #expect(state.haResources.allSatisfy { $0.crmState == "started" })
    #expect(state.resource("ct:113")?.node == "proxmox3")
  }

  @Test func aReturningNodeBeforeTheFenceDelayKeepsItsServices() {
    var (state, lost) = isolatedProxmox(timeScale: 1)
    state.advance(to: lost + 30, environment: Self.environment)
    state.reloadNetwork(0, linkUp: true, at: lost + 30)
    ModelledCorosync.settle(&state, at: lost + 30)
    state.advance(to: lost + 300, environment: Self.environment)
    #expect(state.node("proxmox")?.crmState == "online")
    #expect(state.resource("ct:100")?.node == "proxmox")
  }
}
