/// The cluster's nodes and how to reach them.
public struct Inventory: Sendable, Hashable {
  public var cluster: String
  /// Nodes in the order the inventory lists them; fan-out to `all` follows this order.
  public var nodes: [InventoryNode]
  /// The Proxmox VE API, for steps with `api:`; nil when the inventory has no `api` section.
  public var api: APISettings?
  /// How transcripts are sealed and witnessed (the `transcripts` section).
  public var transcripts: TranscriptSettings
  /// The file it was loaded from, when it came from one.
  public var file: String?

  public init(
    cluster: String, nodes: [InventoryNode], api: APISettings? = nil, transcripts: TranscriptSettings = .init(),
    file: String? = nil
  ) {
    self.cluster = cluster
    self.nodes = nodes
    self.api = api
    self.transcripts = transcripts
    self.file = file
  }

  public var nodeNames: [String] { nodes.map(\.name) }

  public func node(named name: String) -> InventoryNode? {
    nodes.first { $0.name == name }
  }
}

/// One node: its address and the SSH settings to reach it.
public struct InventoryNode: Sendable, Hashable {
  public var name: String
  public var host: String
  public var port: Int
  public var user: String
  /// Private key file; `~` is expanded by the SSH adapter, not here.
  public var identity: String
  public var knownHosts: String
  public var connectTimeout: Duration
  /// The node's own API address (`api_url`); nil means pveproxy on `host`, port 8006.
  public var apiURL: String?
  /// The SHA-256 fingerprint of the certificate at the node's API address (`api_fingerprint`).
  public var apiFingerprint: String?
  /// The OpenSSH client config consulted for what the inventory leaves out (`ssh_config`);
  /// nil when none is read.
  public var sshConfig: String?
  /// The SSH settings the inventory gives itself (in the node or under `defaults`): these win
  /// over the client config. Built-in defaults are not among them.
  public var givenInInventory: Set<InventorySSHSetting>
  public var location: SourceLocation?

  public init(
    name: String, host: String, port: Int = 22, user: String = "root",
    identity: String = InventoryDefaults.standard.identity,
    knownHosts: String = InventoryDefaults.standard.knownHosts,
    connectTimeout: Duration = InventoryDefaults.standard.connectTimeout,
    apiURL: String? = nil, apiFingerprint: String? = nil, sshConfig: String? = nil,
    givenInInventory: Set<InventorySSHSetting> = Set(InventorySSHSetting.allCases),
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.host = host
    self.port = port
    self.user = user
    self.identity = identity
    self.knownHosts = knownHosts
    self.connectTimeout = connectTimeout
    self.apiURL = apiURL
    self.apiFingerprint = apiFingerprint
    self.sshConfig = sshConfig
    self.givenInInventory = givenInInventory
    self.location = location
  }
}

/// The settings every node inherits unless it names its own.
public struct InventoryDefaults: Sendable, Hashable {
  public var user: String
  public var port: Int
  public var identity: String
  public var knownHosts: String
  public var connectTimeout: Duration
  /// `ssh_config`: the OpenSSH client config to read, nil for none (`ssh_config: none`).
  public var sshConfig: String? = "~/.ssh/config"
  /// Which of the settings an inventory file gave, as opposed to the built-in ones.
  public var given: Set<InventorySSHSetting> = []

  public static let standard = InventoryDefaults(
    user: "root", port: 22, identity: "~/.ssh/id_ed25519", knownHosts: "~/.ssh/known_hosts",
    connectTimeout: .seconds(10))
}

/// The SSH settings an OpenSSH client config can also give (docs/inventory.md, "~/.ssh/config").
public enum InventorySSHSetting: String, Sendable, Hashable, CaseIterable {
  case host
  case port
  case user
  case identity
}
