import CCurl
import Foundation

/// HTTPS over libcurl with certificate trust that is never switched off silently.
///
/// Blocking: call it from a thread of its own, not from Swift's cooperative pool.
public struct HTTPSClient: Sendable {
  public init() {}

  /// Sends a request under `trust`. With a fingerprint, the certificate is checked on a
  /// first connection that sends nothing, and its public key is pinned on the request's own
  /// connection, so a mismatch never lets the token leave.
  public func send(_ request: HTTPRequest, trust: TLSTrust) throws(HTTPError) -> HTTPResponse {
    let handle = try CurlHandle()
    switch trust {
    case .fingerprint(let expected):
      let presented = try presentedCertificate(url: request.url, connectTimeout: request.connectTimeout)
      let actual = CertificateFingerprint.of(der: presented)
      guard CertificateFingerprint.matches(expected, actual) else {
        throw .fingerprintMismatch(expected: expected, actual: actual)
      }
      guard let pin = CertificateFingerprint.publicKeyPin(der: presented) else {
        throw .tlsFailure("cannot read the public key of the server's certificate")
      }
      handle.set(CURLOPT_SSL_VERIFYPEER, 0)
      handle.set(CURLOPT_SSL_VERIFYHOST, 0)
      handle.set(CURLOPT_PINNEDPUBLICKEY, pin)
    case .caFile(let path):
      handle.set(CURLOPT_SSL_VERIFYPEER, 1)
      handle.set(CURLOPT_SSL_VERIFYHOST, 2)
      handle.set(CURLOPT_CAINFO, path)
    case .system:
      handle.set(CURLOPT_SSL_VERIFYPEER, 1)
      handle.set(CURLOPT_SSL_VERIFYHOST, 2)
    }
    return try perform(request, on: handle)
  }

  /// The server's leaf certificate (DER), fetched without sending any HTTP request: for
  /// fingerprint checks and `lifeline trust --api`.
  public func presentedCertificate(url: String, connectTimeout: Duration) throws(HTTPError) -> [UInt8] {
    let handle = try CurlHandle()
    handle.set(CURLOPT_URL, url)
    handle.set(CURLOPT_CONNECT_ONLY, 1)
    handle.set(CURLOPT_CERTINFO, 1)
    handle.set(CURLOPT_SSL_VERIFYPEER, 0)
    handle.set(CURLOPT_SSL_VERIFYHOST, 0)
    handle.set(CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout.milliseconds))
    handle.set(CURLOPT_TIMEOUT_MS, Int(connectTimeout.milliseconds))
    let (code, message) = handle.perform()
    guard code == CURLE_OK else { throw Self.error(code, message, url: url) }
    var info: UnsafeMutablePointer<curl_certinfo>?
    guard ccurl_getinfo_certinfo(handle.raw, &info) == CURLE_OK, let info, info.pointee.num_of_certs > 0,
      var entry = info.pointee.certinfo[0]
    else { throw .tlsFailure("the server at \(url) presented no certificate") }
    while true {
      let line = String(cString: entry.pointee.data)
      if line.hasPrefix("Cert:"), let der = CertificateFingerprint.der(fromPEM: String(line.dropFirst(5))) {
        return der
      }
      guard let next = entry.pointee.next else { break }
      entry = next
    }
    throw .tlsFailure("the server at \(url) presented no readable certificate")
  }

  private func perform(_ request: HTTPRequest, on handle: CurlHandle) throws(HTTPError) -> HTTPResponse {
    handle.set(CURLOPT_URL, request.url)
    handle.set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
    handle.set(CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout.milliseconds))
    handle.set(CURLOPT_TIMEOUT_MS, Int(request.timeout.milliseconds))
    handle.set(CURLOPT_FOLLOWLOCATION, 0)
    if let body = request.body {
      handle.set(CURLOPT_POSTFIELDSIZE, body.utf8.count)
      handle.set(CURLOPT_COPYPOSTFIELDS, body)
    }
    var headers: UnsafeMutablePointer<curl_slist>?
    for header in request.headers + ["Accept: application/json"] { headers = curl_slist_append(headers, header) }
    defer { curl_slist_free_all(headers) }
    ccurl_setopt_ptr(handle.raw, CURLOPT_HTTPHEADER, headers)

    let sink = ResponseSink()
    let context = Unmanaged.passRetained(sink)
    defer { context.release() }
    ccurl_setopt_write_cb(handle.raw, CURLOPT_WRITEFUNCTION, ResponseSink.writeBody)
    ccurl_setopt_ptr(handle.raw, CURLOPT_WRITEDATA, context.toOpaque())
    ccurl_setopt_header_cb(handle.raw, ResponseSink.writeHeader)
    ccurl_setopt_ptr(handle.raw, CURLOPT_HEADERDATA, context.toOpaque())

    let (code, message) = handle.perform()
    if sink.overflowed { throw .other("the response from \(request.url) is larger than \(ResponseSink.maximumBody >> 20) MiB") }
    guard code == CURLE_OK else { throw Self.error(code, message, url: request.url) }
    return HTTPResponse(status: handle.responseCode, reason: sink.reason, body: sink.body)
  }

  static func error(_ code: CURLcode, _ message: String, url: String) -> HTTPError {
    switch code {
    case CURLE_COULDNT_CONNECT: .connectionRefused("\(url): \(message)")
    case CURLE_OPERATION_TIMEDOUT: .timeout("\(url): \(message)")
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      .tlsFailure("\(url): the server's public key changed between the certificate check and the request")
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR:
      .tlsFailure("\(url): \(message)")
    default: .other("\(url): \(message)")
    }
  }

  /// libcurl's version, for `--version` and transcripts.
  public static var libraryVersion: String { CurlHandle.version }
}
