import LifelineCore

/// How the operator and known_hosts name a node's SSH endpoint.
extension InventoryNode {
  /// `host:port`, with an IPv6 literal in brackets, for messages.
  var address: String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }

  /// The host as known_hosts names it: `host` on port 22, `[host]:port` on any other.
  var knownHostsName: String {
    port == 22 ? host : "[\(host)]:\(port)"
  }
}
