import CCurl
import Foundation

/// One libcurl easy handle, used by one thread at a time.
final class CurlHandle: @unchecked Sendable {
  let raw: UnsafeMutableRawPointer
  private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

  static let globalSetup: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

  init() throws(HTTPError) {
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

  /// libcurl's version string, for `--version` and transcripts.
  static var version: String { String(cString: curl_version()) }
}
