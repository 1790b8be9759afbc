import CCurl
import Foundation
import LifelineCore

/// One libcurl easy handle, used by one thread at a time.
final class CurlHandle: @unchecked Sendable {
  let raw: UnsafeMutableRawPointer
  private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
  /// Kept alive here while libcurl holds an unretained pointer to it.
  private var cancellation: CancellationFlag?

  static let globalSetup: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

  init() throws(APIFailure) {
    _ = Self.globalSetup
    guard let handle = curl_easy_init() else { throw .other("libcurl could not create a handle") }
    raw = handle
    errorBuffer.initialize(to: 0)
    ccurl_setopt_ptr(raw, CURLOPT_ERRORBUFFER, errorBuffer)
    ccurl_setopt_long(raw, CURLOPT_NOSIGNAL, 1)
  }

  deinit {
    curl_easy_cleanup(raw)
    errorBuffer.deallocate()
  }

  func set(_ option: CURLoption, _ value: Int) { ccurl_setopt_long(raw, option, value) }
  func set(_ option: CURLoption, _ value: String) { ccurl_setopt_ptr(raw, option, value) }

  /// Makes the transfer stop soon after `cancellation` is set: libcurl polls it through its
  /// progress callback (about once a second, and while it waits).
  func watch(_ cancellation: CancellationFlag) {
    self.cancellation = cancellation
    set(CURLOPT_NOPROGRESS, 0)
    // The shim has no typed setter for this callback; a C function pointer passes as a pointer.
    ccurl_setopt_ptr(raw, CURLOPT_XFERINFOFUNCTION, unsafeBitCast(Self.progress, to: UnsafeRawPointer.self))
    ccurl_setopt_ptr(raw, CURLOPT_XFERINFODATA, Unmanaged.passUnretained(cancellation).toOpaque())
  }

  /// `CURLOPT_XFERINFOFUNCTION`: a non-zero return aborts with `CURLE_ABORTED_BY_CALLBACK`.
  private static let progress:
    @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) ->
      Int32 = { context, _, _, _, _ in
        guard let context else { return 0 }
        return Unmanaged<CancellationFlag>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
      }

  /// Performs the transfer; the error text is libcurl's own message for the failure.
  func perform() -> (CURLcode, String) {
    errorBuffer[0] = 0
    let code = curl_easy_perform(raw)
    let message = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
    return (code, message)
  }

  var responseCode: Int {
    var code = 0
    ccurl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
    return code
  }

  /// Whether the TLS handshake had completed, so a timeout came after the request could leave.
  var completedHandshake: Bool {
    // CURLINFO_APPCONNECT_TIME_T yields a curl_off_t, which is `long` on 64-bit Linux.
    var microseconds = 0
    ccurl_getinfo_long(raw, CURLINFO_APPCONNECT_TIME_T, &microseconds)
    return microseconds > 0
  }

  /// libcurl's version string, for `--version` and transcripts.
  static var version: String { String(cString: curl_version()) }
}
