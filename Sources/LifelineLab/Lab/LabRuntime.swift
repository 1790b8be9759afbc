import Foundation

/// What `lab up` started, kept in runtime.json so later commands find (and stop) it by PID.
struct LabRuntime: Codable, Sendable {
  struct Node: Codable, Sendable {
    var name: String
    var address: String
    var port: Int
    /// The sshd (also the first process of the node's namespaces); nil while the node is down.
    var pid: Int32?
    /// Namespace identities, to find every process of the node even after sshd died.
    var mountNamespace: String?
    var utsNamespace: String?
    /// The node's HTTPS API server (docs/api.md) and its certificate's fingerprint.
    var apiPid: Int32?
    var apiFingerprint: String?
  }

  var mode: LabMode
  var user: String
  /// The program and leading arguments the simulated commands run (`/path/lifeline-lab sim`).
  var simulator: [String]
  var nodes: [Node]

  func node(_ name: String) -> Node? { nodes.first { $0.name == name } }
}

extension LabRuntime {
  static func load(_ layout: LabLayout) throws -> LabRuntime {
    guard let data = FileManager.default.contents(atPath: layout.runtime) else {
      throw LabError.notRunning(layout.root)
    }
    return try JSONDecoder().decode(LabRuntime.self, from: data)
  }

  func save(_ layout: LabLayout) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try PmxcfsWriter.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n", to: layout.runtime)
  }
}
