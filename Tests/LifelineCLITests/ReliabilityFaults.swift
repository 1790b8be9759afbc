import Foundation
import Glibc
import SSHTestSupport

/// Random faults for the soak tests, drawn from a seeded generator so a failing run can be
/// replayed: a node's sshd is killed (node down), restarted, frozen with SIGSTOP (node hangs),
/// thawed, or killed while frozen. Every fault is logged, and counted for the report.
final class ReliabilityFaults {
  enum NodeState: CustomStringConvertible {
    case up
    case down
    case hung([pid_t])

    var description: String {
      switch self {
      case .up: "up"
      case .down: "down"
      case .hung: "hung"
      }
    }
  }

  let fixture: SSHServerFixture
  private(set) var generator: SeededGenerator
  private(set) var states: [String: NodeState] = [:]
  /// How many faults of each kind were injected.
  private(set) var counts: [String: Int] = [:]
  private(set) var log: [String] = []

  init(fixture: SSHServerFixture, seed: UInt64) {
    self.fixture = fixture
    generator = SeededGenerator(seed: seed)
    for server in fixture.servers { states[server.name] = .up }
  }

  /// Kinds that break a node; the others (boot, thaw, repair) mend one.
  static let breaking: Set = ["crash", "hang", "restart", "crash-while-hung"]

  /// How many faults were injected (repairs not counted).
  var total: Int { counts.filter { Self.breaking.contains($0.key) }.values.reduce(0, +) }

  /// Nodes whose sessions can be checked for leftovers (a hung node's are frozen, a down
  /// node has none).
  var upNodes: [String] {
    fixture.servers.map(\.name).filter {
      if case .up = states[$0]! { return true }
      return false
    }
  }

  func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &generator) < percent }

  func milliseconds(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

  func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &generator)] }

  /// One random change to one random node, or none (`quietPercent`).
  func inject(quietPercent: Int = 35, label: String) throws {
    guard !chance(quietPercent) else { return }
    let node = pick(fixture.servers.map(\.name))
    switch states[node]! {
    case .up:
      let roll = milliseconds(0...99)
      if roll < 45 {
        fixture.crash(node)
        states[node] = .down
        note("crash", node, label)
      } else if roll < 70 {
        states[node] = .hung(fixture.freeze(node))
        note("hang", node, label)
      } else {
        fixture.crash(node)
        try fixture.restart(node)
        note("restart", node, label)
      }
    case .down:
      if chance(75) {
        try fixture.restart(node)
        states[node] = .up
        note("boot", node, label)
      }
    case .hung(let pids):
      if chance(75) {
        fixture.thaw(pids)
        states[node] = .up
        note("thaw", node, label)
      } else if chance(50) {
        // Killed while frozen: SIGKILL reaches stopped processes.
        fixture.crash(node)
        fixture.thaw(pids)
        states[node] = .down
        note("crash-while-hung", node, label)
      }
    }
  }

  /// Brings every node back up (at the end of a test, and before the fixture stops: a frozen
  /// sshd would never see the SIGTERM that stops it).
  func healAll() {
    for (node, state) in states {
      switch state {
      case .up: break
      case .down: try? fixture.restart(node)
      case .hung(let pids): fixture.thaw(pids)
      }
      states[node] = .up
    }
  }

  /// Repairs every broken node at once (a fan-out needs all three up to succeed), and logs it.
  func repairAll(label: String) {
    let broken = states.filter { if case .up = $0.value { return false } else { return true } }.map(\.key)
    guard !broken.isEmpty else { return }
    healAll()
    for node in broken.sorted() { note("repair", node, label) }
  }

  /// Thaws frozen nodes only: for the final teardown.
  func thawAll() {
    for (node, state) in states {
      if case .hung(let pids) = state {
        fixture.thaw(pids)
        states[node] = .up
      }
    }
  }

  var summary: String {
    counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
  }

  private func note(_ kind: String, _ node: String, _ label: String) {
    counts[kind, default: 0] += 1
    log.append("\(label): \(kind) \(node)")
  }
}
