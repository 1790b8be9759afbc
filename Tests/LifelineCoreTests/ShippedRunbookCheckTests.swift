import Foundation
import Testing

@testable import LifelineCore

/// Checks of the shipped runbooks against `ha-manager status` output as pve-ha-manager's
/// API2/HA/Status.pm formats it, for states the lab (which plays pve-ha-manager 4.0.5) cannot
/// produce.
struct ShippedRunbookCheckTests {
  static let runbooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Runbooks")

  func expectation(of stepID: String, in name: String) throws -> Check {
    let file = Self.runbooks.appendingPathComponent(name + ".yaml").path
    let runbook = try RunbookLoader.load(text: try String(contentsOfFile: file, encoding: .utf8), file: file)
    return try #require(runbook.steps.first { $0.id == stepID }?.expect, "no step \(stepID) in \(name)")
  }

  func holds(_ check: Check, on stdout: String) -> Bool {
    CheckEvaluator.holds(
      check,
      on: [RunResult(target: .local, command: "ha-manager status", outcome: .exited(0), stdout: OutputTail(stdout))])
  }

  /// pve-ha-manager 5.1.3 (`disarm-ha`): the master line gains `- STATE, resource mode: MODE`
  /// and a `fencing` line says `STATE, resource mode: MODE (CRM watchdog …)`; armed, the
  /// fencing line is `armed (CRM watchdog active)`, and 4.x prints no fencing line at all.
  @Test func haAuditFindsADisarmedHAStack() throws {
    let check = try expectation(of: "ha-armed", in: "ha-audit")
    let time = "Tue Dec  8 01:02:03 2026"
    #expect(
      !holds(
        check,
        on: """
          master proxmox3 (idle, \(time)) - disarmed, resource mode: freeze
          fencing disarmed, resource mode: freeze (CRM watchdog released)

          """))
    #expect(!holds(check, on: "master proxmox3 (active, \(time)) - disarming, resource mode: ignore\n"))
    #expect(!holds(check, on: "fencing disarming, resource mode: ignore (CRM watchdog active)\n"))
    #expect(holds(check, on: "master proxmox3 (active, \(time))\nfencing armed (CRM watchdog active)\n"))
    #expect(holds(check, on: "master proxmox3 (active, \(time))\n"))
    #expect(holds(check, on: ""))
  }
}
