import Foundation
import LifelineCore
import LifelineSystem

/// Everything a console session knows: the inventory, the loaded runbook and where it
/// stands, the parameters given, and the session's record. Used by the console loop only,
/// one command at a time.
final class ReplSession {
  /// What the console shares with `lifeline run`: executor, API client, safety, record.
  let session: Session
  /// False when no inventory was found: the session still works for local steps and reading.
  let hasInventory: Bool
  let input: any ReplInput
  let output: ReplOutput
  let interrupts: InterruptRouter
  let timer: ElapsedTimer
  let console: InteractiveConsole
  let library = RunbookLibrary.standard

  /// The runbook the session works on.
  var loaded: LoadedRunbook?
  /// Parameters the operator gave for it.
  var given: [String: String] = [:]
  /// Where the runbook stands; built once every required parameter has a value.
  var engine: StepEngine?
  /// A recorded session being resumed, applied when the engine is built.
  var pendingReplay: TranscriptReplay?
  /// Every runbook loaded in this session, for the report's flowcharts.
  var sessionRunbooks: [LoadedRunbook] = []

  init(
    session: Session, hasInventory: Bool, input: any ReplInput, interrupts: InterruptRouter, timer: ElapsedTimer,
    style: Style
  ) {
    self.session = session
    self.hasInventory = hasInventory
    self.input = input
    self.interrupts = interrupts
    output = ReplOutput(style: style, isTerminal: input.isTerminal, mask: session.mask)
    self.timer = timer
    console = InteractiveConsole(
      input: input, interrupts: interrupts, printer: ProgressPrinter(style: style, mask: session.mask), timer: timer,
      style: style)
  }

  var inventory: Inventory { session.inventory }
  var executor: any CommandExecutor { session.executor }
  var recorder: SessionRecorder { session.recorder }

  var prompt: ConsolePrompt {
    let step =
      engine?.currentStep?.id
      ?? (pendingReplay.map { $0.resumePoint?.stepID } ?? loaded?.runbook.steps.first?.id)
    return ConsolePrompt(
      cluster: hasInventory ? inventory.cluster : nil, runbook: loaded?.runbook.name, step: step,
      outcome: engine?.outcome?.word)
  }

  var completionContext: ConsoleCompletionContext {
    let runbook = loaded?.runbook
    var values: [String: [String]] = [:]
    for parameter in runbook?.parameters ?? [] where !parameter.secret {
      values[parameter.name] = [parameter.defaultValue, given[parameter.name]].compactMap { $0 } + inventory.nodeNames
    }
    return ConsoleCompletionContext(
      runbooks: library.available().map(\.name), nodes: inventory.nodeNames, steps: runbook?.steps.map(\.id) ?? [],
      parameters: runbook?.parameters.map(\.name) ?? [], parameterValues: values, files: FileCompletion.paths,
      runbookParameters: { [library] reference in
        ((try? library.load(reference))?.runbook.parameters ?? []).map(\.name)
      })
  }

  var secretParameters: Set<String> {
    Set(loaded?.runbook.parameters.filter(\.secret).map(\.name) ?? [])
  }

  /// Records an event; the first one creates the transcript, which is then announced.
  func record(_ event: TranscriptEvent) throws(UserError) {
    let existed = recorder.status != nil
    do {
      try recorder.record(event)
    } catch {
      throw .failure("\(error.description); nothing more was started")
    }
    if !existed, let status = recorder.status { output.hint("Recording this session in \(status.path)") }
  }

  /// Masks the values of secret parameters from now on.
  func updateSecrets() {
    session.redact(secrets: secretParameters.compactMap { given[$0] })
  }

  /// Refuses a node name the inventory does not have, suggesting the closest.
  func checkNode(_ name: String) throws(UserError) {
    guard inventory.node(named: name) == nil else { return }
    guard hasInventory else {
      throw .usage("unknown node '\(name)': no inventory is loaded (start lifeline with --inventory FILE)")
    }
    throw .usage(
      "unknown node '\(name)'\(Suggestion.didYouMean(name, in: inventory.nodeNames)); the inventory has \(inventory.nodeNames.joined(separator: ", "))"
    )
  }

  func requireRunbook() throws(UserError) -> LoadedRunbook {
    guard let loaded else { throw .usage("no runbook loaded: load one first (runbooks lists them)") }
    return loaded
  }
}
