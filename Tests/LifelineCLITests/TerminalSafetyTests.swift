import Foundation
import SSHTestSupport
import Testing

/// What reaches the operator's terminal from outside Lifeline (command output quoted in a
/// reason, captured values in questions, confirmations and findings, runbook text, parameter
/// values) is masked and made terminal-safe: no escape sequence, no secret (#21 items 1 and 3).
@Suite("terminal: hostile text and secrets never reach the screen raw")
struct TerminalSafetyTests {
  static let secret = "S3cr3t-pw"

  /// Raw control characters a terminal would act on: ESC, BEL, and a right-to-left override.
  static func rawControls(in text: String) -> [String] {
    text.unicodeScalars.filter { [0x1B, 0x07, 0x9B, 0x202E].contains($0.value) }.map {
      String($0.value, radix: 16)
    }
  }

  static func workspace() throws -> REPLWorkspace {
    let workspace = try REPLWorkspace()
    try workspace.write("cluster: lab\nnodes:\n  pve1: {host: 127.0.0.1}\n", to: "inventory.yaml")
    try workspace.write(
      """
      name: hostile
      title: "Hostile \\e]0;TITLE\\a runbook"
      params:
        pw: {description: a secret, secret: true}
      steps:
        - id: out
          title: "Print \\e[2J and \\u202e"
          on: local
          run: printf 'val=\\033]0;PWNED\\007\\033[2Jx\\n'
          capture: {val: 'val=(.*)'}
        - id: ask-it
          ask: "Captured {{ val }}, with {{ pw }}?"
          choices: {yes: fin}
        - id: fin
          on: local
          run: printf 'abc\\033[31mRED\\033]0;T\\007\\n'
          expect: {stdout: 'nomatch'}
          finding: {severity: warning, text: "found {{ val }} and {{ pw }}"}
          on_failure: js
        - id: js
          on: local
          run: printf '\\033[2Jnotjson\\033]0;T\\007'
          expect: {json: [{path: "a", exists: true}]}
          on_failure: send
        - id: send
          on: local
          confirm: "Use {{ pw }} for {{ val }}?"
          run: "true"
      """, to: "Runbooks/hostile.yaml")
    return workspace
  }

  @Test("run: reasons quoting output, questions, confirmations, findings and titles")
  func run() throws {
    let workspace = try Self.workspace()
    let run = try REPLPipedRun(
      "",
      arguments: [
        "run", "hostile", "--inventory", "inventory.yaml", "--set", "pw=\(Self.secret)", "--answer", "ask-it=yes",
      ], in: workspace)
    let screen = run.stdout + run.stderr
    #expect(run.status == 1, "stopped at the unconfirmed step 'send': \(screen)")
    #expect(Self.rawControls(in: screen).isEmpty, "\(screen)")
    #expect(!screen.contains(Self.secret), "\(screen)")
    #expect(screen.contains("Captured ^[]0;PWNED^G^[[2Jx, with ‹redacted›? → yes"))
    #expect(screen.contains("output ending \"abc^[[31mRED^[]0;T^G\""))
    #expect(screen.contains("stdout is not JSON (output ending \"^[[2Jnotjson^[]0;T^G\")"))
    #expect(screen.contains("[warning] found ^[]0;PWNED^G^[[2Jx and ‹redacted›"))
    #expect(screen.contains("▶ out Print ^[[2J and \\u{202e}"))
    #expect(screen.contains("Stopped at step 'send': step 'send' needs confirmation (Use ‹redacted› for ^[]0;PWNED"))
  }

  @Test(
    "run: an invalid UTF-8 byte shows as U+FFFD, not a whole chunk hidden as binary; a carriage return is a line break")
  func mostlyTextAndCarriageReturns() throws {
    let workspace = try Self.workspace()
    try workspace.write(
      """
      name: latin
      title: Latin-1 and a progress bar
      steps:
        - id: one
          on: local
          run: printf 'caf\\351 ok\\n10%%\\r50%%\\r100%%\\n'
      """, to: "Runbooks/latin.yaml")
    let run = try REPLPipedRun("", arguments: ["run", "latin", "--inventory", "inventory.yaml"], in: workspace)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("  caf\u{FFFD} ok\n  10%\n  50%\n  100%\n"), "\(run.stdout)")
    #expect(!run.stdout.contains("binary output"), "\(run.stdout)")
  }

  @Test("run --dry-run masks secret parameters in commands")
  func dryRun() throws {
    let workspace = try Self.workspace()
    let run = try REPLPipedRun(
      "", arguments: ["run", "hostile", "--inventory", "inventory.yaml", "--set", "pw=\(Self.secret)", "--dry-run"],
      in: workspace)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!(run.stdout + run.stderr).contains(Self.secret), "\(run.stdout)")
    #expect(Self.rawControls(in: run.stdout).isEmpty, "\(run.stdout)")
  }

  @Test("a template error that names a secret value shows it masked")
  func templateError() throws {
    let workspace = try REPLWorkspace()
    try workspace.write("cluster: lab\nnodes:\n  pve1: {host: 127.0.0.1}\n", to: "inventory.yaml")
    try workspace.write(
      """
      name: target
      title: Runs on a secret
      params:
        pw: {secret: true}
      steps:
        - {id: one, on: "{{ pw }}", run: "true"}
      """, to: "Runbooks/target.yaml")
    let run = try REPLPipedRun(
      "", arguments: ["run", "target", "--inventory", "inventory.yaml", "--set", "pw=\(Self.secret)"], in: workspace)
    #expect(run.status == 1)
    #expect(run.stdout.contains("runs on '‹redacted›', which is not a node"), "\(run.stdout)")
    #expect(!(run.stdout + run.stderr).contains(Self.secret))
  }

  @Test("console: set NAME=VALUE sets the value, and a secret is neither echoed nor kept")
  func consoleSetWithEquals() throws {
    let workspace = try Self.workspace()
    let run = try REPLPipedRun(
      "load hostile\nset pw=\(Self.secret)\nparams\nquit\n", arguments: ["--inventory", "inventory.yaml"],
      in: workspace)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("pw = ‹redacted›"), "\(run.stdout)")
    #expect(!(run.stdout + run.stderr).contains(Self.secret), "\(run.stdout)\(run.stderr)")
    #expect(Self.rawControls(in: run.stdout + run.stderr).isEmpty, "\(run.stdout)")
  }

  /// An SSH peer whose version banner holds escape sequences, which libssh quotes in its
  /// error before any host key is checked: anyone at the node's address can send it.
  @Test("an SSH peer's version banner is shown terminal-safe, by trust and by a run")
  func sshBanner() throws {
    let listener = try ReplyingListener(reply: Array("SSH-1.5-Old\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{202E}\r\n".utf8))
    defer { listener.stop() }
    let workspace = try Self.workspace()
    try workspace.write(
      """
      cluster: lab
      defaults: {known_hosts: \(workspace.directory)/known_hosts, identity: \(workspace.directory)/no-key}
      nodes:
        pve1: {host: \(listener.endpoint.host), port: \(listener.endpoint.port)}
      """, to: "inventory.yaml")
    try workspace.write("", to: "known_hosts")
    try workspace.write(
      "name: remote\ntitle: One remote step\nsteps:\n  - {id: one, on: pve1, run: 'true'}\n", to: "Runbooks/remote.yaml"
    )
    let trust = try REPLPipedRun("", arguments: ["trust", "pve1", "--inventory", "inventory.yaml"], in: workspace)
    let run = try REPLPipedRun("", arguments: ["run", "remote", "--inventory", "inventory.yaml"], in: workspace)
    for screen in [trust.stdout + trust.stderr, run.stdout + run.stderr] {
      #expect(screen.contains("(banner: SSH-1.5-Old^[]0;PWNED^G^[[2J\\u{202e})"), "\(screen)")
      #expect(Self.rawControls(in: screen).isEmpty, "\(screen)")
    }
  }

  @Test("check and show: ids, field names and titles from the runbook are terminal-safe")
  func checkAndShow() throws {
    let workspace = try Self.workspace()
    try workspace.write(
      """
      name: bad
      title: "Bad \\e]0;TITLE\\a title"
      steps:
        - id: "x\\e[2J"
          on: local
          run: "true"
          "fi\\e]0;F\\aeld": 1
      """, to: "bad.yaml")
    let check = try REPLPipedRun("", arguments: ["check", "bad.yaml"], in: workspace)
    #expect(check.status == 2)
    #expect(check.stdout.contains("unknown field 'fi^[]0;F^Geld' in a step"), "\(check.stdout)")
    #expect(Self.rawControls(in: check.stdout + check.stderr).isEmpty, "\(check.stdout)")
    let show = try REPLPipedRun("", arguments: ["show", "hostile"], in: workspace)
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.contains("# Hostile ^[]0;TITLE^G runbook"), "\(show.stdout)")
    #expect(Self.rawControls(in: show.stdout + show.stderr).isEmpty, "\(show.stdout)")
  }
}
