/// One line of stdout that a step marked as evidence printed, with the transcript event that
/// holds its first byte, so every figure drawn from it can link to the record.
struct EvidenceLine: Sendable, Hashable {
  var step: String
  /// Where the step ran.
  var node: String
  var kinds: [EvidenceKind]
  /// The `seq` of the output event the line starts in.
  var sequence: Int
  var text: String
}

/// Cuts evidence steps' stdout chunks into lines as the transcript is read; chunks end
/// anywhere, so a line can start in one event and end in the next.
struct EvidenceLineReader: Sendable {
  /// The evidence kinds of each marked step, by step id.
  var kinds: [String: [EvidenceKind]]
  private(set) var lines: [EvidenceLine] = []
  private var partial: [Key: (sequence: Int, bytes: [UInt8])] = [:]
  private var order: [Key] = []

  private struct Key: Hashable {
    var step: String
    var node: String
  }

  init(kinds: [String: [EvidenceKind]]) { self.kinds = kinds }

  var isEmpty: Bool { kinds.isEmpty }

  mutating func read(step: String, node: String, stream: String, bytes: [UInt8], sequence: Int) {
    guard stream == "stdout", let stepKinds = kinds[step] else { return }
    let key = Key(step: step, node: node)
    if partial[key] == nil { order.append(key) }
    var current = partial[key] ?? (sequence, [])
    for byte in bytes {
      if current.bytes.isEmpty { current.sequence = sequence }
      if byte == 0x0A {
        emit(current, key: key, kinds: stepKinds)
        current.bytes = []
      } else {
        current.bytes.append(byte)
      }
    }
    partial[key] = current
  }

  /// The attempt ended: what it printed without a final newline is a line too.
  mutating func finish(step: String) {
    for key in order where key.step == step {
      if let current = partial[key], !current.bytes.isEmpty { emit(current, key: key, kinds: kinds[step] ?? []) }
      partial[key] = nil
    }
    order.removeAll { $0.step == step }
  }

  mutating func finishAll() {
    for step in Set(order.map(\.step)) { finish(step: step) }
  }

  private mutating func emit(_ current: (sequence: Int, bytes: [UInt8]), key: Key, kinds: [EvidenceKind]) {
    lines.append(
      EvidenceLine(
        step: key.step, node: key.node, kinds: kinds, sequence: current.sequence,
        text: String(decoding: current.bytes, as: UTF8.self)))
  }
}
