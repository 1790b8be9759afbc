import Foundation
import LifelineCore
import LifelineSSH

/// What a cluster records about itself, read from one node over the connection the operator
/// confirmed (`lifeline init`): the nodelist of `/etc/pve/corosync.conf`, the host keys the
/// cluster pins for each node, and each node's API certificate.
struct ClusterDiscovery {
  /// One node of the nodelist and what the cluster pins for it.
  struct Node {
    var name: String
    var address: String
    /// `/etc/pve/nodes/NODE/ssh_known_hosts` (pve-cluster 8.0.6 and later), else the lines of
    /// the shared `/etc/pve/priv/known_hosts` for the node's name or address.
    var hostKeys: [PinnedHostKey]
    /// The file the keys came from; nil when neither holds one.
    var hostKeySource: String?
    /// The SHA-256 fingerprint of the certificate pveproxy serves: `pveproxy-ssl.pem` when
    /// the node has a custom one, else `pve-ssl.pem`; nil when it has neither.
    var apiFingerprint: String?
    var certificateSource: String?
  }

  static let corosyncConf = "/etc/pve/corosync.conf"
  static let sharedKnownHosts = "/etc/pve/priv/known_hosts"

  var clusterName: String
  var nodes: [Node]

  /// Reads the records through `reader` in two commands: the nodelist and the shared files,
  /// then every node's files. `host` names the node for messages.
  static func read(through reader: RemoteFileReader, host: String) async throws(UserError) -> ClusterDiscovery {
    let first = try await texts([corosyncConf, sharedKnownHosts], through: reader)
    guard let corosync = first[0] else {
      throw .failure("\(host) has no \(corosyncConf): it is not a member of a cluster (pvecm status tells)")
    }
    let nodelist: CorosyncNodelist
    do {
      nodelist = try CorosyncNodelist.parse(corosync)
    } catch {
      throw .failure("\(corosyncConf) on \(host), \(error.description)")
    }
    let shared = first[1] ?? ""
    let perNode = ["ssh_known_hosts", "pveproxy-ssl.pem", "pve-ssl.pem"]
    let paths = nodelist.nodes.flatMap { member in perNode.map { "/etc/pve/nodes/\(member.name)/\($0)" } }
    let files = try await texts(paths, through: reader)
    var nodes: [Node] = []
    for (index, member) in nodelist.nodes.enumerated() {
      guard case .success(let address) = HostAddress.validate(member.address) else {
        throw .failure(
          "\(corosyncConf) on \(host) gives node \(member.name) the address '\(member.address)', which is none")
      }
      let own = files[index * perNode.count]
      var keys = PinnedHostKey.keys(in: own ?? "", for: [member.name])
      var source: String? = keys.isEmpty ? nil : paths[index * perNode.count]
      if keys.isEmpty {
        keys = PinnedHostKey.keys(in: shared, for: [member.name, address])
        source = keys.isEmpty ? nil : sharedKnownHosts
      }
      var fingerprint: String?
      var certificateSource: String?
      for offset in 1...2 {
        guard let pem = files[index * perNode.count + offset] else { continue }
        let file = paths[index * perNode.count + offset]
        guard let der = CertificateFingerprint.der(fromPEM: pem) else {
          throw .failure("\(file) on \(host) holds no PEM certificate")
        }
        fingerprint = CertificateFingerprint.of(der: der)
        certificateSource = file
        break
      }
      nodes.append(
        Node(
          name: member.name, address: address, hostKeys: keys, hostKeySource: source, apiFingerprint: fingerprint,
          certificateSource: certificateSource))
    }
    return ClusterDiscovery(clusterName: nodelist.clusterName ?? nodelist.nodes[0].name, nodes: nodes)
  }

  private static func texts(_ paths: [String], through reader: RemoteFileReader) async throws(UserError) -> [String?] {
    do {
      return try await reader.read(paths).map { $0.map { String(decoding: $0, as: UTF8.self) } }
    } catch {
      throw .failure(error.description)
    }
  }
}
