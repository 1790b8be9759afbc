/// API addresses as the inventory writes them (`https://HOST:8006`) and the parts of request
/// URLs that identify a server.
public enum APIAddress {
  /// Where pveproxy serves the JSON API under a server's address.
  public static let apiRoot = "/api2/json"

  /// Why `text` cannot be an API address, or nil when it can: HTTPS, a host, an optional
  /// port, and no path, query or credentials.
  public static func problem(with text: String) -> String? {
    guard text.hasPrefix("https://") else {
      return text.hasPrefix("http://")
        ? "the Proxmox API is served over HTTPS only: write https://"
        : "an API address starts with https://, as in https://192.168.1.125:8006"
    }
    let authority = text.dropFirst("https://".count).split(separator: "/", omittingEmptySubsequences: false)
    guard let hostAndPort = authority.first, !hostAndPort.isEmpty else { return "the API address names no host" }
    if authority.count > 2 || (authority.count == 2 && !authority[1].isEmpty) {
      return "the API address is only https://HOST:PORT; steps add \(apiRoot) and the path themselves"
    }
    if hostAndPort.contains("@") { return "the API address must not hold credentials" }
    if hostAndPort.contains(where: { $0 == "?" || $0 == "#" || $0.isWhitespace }) {
      return "the API address holds characters that cannot be in a host name"
    }
    if let port = port(of: String(hostAndPort)), !(1...65535).contains(port) {
      return "the API address has an invalid port"
    }
    return nil
  }

  /// The address without a trailing `/`.
  public static func normalized(_ text: String) -> String {
    text.hasSuffix("/") ? String(text.dropLast()) : text
  }

  /// `https://host:port` of a URL, lower-cased, with the port made explicit (443 when absent),
  /// so two spellings of one server compare equal.
  public static func origin(of url: String) -> String {
    let lowered = url.lowercased()
    let scheme = lowered.hasPrefix("https://") ? "https://" : ""
    let rest = lowered.dropFirst(scheme.count)
    let authority = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    return scheme + (port(of: authority) == nil ? authority + ":443" : authority)
  }

  /// The base URL of a node that names no `api_url`: pveproxy on its SSH address.
  public static func standard(forHost host: String) -> String {
    let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    return "https://\(bracketed):\(APISettings.standardPort)"
  }

  /// The explicit port of `host:port` or `[v6]:port`, or nil when none is written.
  private static func port(of authority: String) -> Int? {
    let afterHost: Substring
    if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
      afterHost = authority[authority.index(after: close)...]
    } else if authority.filter({ $0 == ":" }).count == 1, let colon = authority.firstIndex(of: ":") {
      afterHost = authority[colon...]
    } else {
      return nil
    }
    guard afterHost.hasPrefix(":") else { return nil }
    return Int(afterHost.dropFirst()) ?? -1
  }
}
