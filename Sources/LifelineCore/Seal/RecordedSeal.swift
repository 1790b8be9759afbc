/// A `seal` event as the record holds it.
public struct RecordedSeal: Sendable, Hashable {
  /// The seal's line in the file, 1-based.
  public var line: Int
  /// The signed message; nil when the event's `message` is not one.
  public var message: SealMessage?
  /// The message exactly as recorded: this is what the signature covers.
  public var messageLine: String?
  public var signature: SealSignature?
  /// Nil when witnessing was off.
  public var witnesses: [WitnessEntry]?
  /// The seal's own `prev`: the hash of the line before it.
  public var previousHash: String?

  init(line: Int, event value: RecordedEvent) {
    self.line = line
    messageLine = value["message"]?.stringValue
    message = messageLine.flatMap { text in SealMessage.find(in: text).flatMap { $0.line == text ? $0 : nil } }
    if let body = value["signature"]?.stringValue, let key = value["key"]?.stringValue {
      signature = .signed(body: body, key: key, comment: value["key_comment"]?.stringValue)
    } else if let reason = value["unsigned"]?.stringValue {
      signature = .unsigned(reason)
    }
    witnesses = value["witnesses"]?.arrayValue?.compactMap { entry in
      guard let node = entry["node"]?.stringValue, let logged = entry["logged"]?.boolValue else { return nil }
      return WitnessEntry(node: node, logged: logged, detail: entry["detail"]?.stringValue)
    }
    previousHash = value["prev"]?.stringValue
  }

  /// Every seal in a transcript, in order. Only lines that can be seals are parsed: `"type":"seal"`
  /// cannot occur inside a value, where each `"` is written `\"`.
  public static func all(in contents: String) -> [RecordedSeal] {
    var seals: [RecordedSeal] = []
    var number = 0
    // As bytes: splitting by Character is an order of magnitude slower on a long line.
    for bytes in contents.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
      let line = Substring(bytes)
      number += 1
      guard line.contains("\"type\":\"seal\""), let event = RecordedEvent(line: line), event.type == .seal else {
        continue
      }
      seals.append(RecordedSeal(line: number, event: event))
    }
    return seals
  }
}
