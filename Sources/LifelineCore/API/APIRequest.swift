/// One API request, rendered and ready for an ``APIClient``.
///
/// A request travels from the step engine to the runner as its request line, `METHOD URL [FORM]`
/// (``line``): that is the "command" of an API step, and what the plan, confirmations, the
/// progress display and the transcript show. Every part is percent-encoded, so the line holds
/// no spaces but the two separators and reads back exactly (``init(line:trust:connectTimeout:timeout:)``).
/// The token is never part of it: the client adds it.
public struct APIRequest: Sendable, Hashable {
  public var method: APIMethod
  /// The whole URL: server, `/api2/json`, path and, for GET and DELETE, the query.
  public var url: String
  /// The form body of POST and PUT (possibly empty); nil for GET and DELETE.
  public var form: String?
  /// How the server's certificate is verified; nil when the inventory names nothing for this
  /// server, so the client consults the fingerprints recorded by `lifeline trust --api`.
  public var trust: APITrust?
  public var connectTimeout: Duration
  /// The whole exchange, connection included: the step's timeout.
  public var timeout: Duration

  public init(
    method: APIMethod, url: String, form: String? = nil, trust: APITrust? = nil,
    connectTimeout: Duration = APISettings.standardConnectTimeout, timeout: Duration
  ) {
    self.method = method
    self.url = url
    self.form = method.sendsBody ? (form ?? "") : nil
    self.trust = trust
    self.connectTimeout = connectTimeout
    self.timeout = timeout
  }

  /// Reads a request line back; nil when `line` is not one.
  public init?(line: String, trust: APITrust?, connectTimeout: Duration, timeout: Duration) {
    let parts = line.split(separator: " ", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3, let method = APIMethod(rawValue: String(parts[0])),
      parts.count == 2 || method.sendsBody, parts[1].hasPrefix("https://"),
      parts[1].contains(APIAddress.apiRoot + "/")
    else { return nil }
    self.init(
      method: method, url: String(parts[1]), form: parts.count == 3 ? String(parts[2]) : nil, trust: trust,
      connectTimeout: connectTimeout, timeout: timeout)
  }

  /// `METHOD URL`, then the form when there is one.
  public var line: String { Self.line(method: method, url: url, form: form) }

  static func line(method: APIMethod, url: String, form: String?) -> String {
    guard let form, !form.isEmpty else { return "\(method.rawValue) \(url)" }
    return "\(method.rawValue) \(url) \(form)"
  }

  /// The API path without server and query, as Proxmox's permission errors name it:
  /// `/cluster/status`.
  public var path: String {
    guard let root = url.range(of: APIAddress.apiRoot + "/") else { return url }
    let rest = url[url.index(before: root.upperBound)...]
    return String(rest.prefix { $0 != "?" })
  }

  /// The server part of the URL (`https://host:8006`), for trust look-ups and messages.
  public var server: String {
    guard let root = url.range(of: APIAddress.apiRoot + "/") else { return url }
    return String(url[..<root.lowerBound])
  }
}

extension APICall {
  /// The request line of this call on the server at `base`, with every substituted value
  /// percent-encoded: a value can never add a path segment, a parameter or a space.
  func requestLine(base: String, scope: TemplateScope) throws(TemplateError) -> String {
    var path = ""
    for segment in self.path.segments {
      switch segment {
      case .literal(let text):
        path += text
      case .expression(let expression):
        let value = try scope.evaluate(expression)
        path += expression.isRaw ? PercentEncoding.path(value) : PercentEncoding.pathSegment(value)
      }
    }
    var fields: [(String, String)] = []
    for parameter in data {
      fields.append((parameter.name, try scope.render(parameter.value, mode: .plain)))
    }
    var url = APIAddress.normalized(base) + APIAddress.apiRoot + path
    if !method.sendsBody, !fields.isEmpty { url += "?" + PercentEncoding.form(fields) }
    return APIRequest.line(method: method, url: url, form: method.sendsBody ? PercentEncoding.form(fields) : nil)
  }
}
