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

  /// Reads the records through `reader`; `host` names the node for messages.
  static func read(through reader: RemoteFileReader, host: String) async throws(UserError) -> ClusterDiscovery {
    guard let corosync = try await text(corosyncConf, through: reader) else {
      throw .failure("\(host) has no \(corosyncConf): it is not a member of a cluster (pvecm status tells)")
    }
    let nodelist: CorosyncNodelist
    do {
      nodelist = try CorosyncNodelist.parse(corosync)
    } catch {
      throw .failure("\(corosyncConf) on \(host), \(error.description)")
    }
    let shared = try await text(sharedKnownHosts, through: reader) ?? ""
    var nodes: [Node] = []
    for member in nodelist.nodes {
      guard case .success(let address) = HostAddress.validate(member.address) else {
        throw .failure("\(corosyncConf) on \(host) gives node \(member.name) the address '\(member.address)', which is none")
      }
      let ownFile = "/etc/pve/nodes/\(member.name)/ssh_known_hosts"
      var keys = PinnedHostKey.keys(in: try await text(ownFile, through: reader) ?? "", for: [member.name])
      var source: String? = keys.isEmpty ? nil : ownFile
      if keys.isEmpty {
        keys = PinnedHostKey.keys(in: shared, for: [member.name, address])
        source = keys.isEmpty ? nil : sharedKnownHosts
      }
      var fingerprint: String?
      var certificateSource: String?
      for file in ["pveproxy-ssl.pem", "pve-ssl.pem"].map({ "/etc/pve/nodes/\(member.name)/\($0)" }) {
        guard let pem = try await text(file, through: reader) else { continue }
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

  private static func text(_ path: String, through reader: RemoteFileReader) async throws(UserError) -> String? {
    do {
      guard let bytes = try await reader.read(path) else { return nil }
      return String(decoding: bytes, as: UTF8.self)
    } catch {
      throw .failure(error.description)
    }
  }
}
