import Foundation
import Testing

/// The command line as a user meets it, pinned: the `--help` of every command, the errors a
/// mistyped command gets, and the exit status of each (0, 1, 2 or 130, never argument-parser's
/// 64), as swift-argument-parser's own `AssertHelp` and `AssertExecuteCommand` do.
///
/// Each case is a file in `Snapshots/`. After a deliberate change, rewrite them with
/// `LIFELINE_RECORD_SNAPSHOTS=1 swift test --filter CommandLineSnapshotTests` and read the diff.
@Suite("command line: help, errors and exit statuses")
struct CommandLineSnapshotTests {
  static let helps: [[String]] = [
    ["--help"], ["repl", "--help"], ["init", "--help"], ["run", "--help"], ["check", "--help"], ["show", "--help"],
    ["exec", "--help"],
    ["trust", "--help"], ["transcript", "--help"], ["transcript", "verify", "--help"],
    ["transcript", "render", "--help"],
  ]

  static let errors: [[String]] = [
    ["run"],
    ["run", "demo", "--resume", "x.jsonl", "--dry-run"],
    ["run", "demo", "--answer", "no-equals-sign"],
    ["run", "demo", "--set", "=value"],
    ["repl", "--set", "x"],
    ["repl", "--node", "pve1"],
    ["exec", "pve1"],
    ["exec", "pve1", "--timeout", "soon", "--", "true"],
    ["trust"],
    ["check", "/nonexistent-runbooks"],
    ["run", "demo", "--no-such-flag"],
  ]

  @Test(arguments: helps + errors)
  func snapshot(_ arguments: [String]) throws {
    let result = try REPLSubprocess.run(
      ["env", "-i", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "NO_COLOR=1", REPLBinary.path] + arguments)
    let actual = """
      $ lifeline \(arguments.joined(separator: " "))
      exit status \(result.status)
      --- stdout
      \(result.stdout)--- stderr
      \(result.stderr)
      """
    let file = Self.folder + "/" + Self.name(arguments) + ".txt"
    if ProcessInfo.processInfo.environment["LIFELINE_RECORD_SNAPSHOTS"] == "1" {
      try Data(actual.utf8).write(to: URL(fileURLWithPath: file))
      return
    }
    let expected = try String(contentsOfFile: file, encoding: .utf8)
    #expect(actual == expected, "\(file) differs; the command printed:\n\(actual)")
    #expect([0, 1, 2, 130].contains(result.status), "an undocumented exit status")
  }

  @Test func runWithoutArgumentsExitsTwoAsDocumented() throws {
    let result = try REPLSubprocess.run([REPLBinary.path, "run"])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("error: name a runbook, or --resume a transcript"), "\(result.stderr)")
  }

  static var folder: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots").path
  }

  /// `run --answer no-equals-sign` → `run_--answer_no-equals-sign`.
  static func name(_ arguments: [String]) -> String {
    "lifeline_"
      + String(
        arguments.joined(separator: "_").map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "~" }
      ).replacingOccurrences(of: "/", with: "~")
  }
}
