import Foundation
import Testing

@testable import LifelineLab

/// A lab in a temporary directory on an address block of its own, started for one test and
/// always brought down afterwards; commands reach its nodes through /usr/bin/ssh.
struct LabFixture {
  let lab: Lab
  let outcome: LabUpOutcome
  let addresses: [String: String]

  /// The lifeline-lab binary the nodes' simulated commands exec: `LIFELINE_LAB_SIMULATOR`, else
  /// the `lifeline-lab` built next to the test bundle.
  static var simulator: [String] {
    if let configured = ProcessInfo.processInfo.environment["LIFELINE_LAB_SIMULATOR"], !configured.isEmpty {
      return [configured, "sim"]
    }
    let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
    var directory = URL(fileURLWithPath: bundle).deletingLastPathComponent()
    while directory.path != "/", !FileManager.default.isExecutableFile(atPath: directory.path + "/lifeline-lab") {
      directory.deleteLastPathComponent()
    }
    return [directory.path + "/lifeline-lab", "sim"]
  }

  private static let blocks = BlockCounter()

  /// Fails early, and says why, when the binary cannot simulate (it is not lifeline-lab).
  static func checkSimulator() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: simulator[0])
    process.arguments = Array(simulator.dropFirst()) + ["--help"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw LabError.unsupported(
        "\(simulator.joined(separator: " ")) --help failed: build lifeline-lab (swift build), "
          + "or point LIFELINE_LAB_SIMULATOR at a lifeline-lab binary")
    }
  }

  /// Starts a lab, runs `body`, and brings the lab down whatever happens.
  static func with(
    timeScale: Double = 0.01, ipmi: Bool = false, nodes: Int = 3, links: Int = 1, qdevice: Bool = false,
    _ body: (LabFixture) throws -> Void
  ) throws {
    try checkSimulator()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lifeline-lab-test-\(UUID().uuidString)"
    ).path
    let block = blocks.next()
    let lab = Lab(directory: directory)
    let options = LabUpOptions(
      nodeCount: nodes, timeScale: timeScale, firstAddress: "127.\(100 + getpid() % 100).\(block).1",
      simulator: simulator, ipmi: ipmi, links: links, qdevice: qdevice)
    let outcome = try lab.up(options)
    defer { _ = try? lab.down() }
    var addresses: [String: String] = [:]
    for node in outcome.nodes { addresses[node.name] = node.address }
    try body(LabFixture(lab: lab, outcome: outcome, addresses: addresses))
  }

  struct Reply {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs a shell command on a node over SSH, as an operator would.
  @discardableResult
  func ssh(_ node: String, _ command: String, connectTimeout: Int = 10) throws -> Reply {
    let address = addresses[node] ?? node
    let port = outcome.nodes.first { $0.name == node }?.port ?? 22
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("lab-ssh-\(UUID().uuidString)")
    let errors = output.appendingPathExtension("err")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: output)
      try? FileManager.default.removeItem(at: errors)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
    process.arguments = [
      "-i", outcome.clientKey, "-o", "UserKnownHostsFile=\(outcome.knownHosts)", "-o", "BatchMode=yes",
      "-o", "ConnectTimeout=\(connectTimeout)", "-p", String(port), "\(outcome.user)@\(address)", command,
    ]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    process.waitUntilExit()
    return Reply(
      status: process.terminationStatus, stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
  }

  /// Output of a command that must succeed.
  func run(_ node: String, _ command: String) throws -> String {
    let reply = try ssh(node, command)
    #expect(reply.status == 0, "\(command) on \(node) exited \(reply.status): \(reply.stderr)")
    return reply.stdout
  }

  /// Waits until the real corosync of each node reports `votes` total votes: a membership changes
  /// only after corosync's token and consensus timeouts.
  func awaitVotes(_ votes: Int, on nodes: [String]) throws {
    try eventually("corosync on \(nodes.joined(separator: ", ")) shows \(votes) votes") {
      try lab.status().nodes.filter { nodes.contains($0.name) }.allSatisfy { $0.votes == votes }
    }
  }

  /// Polls until `condition` holds; the deadline only bounds a broken test, it asserts no timing.
  func eventually(_ what: String, within seconds: Double = 60, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try condition() { return }
      Thread.sleep(forTimeInterval: 0.2)
    }
    Issue.record("never happened: \(what)")
  }
}
