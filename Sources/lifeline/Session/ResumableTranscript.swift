import Foundation
import LifelineCore
import LifelineSystem

/// A transcript a session can continue: no other session records in it, it verifies, it
/// loaded a runbook, it did not end (other than stopped for an answer), and that runbook is
/// still the one it ran. The checks `lifeline run --resume` and the console's `resume` make,
/// made once.
struct ResumableTranscript {
  var file: String
  /// Claimed before the file is read, so what is replayed is what the session continues.
  var lock: TranscriptLock
  var contents: String
  var replay: TranscriptReplay
  var loaded: LoadedRunbook

  /// - Parameter runbook: the runbook to load instead of the recorded path (it must still
  ///   have the recorded SHA-256).
  init(_ file: String, runbook: String? = nil, library: RunbookLibrary) throws(UserError) {
    do {
      lock = try TranscriptLock(claiming: file)
      contents = try TextFile.readRecord(file)
    } catch {
      throw .usage(error.description)
    }
    if case .broken(let line, let reason) = TranscriptVerifier.verify(contents) {
      throw .failure("\(file):\(line): cannot resume a transcript that does not verify: \(reason)")
    }
    replay = TranscriptReplay(contents: contents)
    guard let runbookFile = replay.runbookFile, replay.runbookName != nil else {
      throw .usage("\(file): the session never loaded a runbook, so there is nothing to resume")
    }
    if let ended = replay.endedOutcome, ended != .stopped {
      throw .failure("\(file): this session already ended (\(ended.word)); start the runbook again instead")
    }
    loaded = try library.load(runbook ?? runbookFile)
    guard loaded.sha256 == replay.runbookSHA256 else {
      throw .failure(
        "\(loaded.runbook.file) changed since the session started (its SHA-256 is not the recorded one); resuming it would not continue the same procedure"
      )
    }
    self.file = file
  }

  /// How `inventory` differs from the one the record was made with (another cluster name or
  /// another file), or nil: shown to the operator and kept in the `session.resume` event, since
  /// the steps still to run then reach other nodes than the recorded ones did.
  func inventoryChange(to inventory: Inventory) -> String? {
    guard let cluster = replay.cluster else { return nil }
    let resolved = { (path: String?) in path.map { URL(fileURLWithPath: $0).standardizedFileURL.path } }
    guard cluster != inventory.cluster || resolved(replay.inventoryFile) != resolved(inventory.file) else {
      return nil
    }
    let describe = { (cluster: String, path: String?) in "cluster '\(cluster)' (\(path ?? "no inventory file"))" }
    return
      "\(file) was recorded with \(describe(cluster, replay.inventoryFile)); it goes on with \(describe(inventory.cluster, inventory.file))"
  }

  /// Recorded parameters whose values were masked as secrets: they must be given again.
  var maskedParameters: [String] {
    replay.parameters.filter { $0.value == Redactor.mask }.map(\.key).sorted()
  }
}
