import CCurl
import Foundation

/// Lets another thread abandon a transfer that libcurl is running: libcurl polls it through
/// its progress callback (about once a second, and while it waits), and stops when it is set.
public final class HTTPCancellation: @unchecked Sendable {
  private let lock = NSLock()
  private var cancelled = false

  public init() {}

  public func cancel() {
    lock.lock()
    cancelled = true
    lock.unlock()
  }

  public var isCancelled: Bool {
    lock.lock()
    defer { lock.unlock() }
    return cancelled
  }

  /// `CURLOPT_XFERINFOFUNCTION`: a non-zero return aborts with `CURLE_ABORTED_BY_CALLBACK`.
  static let progress:
    @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) ->
      Int32 = { context, _, _, _, _ in
        guard let context else { return 0 }
        return Unmanaged<HTTPCancellation>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
      }
}
