import LifelineCore
import LifelineSystem

extension ReplSession {
  /// `resume FILE`: continue a recorded session where it stopped, recording on in its file.
  func resume(_ file: String) async throws(UserError) -> ReplCommandResult {
    let resumable = try ResumableTranscript(file, library: library)
    let (contents, replay, candidate) = (resumable.contents, resumable.replay, resumable.loaded)
    let name = candidate.runbook.name
    let secrets = resumable.maskedParameters
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
    let inventoryChange = resumable.inventoryChange(to: inventory)
    do {
      try await session.resume(
        resumable.lock, recorded: contents,
        with: .sessionResume(
          atStep: step, previousEvents: replay.events, cluster: inventory.cluster, inventoryFile: inventory.file,
          inventoryChange: inventoryChange))
    } catch {
      (loaded, given, engine, pendingReplay) = before
      updateSecrets()
      throw .failure(error.description)
    }
    sessionRunbooks.append(candidate)
    if let inventoryChange { output.say(output.style.yellow("warning: ") + output.shown(inventoryChange)) }
    if let previous { output.hint("Closed \(previous); this session now records in \(file).") }
    output.say("Resuming \(output.style.bold(name)) at step '\(step ?? "end")', recording in \(file).")
    if !secrets.isEmpty {
      output.hint(
        "Secret parameters are not in the record; give them again: "
          + secrets.map { "set \($0)" }.joined(separator: ", "))
    }
    if !replay.maskedCaptures.isEmpty {
      let names = replay.maskedCaptures.sorted { $0.key < $1.key }
      output.hint(
        "Captured values that held a secret are not in the record, and no step gets their mask: "
          + names.map { "'\($0.key)' (goto \($0.value) to capture it again)" }.joined(separator: ", "))
    }
    return .succeeded
  }
}
