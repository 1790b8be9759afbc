import ArgumentParser
import Foundation
import LifelineCore
import LifelineHTTP
import LifelineSystem

struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a runbook without the REPL, for drills and CI.",
    discussion: """
      Confirmations need --yes; destructive steps need --confirm-node NAME; questions need \
      --answer STEP=CHOICE. Without them the run stops at that step, records why, and exits 1: \
      it never guesses. A stopped or killed run continues with --resume FILE.

      Exit status: 0 succeeded, 1 failed or stopped, 2 invalid runbook, inventory or usage, \
      130 cancelled (Ctrl-C cancels the running step; finally steps still run).
      """
  )

  @Argument(help: "A runbook name (from the runbooks folders) or a path to a runbook file.")
  var runbook: String?

  @Option(help: "The node the runbook is about: sets its 'node' parameter.")
  var node: String?

  @Option(name: .customLong("set"), help: ArgumentHelp("Set a parameter.", valueName: "KEY=VALUE"))
  var settings: [KeyValue] = []

  @OptionGroup var locations: SessionLocations

  @Flag(help: "Confirm every step that asks for confirmation.")
  var yes = false

  @Option(
    name: .customLong("confirm-node"),
    help: ArgumentHelp("Confirm destructive steps on this node, as typing its name would.", valueName: "NAME"))
  var confirmedNodes: [String] = []

  @Option(name: .customLong("answer"), help: ArgumentHelp("Answer a question step.", valueName: "STEP=CHOICE"))
  var answers: [KeyValue] = []

  @Flag(help: "Print the plan (steps, nodes, commands, branches) without running anything.")
  var dryRun = false

  @Option(help: ArgumentHelp("Continue a session that was cut off, in the same transcript.", valueName: "FILE"))
  var resume: String?

  /// For `make bench` only: measures what flushing each event costs.
  @Flag(help: .hidden)
  var noFsync = false

  func validate() throws {
    if runbook == nil, resume == nil { throw ValidationError("name a runbook, or --resume a transcript") }
    if resume != nil, dryRun { throw ValidationError("--dry-run and --resume do not go together") }
  }

  func run() async throws {
    throw try await execute()
  }

  private func execute() async throws -> ExitCode {
    var given = settings.dictionary
    if let node { given["node"] = node }
    let answers = self.answers.dictionary

    if let resume { return try await resumeSession(resume, overrides: given, answers: answers) }
    let loaded = try RunbookLibrary.standard.load(runbook!)
    if given["node"] != nil, loaded.runbook.parameter("node") == nil {
      throw UserError(
        "runbook '\(loaded.runbook.name)' takes no --node; its parameters: \(loaded.runbook.parameters.map(\.name).joined(separator: ", "))"
      )
    }

    if dryRun {
      let inventory =
        (try? InventoryLocator.locate(locations.inventory)).flatMap { $0 } == nil && locations.inventory == nil
        ? Inventory(cluster: "(no inventory)", nodes: []) : try InventoryLocator.load(locations.inventory)
      let parameters: [String: String]
      do {
        parameters = try ParameterBinding.bind(given, to: loaded.runbook)
      } catch {
        throw UserError(error.description)
      }
      try checkNodeParameter(parameters, inventory: inventory, allowUnknown: inventory.nodes.isEmpty)
      StandardStreams.out(DryRunPlan.render(loaded.runbook, parameters: parameters, inventory: inventory))
      return ExitStatus.success
    }

    let inventory = try InventoryLocator.load(locations.inventory)
    var engine: StepEngine
    do {
      engine = try StepEngine(runbook: loaded.runbook, inventory: inventory, parameters: given)
    } catch {
      throw UserError(error.description)
    }
    try checkNodeParameter(engine.variables, inventory: inventory, allowUnknown: false)

    let session = Session(
      inventory: inventory,
      recorder: SessionRecorder(
        folderOption: locations.transcripts,
        sessionInfo: .starting(
          "run", inventory: inventory, runbook: loaded,
          parameters: loaded.runbook.parameters.compactMap { spec in
            engine.variables[spec.name].map { (spec.name, $0) }
          }),
        flushes: !noFsync))
    session.redact(secrets: loaded.runbook.parameters.filter(\.secret).compactMap { engine.variables[$0.name] })
    session.recorder.nameFile(runbook: loaded.runbook.name, subject: engine.variables["node"] ?? inventory.cluster)
    do {
      try session.recorder.open()
    } catch {
      throw UserError.failure(error.description)
    }
    return await drive(&engine, loaded: loaded, session: session, answers: answers)
  }

  private func resumeSession(_ file: String, overrides: [String: String], answers: [String: String])
    async throws -> ExitCode
  {
    let resumable = try ResumableTranscript(file, runbook: runbook, library: .standard)
    let loaded = resumable.loaded
    var replay = resumable.replay
    var parameters = replay.parameters
    // A captured value given again with --set takes the place of the one the record masked.
    let givenCaptures = overrides.filter { replay.maskedCaptures[$0.key] != nil }
    for (key, value) in overrides where givenCaptures[key] == nil { parameters[key] = value }
    for (key, value) in givenCaptures {
      replay.captures[key] = value
      replay.maskedCaptures[key] = nil
    }
    let masked = resumable.maskedParameters.filter { overrides[$0] == nil }
    if !masked.isEmpty {
      throw UserError(
        "secret parameters are not in the record; give them again: "
          + masked.map { "--set \($0)=VALUE" }.joined(separator: " "))
    }
    if !replay.maskedCaptures.isEmpty {
      let names = replay.maskedCaptures.sorted { $0.key < $1.key }
      throw UserError(
        "captured values held a secret, so the record keeps only their mask, which a resumed run must not send: "
          + names.map { "'\($0.key)' (captured by step '\($0.value)')" }.joined(separator: ", ")
          + "; give them again: " + names.map { "--set \($0.key)=VALUE" }.joined(separator: " ")
          + ", or start the runbook anew")
    }
    let inventory = try InventoryLocator.load(locations.inventory)
    var engine: StepEngine
    do {
      engine = try StepEngine(runbook: loaded.runbook, inventory: inventory, parameters: parameters)
      try engine.resume(from: replay)
    } catch let error as ParameterError {
      throw UserError(error.description)
    } catch {
      throw UserError("\(file): \(error)")
    }
    let session = Session(
      inventory: inventory,
      recorder: SessionRecorder(
        folderOption: locations.transcripts,
        sessionInfo: .starting("run", inventory: inventory, runbook: loaded),
        flushes: !noFsync))
    session.redact(
      secrets: loaded.runbook.parameters.filter(\.secret).compactMap { engine.variables[$0.name] }
        + givenCaptures.values)
    let inventoryChange = resumable.inventoryChange(to: inventory)
    if let inventoryChange { StandardStreams.out("warning: \(inventoryChange)") }
    do {
      try await session.resume(
        resumable.lock, recorded: resumable.contents,
        with: .sessionResume(
          atStep: engine.currentStep?.id, previousEvents: replay.events, cluster: inventory.cluster,
          inventoryFile: inventory.file, inventoryChange: inventoryChange))
    } catch {
      throw UserError.failure(error.description)
    }
    StandardStreams.out(
      "Resuming '\(loaded.runbook.name)' at step '\(engine.currentStep?.id ?? "end")' in \(file)")
    return await drive(&engine, loaded: loaded, session: session, answers: answers)
  }

  /// Runs the engine to its end, then closes the record and prints where it is.
  private func drive(
    _ engine: inout StepEngine, loaded: LoadedRunbook, session: Session, answers: [String: String]
  ) async -> ExitCode {
    let printer = ProgressPrinter(style: .stdout, mask: session.mask)
    let canceller = StepCanceller()
    let interrupts = InterruptHandler(canceller: canceller)
    defer { interrupts.stop() }
    let console = BatchConsole(
      assumeYes: yes, confirmedNodes: Set(confirmedNodes), answers: answers, printer: printer)
    let runner = session.runner(for: loaded.runbook, console: console, canceller: canceller, interactive: false)
    let stop = await runner.run(&engine)
    let transcript = session.recorder.status?.path ?? "the transcript"
    let outcome: Outcome
    switch stop {
    case .finished(let finished): outcome = finished
    case .paused, .interrupted:
      outcome = engine.outcome ?? .stopped(stepID: engine.currentStep?.id ?? "?", reason: "interrupted")
    case .recordingFailed(let reason):
      await session.shutdown()
      StandardStreams.error(
        "\(reason)\nthe run was stopped before its next step; everything recorded so far is intact in \(transcript)"
      )
      return ExitStatus.failure
    }
    let reason: String
    switch outcome {
    case .stopped(_, let why): reason = why
    case .failed(_, let why): reason = why
    default: reason = outcome.description
    }
    do {
      try await session.end(outcome, reason: reason)
    } catch {
      StandardStreams.error(error.description)
    }
    await session.shutdown()
    if case .stopped(let step, let why) = outcome {
      StandardStreams.out(
        "Stopped at step '\(step)': \(session.mask.shown(why))\nContinue with: lifeline run --resume \(transcript) [flags]"
      )
    }
    guard let status = session.recorder.status else { return ExitCode(outcome.exitCode) }
    StandardStreams.out("Transcript: \(status.path) (\(status.events) events, final hash \(status.head))")
    do {
      switch try ReportWriter.write(transcript: status.path, loaded: [loaded], library: .standard) {
      case .written(let report, let warning):
        if let warning { StandardStreams.error(warning) }
        StandardStreams.out("Report: \(report)")
      case .deferred(let why): StandardStreams.out(why)
      }
    } catch {
      StandardStreams.error(error.description)
    }
    return ExitCode(outcome.exitCode)
  }

  private func checkNodeParameter(_ values: [String: String], inventory: Inventory, allowUnknown: Bool)
    throws(UserError)
  {
    guard let node = values["node"], !allowUnknown, inventory.node(named: node) == nil else { return }
    let where_ = inventory.file.map { " (\($0))" } ?? ""
    throw UserError(
      "unknown node '\(node)'\(Suggestion.didYouMean(node, in: inventory.nodeNames)): the inventory\(where_) has \(inventory.nodeNames.joined(separator: ", "))"
    )
  }

}

/// Where a session finds its inventory and writes its transcript; shared by `run`, `exec` and the REPL.
struct SessionLocations: ParsableArguments {
  @Option(
    help: ArgumentHelp("The inventory file (default: see docs/inventory.md).", valueName: "FILE"),
    completion: .file(extensions: ["yaml", "yml"]))
  var inventory: String?

  @Option(
    help: ArgumentHelp(
      "Where transcripts go (default: ./Transcripts if it exists, else $XDG_DATA_HOME/lifeline/transcripts).",
      valueName: "DIR"), completion: .directory)
  var transcripts: String?
}
