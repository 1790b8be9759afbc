import Foundation
import Testing

/// `lifeline lab …` runs `lifeline-lab …` from the directory of the lifeline binary, so users
/// keep the command they know while the product does not carry the simulator.
@Suite struct LabLauncherTests {
  @Test func labHelpIsTheLabProgramsHelp() throws {
    let result = try REPLSubprocess.run([REPLBinary.path, "lab", "--help"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("USAGE: lifeline-lab <subcommand>"), "\(result.stdout)")
    for subcommand in ["up", "status", "fail", "heal", "down"] {
      #expect(result.stdout.contains("\n  \(subcommand) "), "no \(subcommand) in:\n\(result.stdout)")
    }
  }

  @Test func labArgumentsReachTheLabProgram() throws {
    let result = try REPLSubprocess.run([REPLBinary.path, "lab", "fail", "proxmox", "--mode", "no-such-mode"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("'no-such-mode'"), "\(result.stderr)")
  }

  @Test func withoutTheLabProgramLabSaysWhatIsMissing() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifeline-no-lab-\(UUID().uuidString)")
      .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // cp, not copyItem: a copy open for writing here would be inherited by another test's
    // child, and exec would fail with "Text file busy".
    let copied = try REPLSubprocess.run(["cp", REPLBinary.path, folder + "/lifeline"])
    try #require(copied.status == 0, "\(copied.stderr)")

    let result = try REPLSubprocess.run([folder + "/lifeline", "lab", "status"])
    #expect(result.status == 1)
    #expect(
      result.stderr.hasPrefix(
        "error: the lab is a program of its own, lifeline-lab, and there is none next to \(folder)/lifeline"),
      "\(result.stderr)")
  }
}
