/// Writes an inventory file (docs/inventory.md) that ``InventoryLoader`` reads back as the same
/// nodes: what `lifeline init` writes from the cluster's own records.
///
/// Every SSH setting goes under `defaults`, spelled out, so the operator sees where keys are
/// checked; each node names its `host` (and its `port` when it differs), and its API address and
/// certificate fingerprint when known.
public enum InventoryWriter {
  /// The first line, naming the JSON Schema an editor checks the file against.
  public static let schemaLine = "# yaml-language-server: $schema=/usr/share/lifeline/schema/inventory.schema.json"

  public static func text(
    cluster: String, defaults: InventoryDefaults, nodes: [InventoryNode], header: [String] = []
  ) -> String {
    var lines = [schemaLine] + header.map { "# " + $0 }
    lines.append("cluster: \(quoted(cluster))")
    var settings = [
      "user: \(quoted(defaults.user))", "port: \(defaults.port)", "identity: \(quoted(defaults.identity))",
      "known_hosts: \(quoted(defaults.knownHosts))", "connect_timeout: \(seconds(defaults.connectTimeout))",
    ]
    if defaults.sshConfig == nil { settings.append("ssh_config: none") }
    lines.append("defaults: {\(settings.joined(separator: ", "))}")
    lines.append("nodes:")
    for node in nodes {
      var fields = ["host: \(quoted(node.host))"]
      if node.port != defaults.port { fields.append("port: \(node.port)") }
      if let url = node.apiURL { fields.append("api_url: \(quoted(url))") }
      if let fingerprint = node.apiFingerprint { fields.append("api_fingerprint: \(quoted(fingerprint))") }
      lines.append("  \(node.name): {\(fields.joined(separator: ", "))}")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A YAML double-quoted scalar: safe for any text (`:` of IPv6 addresses, `#`, spaces).
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }

  /// Whole seconds, or milliseconds when the duration has a fraction: `10s`, `1500ms`.
  static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    if attoseconds == 0 { return "\(seconds)s" }
    return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
  }
}
