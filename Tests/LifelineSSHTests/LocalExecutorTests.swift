import LifelineCore
import LifelineSystem
import Testing

@Suite("Local commands")
struct LocalExecutorTests {
  private let executor = LocalExecutor(terminationGrace: .milliseconds(500))

  private func local(_ command: String, timeout: Duration = .seconds(30)) -> CommandRequest {
    CommandRequest(command: command, target: .local, timeout: timeout)
  }

  @Test("stdout and stderr stream separately, and the exit status comes back")
  func streamsAndStatus() async {
    let recorder = EventRecorder()
    let outcome = await executor.run(local("echo out; echo err >&2; printf tail; exit 4"), events: recorder.events)

    #expect(outcome == .exited(4))
    #expect(recorder.stdoutText == "out\ntail")
    #expect(recorder.stderrText == "err\n")
  }

  @Test("output arrives while the command still runs")
  func streaming() async {
    let recorder = EventRecorder()
    let task = Task {
      await executor.run(local("echo first; sleep 3000", timeout: .seconds(300)), events: recorder.events)
    }
    #expect(await recorder.waitForStdout(containing: "first"))
    task.cancel()
    #expect(await task.value == .failed(.cancelled))
  }

  @Test(
    "signals are named without SIG",
    arguments: [("kill -TERM $$", "TERM"), ("kill -KILL $$", "KILL"), ("kill -INT $$", "INT")])
  func signals(command: String, signal: String) async {
    #expect(await executor.run(local(command), events: { _ in }) == .signaled(signal))
  }

  @Test("a timeout kills the whole process group", arguments: [false, true])
  func timeout(ignoresTerm: Bool) async throws {
    let command = LingeringCommand(ignoresTerm: ignoresTerm)
    let recorder = EventRecorder()

    let outcome = await executor.run(local(command.text, timeout: .seconds(1)), events: recorder.events)

    #expect(outcome == .failed(.timeout(.seconds(1))))
    let group = try #require(LingeringCommand.group(in: recorder.stdoutText))
    #expect(await ProcessCensus.waitUntilEmpty(group: group))
    #expect(await ProcessCensus.waitUntilGone(command.marker))
  }

  @Test("cancelling the task kills the whole process group")
  func cancellation() async throws {
    let command = LingeringCommand()
    let recorder = EventRecorder()

    let task = Task { await executor.run(local(command.text, timeout: .seconds(300)), events: recorder.events) }
    #expect(await recorder.waitForStdout(containing: "group="))
    task.cancel()

    #expect(await task.value == .failed(.cancelled))
    let group = try #require(LingeringCommand.group(in: recorder.stdoutText))
    #expect(await ProcessCensus.waitUntilEmpty(group: group))
    #expect(await ProcessCensus.waitUntilGone(command.marker))
  }

  @Test("a task cancelled before its command starts runs nothing")
  func cancelledBeforeStart() async {
    let recorder = EventRecorder()
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return await executor.run(local("echo ran"), events: recorder.events)
    }

    #expect(await task.value == .failed(.cancelled))
    #expect(recorder.stdoutText.isEmpty)
  }

  @Test("bytes that are not UTF-8 arrive intact")
  func binaryOutput() async {
    let recorder = EventRecorder()
    let outcome = await executor.run(local(#"printf '\377\000\200'; printf '\376' >&2"#), events: recorder.events)

    #expect(outcome == .exited(0))
    #expect(recorder.stdout == [0xff, 0x00, 0x80])
    #expect(recorder.stderr == [0xfe])
  }

  @Test("large output is streamed, not collected")
  func largeOutput() async {
    let recorder = EventRecorder(keepLimit: 0)
    let outcome = await executor.run(local("head -c 33554432 /dev/zero"), events: recorder.events)

    #expect(outcome == .exited(0))
    #expect(recorder.outputBytes == 33_554_432)
  }

  @Test("a pipeline sees default signal handling: SIGPIPE ends the writer")
  func pipelines() async {
    let recorder = EventRecorder()
    let outcome = await executor.run(local("yes | head -n 2"), events: recorder.events)

    #expect(outcome == .exited(0))
    #expect(recorder.stdoutText == "y\ny\n")
  }

  @Test("a node target is not the local executor's to run")
  func nodeTarget() async {
    let outcome = await executor.run(CommandRequest(command: "true", target: .node("pve1"), timeout: .seconds(5))) {
      _ in
    }
    #expect(outcome == .failed(.other("the local executor cannot reach node 'pve1'")))
  }
}
