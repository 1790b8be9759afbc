import CCurl

/// Collects a response's body and status line from libcurl's callbacks, with a size limit
/// so a misbehaving server cannot exhaust memory.
final class ResponseSink {
  static let maximumBody = 64 << 20
  var body: [UInt8] = []
  var statusLine = ""
  var overflowed = false

  static let writeBody: curl_write_callback = { data, size, count, context in
    let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    if sink.body.count + length > maximumBody {
      sink.overflowed = true
      return 0
    }
    if let data { sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length)) }
    return length
  }

  static let writeHeader: curl_write_callback = { data, size, count, context in
    let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    if let data {
      let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
      if line.hasPrefix("HTTP/") { sink.statusLine = line.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
    return length
  }

  /// The reason phrase of the last status line (`HTTP/1.1 500 cluster not ready - no quorum?`).
  var reason: String {
    let parts = statusLine.split(separator: " ", maxSplits: 2)
    return parts.count == 3 ? String(parts[2]) : ""
  }
}
