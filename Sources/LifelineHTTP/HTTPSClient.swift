import CCurl
import Foundation
import LifelineCore

/// HTTPS over libcurl with certificate trust that is never switched off silently.
///
/// Blocking: call it from a thread of its own, not from Swift's cooperative pool
/// (``ProxmoxAPIClient`` does).
public struct HTTPSClient: Sendable {
  public init() {}

  /// Sends a request under `trust`. With a fingerprint, the certificate is checked on a
  /// first connection that sends nothing, and its public key is pinned on the request's own
  /// connection, so a mismatch never lets the token leave. Setting `cancellation` abandons
  /// the transfer.
  public func send(
    _ request: HTTPRequest, trust: TLSTrust, cancellation: CancellationFlag = CancellationFlag()
  ) throws(APIFailure) -> APIResponse {
    let handle = try CurlHandle()
    handle.watch(cancellation)
    switch trust {
    case .fingerprint(let expected):
      let presented = try presentedCertificate(
        url: request.url, connectTimeout: request.connectTimeout, cancellation: cancellation)
      guard CertificateFingerprint.matches(expected, presented.fingerprint) else {
        throw .fingerprintMismatch(server: request.server, expected: expected, presented: presented.fingerprint)
      }
      guard let pin = PublicKeyPin.of(der: presented.der) else {
        throw .tls(server: request.server, detail: "cannot read the public key of its certificate")
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

  /// The server's leaf certificate, fetched without sending any HTTP request: for
  /// fingerprint checks and `lifeline trust --api`.
  public func presentedCertificate(
    url: String, connectTimeout: Duration, cancellation: CancellationFlag = CancellationFlag()
  ) throws(APIFailure) -> ServerCertificate {
    let handle = try CurlHandle()
    handle.watch(cancellation)
    handle.set(CURLOPT_URL, url)
    handle.set(CURLOPT_CONNECT_ONLY, 1)
    handle.set(CURLOPT_CERTINFO, 1)
    handle.set(CURLOPT_SSL_VERIFYPEER, 0)
    handle.set(CURLOPT_SSL_VERIFYHOST, 0)
    handle.set(CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout.milliseconds))
    handle.set(CURLOPT_TIMEOUT_MS, Int(connectTimeout.milliseconds))
    let (code, message) = handle.perform()
    let server = APIAddress.origin(of: url)
    guard code == CURLE_OK else {
      throw Self.failure(
        code, message, server: server, request: "the certificate request", connectTimeout: connectTimeout,
        timeout: connectTimeout, handle: handle)
    }
    var info: UnsafeMutablePointer<curl_certinfo>?
    guard ccurl_getinfo_certinfo(handle.raw, &info) == CURLE_OK, let info, info.pointee.num_of_certs > 0 else {
      throw .tls(server: server, detail: "it presented no certificate")
    }
    var lines: [String] = []
    var entry = info.pointee.certinfo[0]
    while let current = entry {
      lines.append(String(cString: current.pointee.data))
      entry = current.pointee.next
    }
    guard let certificate = ServerCertificate(certinfo: lines) else {
      throw .tls(server: server, detail: "it presented no readable certificate")
    }
    return certificate
  }

  /// ``presentedCertificate(url:connectTimeout:cancellation:)`` on a thread of its own, for
  /// async callers such as `lifeline trust --api`; cancelling the task abandons it.
  public func presentedCertificate(url: String, connectTimeout: Duration) async throws(APIFailure)
    -> ServerCertificate
  {
    let cancellation = CancellationFlag()
    let result = await withTaskCancellationHandler {
      await BlockingThread.run { () -> Result<ServerCertificate, APIFailure> in
        do throws(APIFailure) {
          return .success(
            try presentedCertificate(url: url, connectTimeout: connectTimeout, cancellation: cancellation))
        } catch {
          return .failure(error)
        }
      }
    } onCancel: {
      cancellation.cancel()
    }
    return try result.get()
  }

  private func perform(_ request: HTTPRequest, on handle: CurlHandle) throws(APIFailure) -> APIResponse {
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
    if sink.overflowed {
      throw .other("the response from \(request.url) is larger than \(ResponseSink.maximumBody >> 20) MiB")
    }
    guard code == CURLE_OK else {
      throw Self.failure(
        code, message, server: request.server, request: request.name, connectTimeout: request.connectTimeout,
        timeout: request.timeout, handle: handle)
    }
    return APIResponse(status: handle.responseCode, reason: sink.reason, body: sink.body)
  }

  /// libcurl's failure in the words an operator acts on, naming the server or the request.
  static func failure(
    _ code: CURLcode, _ message: String, server: String, request: String, connectTimeout: Duration,
    timeout: Duration, handle: CurlHandle
  ) -> APIFailure {
    switch code {
    case CURLE_COULDNT_CONNECT: .connectionRefused(server: server, detail: message)
    case CURLE_OPERATION_TIMEDOUT:
      handle.completedHandshake
        ? .timeout(request: request, limit: timeout) : .connectTimeout(server: server, limit: connectTimeout)
    case CURLE_ABORTED_BY_CALLBACK: .cancelled
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      .tls(server: server, detail: "its public key changed between the certificate check and the request")
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR,
      CURLE_SSL_CERTPROBLEM:
      .tls(server: server, detail: message)
    case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_WEIRD_SERVER_REPLY:
      .connectionLost(server: server, detail: message)
    default: .other("\(request) to \(server) failed: \(message)")
    }
  }

  /// libcurl's version, for `--version` and transcripts.
  public static var libraryVersion: String { CurlHandle.version }
}
