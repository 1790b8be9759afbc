import Foundation
import LifelineCore
import LifelineSystem

/// Closes a session's part of the record: the seal's message goes into the journals of the
/// nodes the session reached, is signed with the operator's SSH key, and the seal is recorded
/// as the last event. It says once when the seal is unsigned, and where it was witnessed.
enum RecordSeal {
  /// Call after `session.end` was recorded in `recorder`'s transcript at `path` (which now
  /// holds `events` lines ending in `head`), while `executor` can still reach the nodes.
  /// What it says goes to `descriptor`: stderr when stdout carries a command's own output.
  static func close(
    _ recorder: any TranscriptRecorder, path: String, events: Int, head: String, inventory: Inventory,
    executor: any CommandExecutor, saying descriptor: Int32 = STDOUT_FILENO
  ) async {
    let message = SealMessage(fileName: URL(fileURLWithPath: path).lastPathComponent, events: events, hash: head)
    var witnesses: [WitnessEntry]?
    if inventory.transcripts.witness {
      let contents = (try? TextFile.readRecord(path)) ?? ""
      let nodes = ClusterWitness.nodesReached(in: contents).filter { inventory.node(named: $0) != nil }
      witnesses = await ClusterWitness(executor: executor).record(message, on: nodes)
    }
    seal(recorder, message: message, inventory: inventory, witnesses: witnesses, saying: descriptor)
  }

  /// Seals a record that was cut off (killed, crashed) before it is resumed, so that what it
  /// held at that moment is signed too. Nothing to do when it already ends in a seal. It
  /// opens the file as it will be continued (a partial last line is cut off), so a file that
  /// cannot be continued is refused here, before anything else is recorded.
  static func sealBeforeResuming(_ claimed: TranscriptLock, contents: String, inventory: Inventory)
    throws(RecordingError)
  {
    let path = claimed.path
    let transcript: TranscriptFile
    do {
      transcript = try TranscriptFile(appendingTo: claimed, redactor: Redactor(secrets: []))
    } catch {
      throw RecordingError(error.description)
    }
    guard RecordedSeal.all(in: contents).last?.line != transcript.eventCount else { return }
    let message = SealMessage(
      fileName: URL(fileURLWithPath: path).lastPathComponent, events: transcript.eventCount, hash: transcript.head)
    seal(transcript, message: message, inventory: inventory, witnesses: nil, saying: STDOUT_FILENO)
  }

  private static func seal(
    _ transcript: any TranscriptRecorder, message: SealMessage, inventory: Inventory, witnesses: [WitnessEntry]?,
    saying descriptor: Int32
  ) {
    let say = { (line: String) in StandardStreams.write(line + "\n", to: descriptor) }
    let signature = OpenSSHSigner().sign(
      message, key: inventory.transcripts.signingKey,
      identity: inventory.nodes.first?.identity ?? InventoryDefaults.standard.identity)
    do {
      try transcript.record(.seal(message, signature: signature, witnesses: witnesses))
    } catch {
      StandardStreams.error("the seal was not recorded: \(error.description)")
      return
    }
    switch signature {
    case .signed(_, let key, let comment):
      say("Sealed: signed by \(key)\(comment.map { " (\($0))" } ?? "")")
    case .unsigned(let reason):
      say("Sealed UNSIGNED: \(reason)")
    }
    guard let witnesses else { return }
    let logged = witnesses.filter(\.logged).map(\.node)
    let missed = witnesses.filter { !$0.logged }
    var line = logged.isEmpty ? "Witnessed on no node" : "Witnessed on \(logged.joined(separator: ", "))"
    if !missed.isEmpty {
      line += "; not on " + missed.map { "\($0.node) (\($0.detail ?? "no answer"))" }.joined(separator: ", ")
    }
    say(line)
  }
}
