/// What one node's journal says about a transcript, compared with the file.
public struct JournalWitness: Sendable, Hashable {
  public var node: String
  /// The seal messages for the transcript's file name; nil when the journal could not be read.
  public var messages: [SealMessage]?
  /// Why the journal could not be read.
  public var detail: String?

  public enum Verdict: Sendable, Hashable {
    /// The journal holds the hash of the record's last seal.
    case holdsLastSeal
    /// It holds only earlier seals' hashes (the node was not reached, or did not answer, later).
    case holdsEarlierSeal(events: Int)
    /// It holds nothing about this record.
    case lacks
    /// It holds a hash the file does not have at that line, or more events than the file has.
    case contradicts(String)
    case unreadable(String)
  }

  /// Compares the journal's messages with the transcript's text.
  public func verdict(against contents: String) -> Verdict {
    guard let messages else { return .unreadable(detail ?? "no answer") }
    guard !messages.isEmpty else { return .lacks }
    let hashes = Self.lineHashes(contents)
    for message in messages {
      guard message.events <= hashes.count else {
        return .contradicts(
          "its journal records a seal of \(message.events) events, but the file has only \(hashes.count): lines were cut off the end"
        )
      }
      guard hashes[message.events - 1] == message.hash else {
        return .contradicts(
          "its journal records hash \(message.hash) for line \(message.events), but the file's line \(message.events) has \(hashes[message.events - 1]): the record was rewritten"
        )
      }
    }
    let lastSeal = RecordedSeal.all(in: contents).last?.message
    if let lastSeal, messages.contains(lastSeal) { return .holdsLastSeal }
    return .holdsEarlierSeal(events: messages.map(\.events).max() ?? 0)
  }

  /// The hash each complete line claims, in order.
  static func lineHashes(_ contents: String) -> [String] {
    var lines = contents.split(separator: "\n", omittingEmptySubsequences: false)
    lines.removeLast()
    return lines.map { TranscriptChain.unseal($0)?.hash ?? "" }
  }
}
