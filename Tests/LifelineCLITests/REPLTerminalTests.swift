import Foundation
import LifelineCore
import Testing

/// The console in a real terminal (tmux), driven key by key as a person would.
@Suite("console: in a terminal", .serialized, .enabled(if: REPLTmux.isAvailable, "tmux is not installed"))
struct REPLTerminalTests {
  @Test("Tab completes, questions are asked inline, Ctrl-C clears the line and cancels a long step")
  func session() throws {
    let workspace = try REPLWorkspace()
    try workspace.writeDrill()
    try workspace.write(
      "cluster: homelab-cluster\nnodes:\n  pve1: {host: 127.0.0.1}\n  pve2: {host: 127.0.0.1}\n", to: "inventory.yaml")
    let terminal = try REPLTmux(in: workspace, environment: ["LANG": "C"])
    try terminal.waitForPrompt("homelab-cluster>")

    // Tab completes the command, the runbook, the parameter and its value; a second Tab lists.
    try terminal.type("lo", "Tab")
    try terminal.waitFor("'load '") { _ in try terminal.cursorLine() == "homelab-cluster> load" }
    try terminal.type("dr", "Tab")
    try terminal.waitFor("'load drill'") { _ in try terminal.cursorLine() == "homelab-cluster> load drill" }
    try terminal.type("no", "Tab")
    try terminal.waitFor("'node='") { _ in try terminal.cursorLine() == "homelab-cluster> load drill node=" }
    try terminal.type("pve", "Tab", "Tab")
    try terminal.waitFor("node=pve1  node=pve2")
    try terminal.type("2", "Enter")
    try terminal.waitFor("Loaded drill: A drill on this machine (4 steps, 1 finally)")
    try terminal.waitForPrompt("homelab-cluster drill:hello>")

    // Ctrl-C at the prompt throws the line away; UTF-8 survives a C locale.
    try terminal.type("note this line is abandoned")
    try terminal.waitFor("the typed line") { _ in
      try terminal.cursorLine() == "homelab-cluster drill:hello> note this line is abandoned"
    }
    try terminal.type("", "C-c")
    try terminal.waitFor("abandoned^C")
    try terminal.waitForPrompt("homelab-cluster drill:hello>")
    try terminal.type("note corosync ñandú ✓ fine", "Enter")
    try terminal.waitFor("Noted.")

    // run: the question is answered inline (Tab completes the answer), then the long step
    // shows its elapsed time against its timeout until Ctrl-C cancels it.
    try terminal.type("run", "Enter")
    try terminal.waitForPrompt("answer:")
    try terminal.type("y", "Tab", "Enter")
    try terminal.waitFor("⏱ 0:0")
    try terminal.waitFor("/ 10:00  Ctrl-C cancels")
    #expect(!workspace.markedProcesses.isEmpty, "the long step should be running")
    try terminal.type("", "C-c")
    try terminal.waitFor("Step 'slow' was cancelled.")
    try terminal.waitForPrompt("homelab-cluster drill:slow>")
    #expect(!(try terminal.screen()).contains("⏱"), "the timer line is erased when the step ends")
    try REPLPolling.until("the cancelled step's process has ended") { workspace.markedProcesses.isEmpty }

    // goto (Tab-completed) and a confirmation asked inline.
    try terminal.type("goto ch", "Tab", "Enter")
    try terminal.waitFor("Current step: change (Change something).")
    try terminal.waitForPrompt("homelab-cluster drill:change>")
    try terminal.type("step", "Enter")
    try terminal.waitForPrompt("Run step 'change'? [yes/no]")
    try terminal.type("yes", "Enter")
    try terminal.waitFor("  changed")
    try terminal.waitForPrompt("homelab-cluster drill:cleanup>")
    try terminal.type("show", "Enter")
    try terminal.waitFor("▶ cleanup  local")
    let shown = try terminal.screen()
    #expect(
      shown.contains(
        "  ✓ hello    local  Say hello\n  ✓ decide   ask    Go on?\n    slow     local  A long step\n  ✓ change"))

    // Ctrl-D ends the session: the final hash and the report.
    try terminal.waitForPrompt("homelab-cluster drill:cleanup>")
    try terminal.type("", "C-d")
    #expect(try terminal.waitForExit() == 0)
    let ended = try terminal.screen()
    #expect(ended.contains("Stopped at step 'cleanup'. Continue later with: resume Transcripts/"))
    #expect(ended.contains("Report: Transcripts/"))

    let transcript = try #require(workspace.transcripts.first)
    let events = try workspace.events(of: transcript)
    let summary = events.map { event -> String in
      let type = event["type"]?.stringValue ?? "?"
      let detail = event["action"]?.stringValue ?? event["answer"]?.stringValue ?? event["choice"]?.stringValue ?? ""
      return detail.isEmpty ? type : "\(type):\(detail)"
    }
    #expect(
      summary == [
        "session.start", "runbook.load", "note", "step.start", "output", "step.end", "answer:yes", "step.end",
        // The confirmed step changes the cluster: the session tries the cluster lock first, as
        // lifeline run does (this inventory's nodes have no /etc/pve, so it goes on without).
        "step.start", "flow:cancel", "flow:goto", "confirm:confirmed", "flow:lock", "step.start", "output", "step.end",
        "flow:stop", "session.end", "seal",
      ])
    #expect(events[2]["text"]?.stringValue == "corosync ñandú ✓ fine")
    #expect(!(try String(contentsOfFile: transcript, encoding: .utf8)).contains("abandoned"))
  }

  @Test("history persists across sessions, mode 0600, without answers or secrets; /dev/null keeps none")
  func history() throws {
    let workspace = try REPLWorkspace()
    try workspace.writeDrill()
    do {
      let terminal = try REPLTmux(in: workspace)
      try terminal.waitForPrompt("lifeline>")
      try terminal.type("load drill node=pve1", "Enter")
      try terminal.waitForPrompt("lifeline drill:hello>")
      try terminal.type("set token", "Enter")
      try terminal.waitForPrompt("token (not shown):")
      try terminal.type("s3cret-value", "Enter")
      try terminal.waitFor("token = ‹redacted›")
      try terminal.waitForPrompt("lifeline drill:hello>")
      try terminal.type("set token typed-s3cret", "Enter")
      try terminal.waitFor("token = ‹redacted›", count: 2)
      try terminal.waitForPrompt("lifeline drill:hello>")
      try terminal.type("", "C-d")
      #expect(try terminal.waitForExit() == 0)
      #expect(!(try terminal.screen()).contains("s3cret-value"))
    }
    let saved = try String(contentsOfFile: workspace.historyFile, encoding: .utf8)
    #expect(saved == "_HiStOrY_V2_\nload\\040drill\\040node=pve1\nset\\040token\n")
    let mode = try FileManager.default.attributesOfItem(atPath: workspace.historyFile)[.posixPermissions] as? Int
    #expect(mode == 0o600)

    do {
      let terminal = try REPLTmux(in: workspace)
      try terminal.waitForPrompt("lifeline>")
      try terminal.type("", "Up", "Up")
      try terminal.waitFor("the older entry") { _ in try terminal.cursorLine() == "lifeline> load drill node=pve1" }
      try terminal.type("", "C-u", "C-d")
      #expect(try terminal.waitForExit() == 0)
    }

    do {
      let terminal = try REPLTmux(in: workspace, environment: ["LIFELINE_HISTORY": "/dev/null", "NO_COLOR": "1"])
      try terminal.waitForPrompt("lifeline>")
      try terminal.type("help", "Enter")
      try terminal.waitFor("Ctrl-D or quit ends the session.")
      try terminal.waitForPrompt("lifeline>")
      try terminal.type("", "C-d")
      #expect(try terminal.waitForExit() == 0)
    }
    #expect(try String(contentsOfFile: workspace.historyFile, encoding: .utf8) == saved)
    #expect(FileManager.default.fileExists(atPath: "/dev/null"))
  }
}
