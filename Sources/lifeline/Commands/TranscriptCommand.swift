import ArgumentParser
import Foundation
import LifelineCore
import LifelineSSH
import LifelineSystem

struct TranscriptCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "transcript",
    abstract: "Verify transcripts and render them as post-incident reports.",
    subcommands: [VerifyTranscript.self, RenderTranscript.self]
  )
}

struct VerifyTranscript: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check a transcript's hash chain, its seals and its witnesses.",
    discussion: """
      Prints the event count and the final hash (exit 0), or the first line that was altered, \
      removed or inserted (exit 1). With --signers, each seal's signature must be good and by a \
      key the allowed_signers file lists, and every line must be sealed. With --witness, the \
      journals of the inventory's nodes are read over SSH for the seals' hashes. See \
      docs/transcripts.md.
      """
  )

  @Argument(help: "A transcript file (.jsonl).", completion: .file(extensions: ["jsonl"]))
  var file: String

  @Option(
    help: ArgumentHelp("Check the seals' signatures against this OpenSSH allowed_signers file.", valueName: "FILE"),
    completion: .file())
  var signers: String?

  @Flag(help: "Look for the seals' hashes in the journals of the inventory's nodes (over SSH).")
  var witness = false

  @Option(
    help: ArgumentHelp("The inventory, for --witness (default: see docs/inventory.md).", valueName: "FILE"),
    completion: .file(extensions: ["yaml", "yml"]))
  var inventory: String?

  func run() async throws {
    let contents: String
    if let signers, !Paths.exists(signers) {
      throw UserError.usage("\(signers): no such allowed_signers file")
    }
    do {
      contents = try TextFile.readRecord(file)
    } catch {
      throw UserError(error.description)
    }
    let name = URL(fileURLWithPath: file).lastPathComponent
    let verification = RecordVerification.check(
      contents, fileName: name, signatures: signers.map { AllowedSignersVerifier(allowedSigners: $0) })
    var failed = !verification.verifies
    switch verification.chain {
    case .intact(let events, let hash, let truncated):
      StandardStreams.out("\(failed ? "FAILED" : "ok"): \(file): \(events) events, final hash \(hash)")
      if truncated {
        StandardStreams.out(
          "note: the file ends in a partial line (the session was cut off while writing); it is not part of the record")
      }
      if !TranscriptVerifier.lastSessionEnded(contents) {
        StandardStreams.out(
          "note: the record has no session.end after its last session start: the session was cut off (killed, crashed, power lost) or still runs, so what came after is missing; lifeline run --resume \(file) continues it"
        )
      }
    case .broken: break
    }
    for problem in verification.problems {
      let place = problem.line.map { "\(file):\($0)" } ?? file
      StandardStreams.out("\(verification.chainIntact ? "FAILED" : "TAMPERED"): \(place): \(problem.text)")
    }
    for seal in verification.seals { StandardStreams.out(SealDescription.line(seal)) }
    if witness {
      failed = try await checkWitnesses(contents, fileName: name) || failed
    }
    if failed { throw ExitStatus.failure }
  }

  /// Prints what each node's journal holds; true when a journal contradicts the file, or no
  /// node holds the last seal's hash.
  private func checkWitnesses(_ contents: String, fileName: String) async throws -> Bool {
    let cluster = try InventoryLocator.load(inventory)
    let executor = ClusterExecutor(inventory: cluster, passphrase: nil)
    let journals = await ClusterWitness(executor: executor).read(fileName: fileName, on: cluster.nodeNames)
    await executor.shutdown()
    var heldLast = false
    var contradicted = false
    for journal in journals {
      switch journal.verdict(against: contents) {
      case .holdsLastSeal:
        heldLast = true
        StandardStreams.out("witness \(journal.node): holds the last seal's hash")
      case .holdsEarlierSeal(let events):
        StandardStreams.out(
          "witness \(journal.node): holds an earlier seal's hash (\(events) events), not the last one")
      case .lacks:
        StandardStreams.out("witness \(journal.node): LACKS it: its journal has no seal of this record")
      case .contradicts(let reason):
        contradicted = true
        StandardStreams.out("TAMPERED: witness \(journal.node): \(reason)")
      case .unreadable(let reason):
        StandardStreams.out("witness \(journal.node): not checked: \(reason)")
      }
    }
    if !heldLast, !contradicted {
      StandardStreams.out("FAILED: \(file): no node's journal holds the last seal's hash")
    }
    return contradicted || !heldLast
  }
}
