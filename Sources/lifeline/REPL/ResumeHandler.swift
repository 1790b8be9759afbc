import LifelineCore
import LifelineSystem

extension ReplSession {
  /// `resume FILE`: continue a recorded session where it stopped, recording on in its file.
  func resume(_ file: String) throws(UserError) -> ReplCommandResult {
    let contents: String
    do {
      contents = try TextFile.read(file)
    } catch {
      throw .usage(error.description)
    }
    if case .broken(let line, let reason) = TranscriptVerifier.verify(contents) {
      throw .failure("\(file):\(line): cannot resume a transcript that does not verify: \(reason)")
    }
    let replay = TranscriptReplay(contents: contents)
    guard let runbookFile = replay.runbookFile, let name = replay.runbookName else {
      throw .usage("\(file): the session never loaded a runbook, so there is nothing to resume")
    }
    if let ended = replay.endedOutcome, ended != .stopped {
      throw .failure("\(file): this session already ended (\(ended.word)); load the runbook to start it again")
    }
    let candidate: LoadedRunbook
    do {
      candidate = try library.load(runbookFile)
    } catch {
      throw .failure(error.description)
    }
    guard candidate.sha256 == replay.runbookSHA256 else {
      throw .failure(
        "\(runbookFile) changed since the session started (its SHA-256 is not the recorded one); resuming it would not continue the same procedure"
      )
    }
    let secrets = replay.parameters.filter { $0.value == Redactor.mask }.map(\.key).sorted()
    let before = (loaded, given, engine, pendingReplay)
    loaded = candidate
    given = replay.parameters.filter { $0.value != Redactor.mask }
    engine = nil
    pendingReplay = replay
    updateSecrets()
    buildEngineIfReady()

    let step =
      engine?.currentStep?.id ?? replay.resumePoint?.stepID
    let previous = recorder.status?.path
    do {
      try recorder.continueIn(
        file, recorded: contents, resume: .sessionResume(atStep: step, previousEvents: replay.events),
        endingCurrentWith: .sessionEnd(nil, reason: "the operator resumed \(file)"))
    } catch {
      (loaded, given, engine, pendingReplay) = before
      updateSecrets()
      throw .failure(error.description)
    }
    sessionRunbooks.append(candidate)
    if let previous { output.hint("Closed \(previous); this session now records in \(file).") }
    output.say("Resuming \(output.style.bold(name)) at step '\(step ?? "end")', recording in \(file).")
    if !secrets.isEmpty {
      output.hint(
        "Secret parameters are not in the record; give them again: "
          + secrets.map { "set \($0)" }.joined(separator: ", "))
    }
    return .succeeded
  }
}
