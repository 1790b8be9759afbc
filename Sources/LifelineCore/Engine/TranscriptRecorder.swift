/// Where a session's events go. The file adapter numbers, seals and writes them on a thread of
/// its own; tests keep them in memory.
public protocol TranscriptRecorder: Sendable {
  /// Records an event before returning; the file adapter makes `step.start`, answers,
  /// confirmations, flow and session events durable (fsync) first. Throws when it cannot
  /// (a full disk): the caller must then not start what the event announces.
  func record(_ event: TranscriptEvent) throws(RecordingError)

  /// Records a chunk of a command's output, in order with everything else recorded, and may
  /// return before it is written: reading the next chunk need not wait for the transcript.
  /// `show` gets the chunk's bytes as recorded (redacted; a secret split across chunks may
  /// move bytes from one chunk to the next) once they are in the file, so what the operator
  /// saw is always in the record. Throws once the record cannot be written any more.
  func recordOutput(_ chunk: OutputChunk, show: @escaping @Sendable ([UInt8]) -> Void) throws(RecordingError)
}

extension TranscriptRecorder {
  /// Records the chunk as an `output` event, then shows it.
  public func recordOutput(_ chunk: OutputChunk, show: @escaping @Sendable ([UInt8]) -> Void)
    throws(RecordingError)
  {
    try record(.output(step: chunk.step, node: chunk.node, stream: chunk.stream, bytes: chunk.bytes))
    show(chunk.bytes)
  }
}

/// A piece of what a command printed, as the executor delivered it.
public struct OutputChunk: Sendable {
  public var step: String?
  public var node: String
  public var stream: StandardStream
  public var bytes: [UInt8]

  public init(step: String?, node: String, stream: StandardStream, bytes: [UInt8]) {
    self.step = step
    self.node = node
    self.stream = stream
    self.bytes = bytes
  }
}

public struct RecordingError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
