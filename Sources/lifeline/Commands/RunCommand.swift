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
  var settings: [String] = []

  @OptionGroup var locations: SessionLocations

  @Flag(help: "Confirm every step that asks for confirmation.")
  var yes = false

  @Option(
    name: .customLong("confirm-node"),
    help: ArgumentHelp("Confirm destructive steps on this node, as typing its name would.", valueName: "NAME"))
  var confirmedNodes: [String] = []

  @Option(name: .customLong("answer"), help: ArgumentHelp("Answer a question step.", valueName: "STEP=CHOICE"))
  var answers: [String] = []

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
    do {
      let status = try await execute()
      throw status
    } catch let error as UserError {
      throw error.asExit()
    }
  }

  private func execute() async throws -> ExitCode {
    var given = try keyValues(settings, flag: "--set")
    if let node { given["node"] = node }

    if let resume { return try await resumeSession(resume, overrides: given) }
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

    let api = Executors.api(for: inventory)
    let redactor = secretsRedactor(loaded.runbook, values: engine.variables, api: api)
    let folder = try TranscriptLocation.folder(locations.transcripts)
    let transcript = try TranscriptLocation.newFile(
      in: folder, runbook: loaded.runbook.name, subject: engine.variables["node"] ?? inventory.cluster,
      redactor: redactor, flushes: !noFsync)
    try record(
      .sessionStart(
        .init(
          toolVersion: Version.number, operatorName: OperatorIdentity.user, hostName: OperatorIdentity.host,
          cluster: inventory.cluster, inventoryFile: inventory.file, runbook: loaded.runbook.name,
          runbookFile: loaded.runbook.file, runbookSHA256: loaded.sha256,
          parameters: loaded.runbook.parameters.compactMap { spec in engine.variables[spec.name].map { (spec.name, $0) }
          },
          mode: "run")), to: transcript)
    return await drive(&engine, loaded: loaded, transcript: transcript, inventory: inventory, api: api)
  }

  private func resumeSession(_ file: String, overrides: [String: String]) async throws -> ExitCode {
    let contents: String
    do {
      contents = try TextFile.read(file)
    } catch {
      throw UserError(error.description)
    }
    if case .broken(let line, let reason) = TranscriptVerifier.verify(contents) {
      throw UserError(
        "\(file):\(line): cannot resume a transcript that does not verify: \(reason)", exitCode: ExitStatus.failure)
    }
    let replay = TranscriptReplay(contents: contents)
    guard let runbookFile = replay.runbookFile, let name = replay.runbookName else {
      throw UserError("\(file): the session never loaded a runbook, so there is nothing to resume")
    }
    if let ended = replay.endedOutcome, ended != "stopped" {
      throw UserError(
        "\(file): this session already ended (\(ended)); start a new run instead", exitCode: ExitStatus.failure)
    }
    let loaded = try RunbookLibrary.standard.load(runbook ?? runbookFile)
    if loaded.sha256 != replay.runbookSHA256 {
      throw UserError(
        "\(loaded.runbook.file) changed since the session started (its SHA-256 is not the recorded one); resuming it would not continue the same procedure",
        exitCode: ExitStatus.failure)
    }
    var parameters = replay.parameters
    for (key, value) in overrides { parameters[key] = value }
    let masked = parameters.filter { $0.value == Redactor.mask }.map(\.key).sorted()
    if !masked.isEmpty {
      throw UserError(
        "secret parameters are not in the record; give them again: "
          + masked.map { "--set \($0)=VALUE" }.joined(separator: " "))
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
    let api = Executors.api(for: inventory)
    let transcript: TranscriptFile
    do {
      transcript = try TranscriptFile(
        appendingTo: file, redactor: secretsRedactor(loaded.runbook, values: engine.variables, api: api))
    } catch {
      throw UserError(error.description, exitCode: ExitStatus.failure)
    }
    RecordSeal.sealBeforeResuming(transcript, contents: contents, inventory: inventory)
    try record(.sessionResume(atStep: engine.currentStep?.id, previousEvents: replay.events), to: transcript)
    StandardStreams.out("Resuming '\(name)' at step '\(engine.currentStep?.id ?? "end")' in \(file)")
    return await drive(&engine, loaded: loaded, transcript: transcript, inventory: inventory, api: api)
  }

  /// Runs the engine to its end, then closes the record and prints where it is.
  private func drive(
    _ engine: inout StepEngine, loaded: LoadedRunbook, transcript: TranscriptFile, inventory: Inventory,
    api: APIClientSetup
  ) async -> ExitCode {
    let printer = ProgressPrinter(style: .stdout)
    let canceller = StepCanceller()
    let interrupts = InterruptHandler(canceller: canceller)
    defer { interrupts.stop() }
    let console = BatchConsole(
      assumeYes: yes, confirmedNodes: Set(confirmedNodes), answers: (try? keyValues(answers, flag: "--answer")) ?? [:],
      printer: printer)
    let executor = Executors.make(inventory: inventory)
    let safety = Executors.safety(
      executor: executor, inventory: inventory, purpose: loaded.runbook.name, transcript: transcript.path)
    let runner = RunbookRunner(
      executor: executor, apiClient: api.client, console: console, recorder: transcript, canceller: canceller,
      safety: safety, interactive: false)
    let stop = await runner.run(&engine)
    await safety.clusterLock?.release()
    let outcome: Outcome
    switch stop {
    case .finished(let finished): outcome = finished
    case .paused, .interrupted:
      outcome = engine.outcome ?? .stopped(stepID: engine.currentStep?.id ?? "?", reason: "interrupted")
    case .recordingFailed(let reason):
      await executor.shutdown()
      StandardStreams.error(
        "\(reason)\nthe run was stopped before its next step; everything recorded so far is intact in \(transcript.path)"
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
      try transcript.record(.sessionEnd(outcome, reason: reason))
      await RecordSeal.close(transcript, inventory: inventory, executor: executor)
    } catch {
      StandardStreams.error(error.description)
    }
    await executor.shutdown()
    if case .stopped(let step, let why) = outcome {
      StandardStreams.out(
        "Stopped at step '\(step)': \(why)\nContinue with: lifeline run --resume \(transcript.path) [flags]")
    }
    StandardStreams.out(
      "Transcript: \(transcript.path) (\(transcript.eventCount) events, final hash \(transcript.head))")
    if let report = SessionReport.write(
      for: transcript.path, runbooks: [.loaded(loaded.runbook, sha256: loaded.sha256)])
    {
      StandardStreams.out("Report: \(report)")
    }
    return ExitCode(outcome.exitCode)
  }

  private func record(_ event: TranscriptEvent, to transcript: TranscriptFile) throws(UserError) {
    do {
      try transcript.record(event)
    } catch {
      throw UserError(error.description, exitCode: ExitStatus.failure)
    }
  }

  private func secretsRedactor(_ runbook: Runbook, values: [String: String], api: APIClientSetup) -> Redactor {
    let secrets = runbook.parameters.filter(\.secret).compactMap { values[$0.name] } + api.secrets
    let redactor = Redactor(secrets: secrets)
    Redacted.shared = redactor
    return redactor
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

  private func keyValues(_ pairs: [String], flag: String) throws(UserError) -> [String: String] {
    var values: [String: String] = [:]
    for pair in pairs {
      guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
        throw UserError("\(flag) takes KEY=VALUE, not '\(pair)'")
      }
      values[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    return values
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
