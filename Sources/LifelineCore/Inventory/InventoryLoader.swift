import Yams

/// Reads an inventory file (docs/inventory.md), reporting every problem with file:line:column.
public enum InventoryLoader {
  static let topLevelFields = ["cluster", "defaults", "nodes", "api", "transcripts"]
  static let nodeFields = [
    "host", "port", "user", "identity", "known_hosts", "connect_timeout", "ssh_config", "api_url", "api_fingerprint",
  ]
  /// Fields that belong to one node only, so `defaults` cannot set them.
  static let nodeOnlyFields: Set = ["host", "api_url", "api_fingerprint"]

  public static func load(text: String, file: String) throws(DiagnosticList) -> Inventory {
    var document = YAMLDocument(file: file)
    guard let root = document.parse(text),
      let fields = document.mapping(root, what: "an inventory", allowed: topLevelFields)
    else { throw DiagnosticList(document.diagnostics) }

    var cluster: String?
    var defaults = InventoryDefaults.standard
    var nodesNode: Node?
    var api: APISettings?
    var transcripts = TranscriptSettings()
    for (key, _, value) in fields {
      switch key {
      case "cluster": cluster = document.string(value, what: "'cluster'")
      case "defaults": defaults = readSettings(value, over: defaults, what: "'defaults'", document: &document).settings
      case "nodes": nodesNode = value
      case "api": api = document.apiSettings(value)
      case "transcripts": transcripts = document.transcriptSettings(value)
      default: break
      }
    }
    var nodes: [InventoryNode] = []
    if let nodesNode {
      if case .mapping(let mapping) = nodesNode, !mapping.isEmpty {
        for (keyNode, value) in mapping {
          guard let name = keyNode.scalar?.string, TemplateParser.isIdentifier(name), name != "local", name != "all"
          else {
            document.report(
              "a node name must be one word of letters, digits, '-' and '_' (and not 'local' or 'all')", at: keyNode)
            continue
          }
          let entry = readSettings(value, over: defaults, what: "node '\(name)'", document: &document)
          let settings = entry.settings
          if entry.hostIsInvalid { continue }
          guard let host = entry.host else {
            document.report("node '\(name)' has no 'host'", at: keyNode, hint: "add host: ADDRESS (an IP or a name)")
            continue
          }
          let given = settings.given.union([.host])
          nodes.append(
            InventoryNode(
              name: name, host: host, port: settings.port, user: settings.user, identity: settings.identity,
              knownHosts: settings.knownHosts, connectTimeout: settings.connectTimeout, apiURL: entry.apiURL,
              apiFingerprint: entry.apiFingerprint, sshConfig: settings.sshConfig, givenInInventory: given,
              location: document.location(of: keyNode)))
        }
      } else {
        document.report(
          "'nodes' must map each node name to its settings", at: nodesNode, hint: "proxmox: {host: 192.168.1.137}")
      }
    } else {
      document.report("the inventory has no 'nodes'", at: document.location(of: root))
    }
    if cluster == nil {
      document.report("the inventory has no 'cluster' name", at: document.location(of: root), hint: "add cluster: NAME")
    }
    guard let cluster, document.diagnostics.allSatisfy({ $0.severity != .error }) else {
      throw DiagnosticList(document.diagnostics)
    }
    return Inventory(cluster: cluster, nodes: nodes, api: api, transcripts: transcripts, file: file)
  }

  /// What `defaults` or a node entry says: inherited settings and the node's own fields.
  private struct Entry {
    var settings: InventoryDefaults
    var host: String?
    /// A host was given but is no address; already reported.
    var hostIsInvalid = false
    var apiURL: String?
    var apiFingerprint: String?
  }

  /// Reads the settings of `defaults` or a node, starting from `base`.
  private static func readSettings(
    _ node: Node, over base: InventoryDefaults, what: String, document: inout YAMLDocument
  ) -> Entry {
    let allowed = what == "'defaults'" ? nodeFields.filter { !nodeOnlyFields.contains($0) } : nodeFields
    var entry = Entry(settings: base)
    guard let fields = document.mapping(node, what: what, allowed: allowed) else { return entry }
    var settings = base
    var host: String?
    var hostNode: Node?
    for (key, _, value) in fields {
      switch key {
      case "host":
        host = document.string(value, what: "'host'")
        hostNode = value
      case "api_url": entry.apiURL = document.apiURL(value, what: "'api_url'")
      case "api_fingerprint": entry.apiFingerprint = document.apiFingerprint(value, what: "'api_fingerprint'")
      case "port":
        settings.port = document.integer(value, what: "'port'", range: 1...65535) ?? settings.port
        settings.given.insert(.port)
      case "user":
        settings.user = document.string(value, what: "'user'") ?? settings.user
        settings.given.insert(.user)
      case "identity":
        settings.identity = document.string(value, what: "'identity'") ?? settings.identity
        settings.given.insert(.identity)
      case "ssh_config":
        let path = document.string(value, what: "'ssh_config'")
        settings.sshConfig = path == "none" ? nil : path ?? settings.sshConfig
      case "known_hosts": settings.knownHosts = document.string(value, what: "'known_hosts'") ?? settings.knownHosts
      case "connect_timeout":
        settings.connectTimeout = document.duration(value, what: "'connect_timeout'") ?? settings.connectTimeout
      default: break
      }
    }
    entry.settings = settings
    if let text = host {
      switch HostAddress.validate(text) {
      case .success(let address): entry.host = address
      case .failure(let invalid):
        entry.hostIsInvalid = true
        document.report(
          "'host' must be a host name or an IP address: \(invalid.reason)", at: hostNode ?? node,
          hint: "host: pve1.example.org, 192.168.1.137 or [fd00::1]")
      }
    }
    return entry
  }
}
