/// The JSON Schema of inventories (schema/inventory.schema.json), built from the inventory
/// loader's lists of allowed fields (``InventoryLoader``, `YAMLDocument.apiFields`) and a
/// description and shape for each.
enum InventorySchema {
  static let identifier = "https://lifeline.invalid/schema/inventory.schema.json"

  static var document: JSONValue {
    SchemaDocument(
      id: identifier, title: "Lifeline inventory",
      description: "The nodes of a Proxmox VE cluster and how to reach them (docs/inventory.md).",
      root: inventory,
      definitions: [("node", node), ("defaults", defaults), ("api", api), ("transcripts", transcripts)]
    ).json
  }

  /// Every object of the format, for the test that each field is described.
  static var objects: [(String, SchemaObject)] {
    [("inventory", inventory), ("node", node), ("defaults", defaults), ("api", api), ("transcripts", transcripts)]
  }

  static var inventory: SchemaObject {
    SchemaObject(
      InventoryLoader.topLevelFields,
      from: [
        SchemaField("cluster", .text, "The cluster's name, shown in the prompt and recorded in transcripts."),
        SchemaField("defaults", .definition("defaults"), "Settings every node inherits unless it names its own."),
        SchemaField(
          "nodes", .map(keys: nodeName, values: .definition("node")),
          "Node name (as Proxmox knows it) to its settings; `host` is required."),
        SchemaField("api", .definition("api"), "The Proxmox VE API: its URL, token and TLS trust (docs/api.md)."),
        SchemaField(
          "transcripts", .definition("transcripts"),
          "How each session's transcript is sealed: signing key and witnesses (docs/transcripts.md)."),
      ], required: ["cluster", "nodes"])
  }

  /// A node name: one word, and not `local` or `all` (which steps' `on` means otherwise).
  static let nodeName = "^(?!(local|all)$)[A-Za-z_][A-Za-z0-9_-]*$"

  static var nodeFields: [SchemaField] {
    [
      SchemaField(
        "host", .matching("^[^\\s]+$"), "Host name, IPv4 or IPv6 address to connect to (or an ~/.ssh/config alias)."),
      SchemaField("port", .integer(1...65535), "SSH port (22)."),
      SchemaField("user", .text, "SSH user (root)."),
      SchemaField("identity", .text, "Private key file, tried after the ssh-agent (~/.ssh/id_ed25519)."),
      SchemaField("known_hosts", .text, "Host keys are checked strictly against this file (~/.ssh/known_hosts)."),
      SchemaField("connect_timeout", .duration, "How long to wait for a connection and its SSH banner (10s)."),
      SchemaField("ssh_config", .text, "The OpenSSH client config read for this node (~/.ssh/config)."),
      SchemaField("api_url", .text, "This node's own API address, https://HOST:8006, for steps with `on: NODE`."),
      SchemaField("api_fingerprint", .text, "The SHA-256 fingerprint of this node's API certificate."),
    ]
  }

  static var node: SchemaObject {
    SchemaObject(InventoryLoader.nodeFields, from: nodeFields, required: ["host"])
  }

  static var defaults: SchemaObject {
    SchemaObject(
      InventoryLoader.nodeFields.filter { !InventoryLoader.nodeOnlyFields.contains($0) }, from: nodeFields)
  }

  static var api: SchemaObject {
    SchemaObject(
      YAMLDocument.apiFields,
      from: [
        SchemaField("url", .text, "The API's address: https://HOST:8006."),
        SchemaField("token_id", .text, "The API token's id: USER@REALM!NAME."),
        SchemaField("token_file", .text, "A file holding the token's secret (mode 0600)."),
        SchemaField("token_env", .text, "An environment variable holding the token's secret."),
        SchemaField("fingerprint", .text, "The SHA-256 fingerprint of the API's certificate."),
        SchemaField("ca_file", .text, "The CA that signed the API's certificate (/etc/pve/pve-root-ca.pem)."),
        SchemaField("connect_timeout", .duration, "How long to wait for a connection (10s)."),
      ],
      required: ["url", "token_id"],
      rules: [
        // The loader's rules (YAMLDocument.apiSettings): the secret from exactly one place,
        // and one way to trust the certificate.
        (
          "oneOf",
          .array([.object([("required", .array(["token_file"]))]), .object([("required", .array(["token_env"]))])])
        ),
        ("not", .object([("required", .array(["fingerprint", "ca_file"]))])),
      ])
  }

  static var transcripts: SchemaObject {
    SchemaObject(
      YAMLDocument.transcriptFields,
      from: [
        SchemaField(
          "signing_key", .text,
          "The SSH key that signs seals (a public key whose private half is in the agent, or a private key), or `none`; default: the agent's first key, else the nodes' identity."
        ),
        SchemaField(
          "witness", .boolean, "Log each seal's message in the journals of the nodes the session reached (true)."),
      ])
  }
}
