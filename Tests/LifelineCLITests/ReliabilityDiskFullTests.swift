import Foundation
import Glibc
import LifelineCore
import LifelineSystem
import SSHTestSupport
import Testing

/// The transcripts folder fills up (a 64 KiB tmpfs the test mounts as root): a step that
/// cannot be recorded is never started, the operator is told, the run exits 1, and what was
/// recorded stays valid.
@Suite("reliability: full disk in the transcripts folder", .serialized)
struct ReliabilityDiskFullTests {
  /// A 64 KiB tmpfs on `path`, unmounted by ``unmount()``.
  final class SmallDisk {
    let path: String
    private var mounted = false

    init(at path: String) throws {
      self.path = path
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      let mount = try LifelineProcessRunner.run(
        "/bin/mount", ["-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", path])
      guard mount.status == 0 else {
        throw ReliabilityError("mount -t tmpfs failed (the suite runs as root): \(mount.output)")
      }
      mounted = true
    }

    /// Fills what is left of the disk with a file, to the last block.
    func fill() {
      let descriptor = open(path + "/filler", O_WRONLY | O_CREAT | O_APPEND, 0o644)
      guard descriptor >= 0 else { return }
      defer { close(descriptor) }
      let block = [UInt8](repeating: 0x2E, count: 1024)
      while block.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
      // The last partial block.
      while write(descriptor, block, 1) > 0 {}
    }

    func unmount() {
      guard mounted else { return }
      mounted = false
      _ = try? LifelineProcessRunner.run("/bin/umount", [path])
    }

    deinit { unmount() }
  }

  /// The long command of the step the full disk must stop: its `step.start` line alone is
  /// larger than a tmpfs page, so it can never fit in what is left of the transcript's page.
  static func guardedCommand(marker: String) -> String {
    "'touch \(marker); : " + String(repeating: "x", count: 5000) + "'"
  }

  @Test("the disk fills while a step runs: the next step is not started, exit 1, the record verifies")
  func fillsDuringStep() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let disk = try SmallDisk(at: workspace.directory + "/small")
    defer {
      disk.unmount()
      withExtendedLifetime(workspace) {}
    }
    let flag = workspace.marker("disk-is-full")
    let marker = workspace.marker("must-not-exist")
    let runbook = try workspace.writeRunbook(
      """
      name: disk-fills
      title: The transcripts disk fills during a step
      steps:
        - {id: hello, title: Say hello, on: pve1, run: echo hello}
        - id: wait
          title: Wait while the disk fills
          on: local
          run: while [ ! -e \(flag) ]; do sleep 0.05; done
          timeout: 5m
        - id: guarded
          title: A step that must not run unrecorded
          on: pve1
          run: \(Self.guardedCommand(marker: marker))
      """, named: "disk-fills")

    let process = try workspace.start([
      "run", runbook, "--inventory", workspace.inventory, "--transcripts", disk.path,
    ])
    let transcriptPath = { () -> String? in
      ((try? FileManager.default.contentsOfDirectory(atPath: disk.path)) ?? []).first { $0.hasSuffix(".jsonl") }
        .map { disk.path + "/" + $0 }
    }
    try #require(
      Reliability.waitUntil(within: .seconds(120)) {
        transcriptPath().flatMap { try? Transcript($0) }?.startedSteps.contains("wait") ?? false
      }, "the run never reached the waiting step")
    disk.fill()
    workspace.touch(flag)
    let run = try workspace.finish(process)
    let file = try #require(transcriptPath())

    #expect(run.status == 1, "\(run)")
    #expect(!workspace.exists(marker), "a step ran that the transcript could not record")
    #expect(run.stderr.contains(file), "stderr must name the transcript: \(run.stderr)")
    #expect(run.stderr.contains("stopped"), "stderr must say the run stopped: \(run.stderr)")
    #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
    let transcript = try Transcript(file)
    #expect(!transcript.startedSteps.contains("guarded"))
    #expect(!transcript.partialTail, "a failed write must not leave a partial line")
    let verdict = try workspace.verify(file)
    #expect(verdict.status == 0, "\(verdict)")
    #expect(Transcript.mode(of: file) == 0o600)
    #expect(fixture.leftovers().isEmpty)
  }

  @Test("output fills the disk: the record has a gap, so the run stops before its next step")
  func outputFillsDisk() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let disk = try SmallDisk(at: workspace.directory + "/small")
    defer {
      disk.unmount()
      withExtendedLifetime(workspace) {}
    }
    let marker = workspace.marker("must-not-exist")
    let runbook = try workspace.writeRunbook(
      """
      name: output-fills
      title: A command prints more than the disk holds
      steps:
        - id: flood
          title: Print 300 kB
          on: pve1
          run: head -c 300000 /dev/zero | tr '\\0' x | fold -w 100
        - {id: guarded, title: A step after the loss, on: pve1, run: touch \(marker)}
      """, named: "output-fills")

    let run = try workspace.run([
      "run", runbook, "--inventory", workspace.inventory, "--transcripts", disk.path,
    ])
    let name = try #require(
      ((try? FileManager.default.contentsOfDirectory(atPath: disk.path)) ?? []).first { $0.hasSuffix(".jsonl") })
    let file = disk.path + "/" + name

    // docs/transcripts.md: a failed write stops the session before its next step.
    #expect(run.status == 1, "\(run)")
    #expect(!workspace.exists(marker), "the run went on after losing output it could not record")
    #expect(run.stderr.contains(file), "stderr must name the transcript: \(run.stderr)")
    // Never a silent loss: a run that went on says in its record that output is missing.
    let transcript = try Transcript(file)
    if workspace.exists(marker) {
      #expect(
        transcript.events("flow").contains { $0["action"]?.stringValue == "gap" },
        "output was lost and the record does not say so")
    }
    let verdict = try workspace.verify(file)
    #expect(verdict.status == 0, "\(verdict)")
    #expect(Transcript.mode(of: file) == 0o600)
  }

  @Test("the disk is full before the run: nothing runs, exit 1, the operator is told")
  func fullFromTheStart() throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let workspace = try ReliabilityWorkspace(fixture: fixture)
    let disk = try SmallDisk(at: workspace.directory + "/small")
    defer {
      disk.unmount()
      withExtendedLifetime(workspace) {}
    }
    disk.fill()
    let marker = workspace.marker("must-not-exist")
    let runbook = try workspace.writeRunbook(
      """
      name: full-already
      title: Nowhere to record
      steps:
        - {id: guarded, title: A step, on: pve1, run: touch \(marker)}
      """, named: "full-already")

    let run = try workspace.run([
      "run", runbook, "--inventory", workspace.inventory, "--transcripts", disk.path,
    ])
    #expect(run.status == 1, "\(run)")
    #expect(!workspace.exists(marker), "a step ran with nowhere to record it")
    #expect(run.stderr.contains(disk.path), "stderr must name the transcript: \(run.stderr)")
    #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
    // Whatever file was left holds only complete, verifiable lines (or nothing at all).
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: disk.path)) ?? []) where name.hasSuffix(".jsonl")
    {
      let file = disk.path + "/" + name
      let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
      if size > 0 { #expect(try workspace.verify(file).status == 0) }
      #expect(Transcript.mode(of: file) == 0o600)
    }
  }
}

/// Runs a short system tool (mount, umount) to its end with LifelineSystem's ``ChildProcess``.
enum LifelineProcessRunner {
  static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    var template = Array("/tmp/lifeline-rel-tool.XXXXXX".utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else { throw ReliabilityError("mkstemp failed") }
    close(descriptor)
    let log = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer { unlink(log) }
    let child: ChildProcess
    do {
      child = try ChildProcess(
        executable: executable, arguments: [executable] + arguments, stdout: .file(log, append: false),
        stderr: .standardOutput, grouping: .inherited)
    } catch {
      throw ReliabilityError(error.description)
    }
    let status = ProcessExitStatus.shellStatus(of: child.reap())
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    return (status, output)
  }
}
