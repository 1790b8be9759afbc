import LifelineCore
import LifelineSSH
import SSHTestSupport
import Synchronization
import Testing

@Suite("Remote output arrives as bytes, as it is written")
struct RemoteOutputTests {
  @Test("100 MB through one command with bounded memory")
  func hundredMegabytes() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    let before = ProcessCensus.residentMemory
    let peak = Mutex(before)
    let recorder = EventRecorder(keepLimit: 0) { _ in
      let now = ProcessCensus.residentMemory
      peak.withLock { $0 = max($0, now) }
    }

    let outcome = await executor.run(
      .on("pve1", "head -c 104857600 /dev/zero; head -c 10485760 /dev/zero >&2", timeout: .seconds(300)),
      events: recorder.events)
    await executor.shutdown()

    #expect(outcome == .exited(0))
    #expect(recorder.outputBytes == 115_343_360)
    let growth = peak.withLock { $0 } - before
    #expect(growth < 64 << 20, "resident memory grew by \(growth >> 20) MB")
  }

  @Test("bytes that are not UTF-8 arrive intact, on both streams")
  func binaryOutput() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    let recorder = EventRecorder()

    let outcome = await executor.run(
      .on("pve1", #"printf '\377\376\000\001\200\n\303'; printf '\000\377' >&2"#), events: recorder.events)
    await executor.shutdown()

    #expect(outcome == .exited(0))
    #expect(recorder.stdout == [0xff, 0xfe, 0x00, 0x01, 0x80, 0x0a, 0xc3])
    #expect(recorder.stderr == [0x00, 0xff])
  }

  @Test("stdout and stderr stay apart; output without a final newline is kept")
  func separateStreams() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    let recorder = EventRecorder()

    let outcome = await executor.run(
      .on("pve1", "echo out; echo err >&2; printf 12345"), events: recorder.events)
    await executor.shutdown()

    #expect(outcome == .exited(0))
    #expect(recorder.stdoutText == "out\n12345")
    #expect(recorder.stderrText == "err\n")
  }

  @Test("a command the shell cannot parse still reports the shell's error")
  func syntaxError() async throws {
    let fixture = try SSHServerFixture(nodes: ["pve1"])
    defer { fixture.stop() }
    let executor = SSHExecutor(inventory: fixture.inventory(), agentSocket: nil)
    let recorder = EventRecorder()

    let outcome = await executor.run(.on("pve1", "if then fi ("), events: recorder.events)
    await executor.shutdown()

    #expect(outcome == .exited(2))
    #expect(recorder.stdoutText.isEmpty)
    #expect(recorder.stderrText.contains("syntax error"))
  }
}
