/// Turns a session's events, in the order they happen, into sealed transcript lines: each is
/// redacted, numbered and chained here and nowhere else, so no event can be sealed from a stale
/// chain (one sealer per file, owned by its writer).
///
/// Output is redacted per stream (node and stream) with a ``StreamRedactor``, so a secret split
/// across two chunks is masked. What a stream holds back is recorded before any event other
/// than output or a connection event, so a step's output is complete before its `step.end`.
public struct TranscriptSealer: Sendable {
  public private(set) var chain: TranscriptChain
  public var redactor: Redactor
  private var streams: [Stream] = []

  /// What a stream holds back, with where to show it once it is recorded.
  private struct Stream: Sendable {
    var step: String?
    var node: String
    var stream: StandardStream
    var redaction = StreamRedactor()
    var show: (@Sendable ([UInt8]) -> Void)?
  }

  /// Output to show once the lines it came with are written.
  public typealias Shown = (show: @Sendable ([UInt8]) -> Void, bytes: [UInt8])

  public init(chain: TranscriptChain, redactor: Redactor) {
    self.chain = chain
    self.redactor = redactor
  }

  /// Seals `event` onto `lines` (each line ends with a newline). Output held back by the
  /// streams goes first unless the event is a connection event; returns the output to show.
  public mutating func seal(_ event: TranscriptEvent, at milliseconds: Int64, onto lines: inout [UInt8]) -> [Shown] {
    var shown: [Shown] = []
    if event.type != .connection { shown = releaseStreams(at: milliseconds, onto: &lines) }
    chain.seal(redactor.redact(event), epochMilliseconds: milliseconds, appendingTo: &lines)
    lines.append(0x0A)
    return shown
  }

  /// Seals what of `chunk` is final onto `lines`; returns it (redacted) for the screen.
  public mutating func seal(
    _ chunk: OutputChunk, at milliseconds: Int64, onto lines: inout [UInt8], show: @escaping @Sendable ([UInt8]) -> Void
  ) -> Shown? {
    let index =
      streams.firstIndex { $0.step == chunk.step && $0.node == chunk.node && $0.stream == chunk.stream }
      ?? {
        streams.append(Stream(step: chunk.step, node: chunk.node, stream: chunk.stream))
        return streams.count - 1
      }()
    streams[index].show = show
    let final = streams[index].redaction.redact(chunk.bytes, with: redactor)
    guard !final.isEmpty else { return nil }
    sealOutput(final, of: streams[index], at: milliseconds, onto: &lines)
    return (show, final)
  }

  /// Records what every stream holds back (at the end of a command's output).
  public mutating func releaseStreams(at milliseconds: Int64, onto lines: inout [UInt8]) -> [Shown] {
    var shown: [Shown] = []
    for var stream in streams {
      let rest = stream.redaction.finish()
      guard !rest.isEmpty else { continue }
      sealOutput(rest, of: stream, at: milliseconds, onto: &lines)
      if let show = stream.show { shown.append((show, rest)) }
    }
    streams = []
    return shown
  }

  private mutating func sealOutput(
    _ bytes: [UInt8], of stream: Stream, at milliseconds: Int64, onto lines: inout [UInt8]
  ) {
    let event = TranscriptEvent.output(step: stream.step, node: stream.node, stream: stream.stream, bytes: bytes)
    chain.seal(event, epochMilliseconds: milliseconds, appendingTo: &lines)
    lines.append(0x0A)
  }
}
