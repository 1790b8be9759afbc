import ArgumentParser
import Foundation
import LifelineCore
import LifelineSSH
import LifelineSystem

struct InitCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Write the inventory from the cluster's own records, trusting one node.",
    discussion: """
      Connects to HOST, shows its SSH host key to compare with its console (as lifeline trust \
      does), then reads over that connection the nodes of /etc/pve/corosync.conf, the host key \
      the cluster pins for each (/etc/pve/nodes/NODE/ssh_known_hosts, or /etc/pve/priv/known_hosts \
      on clusters before pve-cluster 8.0.6) and each node's API certificate (pve-ssl.pem). It \
      shows what it found and writes the inventory and the known_hosts entries once you confirm. \
      A differing known_hosts entry is never replaced, and a differing inventory only with --replace.
      """
  )

  @Argument(help: "The node to connect to: its address or host name.")
  var host: String

  @Option(
    help: ArgumentHelp(
      "The inventory to write (default: $LIFELINE_INVENTORY, else $XDG_CONFIG_HOME/lifeline/inventory.yaml).",
      valueName: "FILE"), completion: .file(extensions: ["yaml", "yml"]))
  var inventory: String?

  @Option(help: "The SSH user, for HOST and in the inventory.")
  var user = InventoryDefaults.standard.user

  @Option(help: "The SSH port, for HOST and in the inventory.")
  var port = InventoryDefaults.standard.port

  @Option(help: ArgumentHelp("The private key file, tried after the ssh-agent.", valueName: "FILE"))
  var identity = InventoryDefaults.standard.identity

  @Option(help: ArgumentHelp("The known_hosts file the host keys go into.", valueName: "FILE"))
  var knownHosts = InventoryDefaults.standard.knownHosts

  @Flag(help: "Rewrite an existing inventory that differs (it is kept as FILE.bak).")
  var replace = false

  @Flag(
    help:
      "Write without asking (you compared the fingerprints another way); changed keys and differing entries still stop it."
  )
  var yes = false

  func validate() throws {
    guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    if case .failure(let invalid) = HostAddress.validate(host) {
      throw ValidationError("'\(host)' is not a host name or an IP address: \(invalid.reason)")
    }
  }

  func run() async throws {
    let target = inventory ?? Self.standardInventory
    var defaults = InventoryDefaults.standard
    defaults.user = user
    defaults.port = port
    defaults.identity = identity
    defaults.knownHosts = knownHosts
    // validate() made sure it is one; an IPv6 address loses its brackets here.
    let address = (try? HostAddress.validate(host).get()) ?? host
    let entry = InventoryNode(
      name: host, host: address, port: port, user: user, identity: identity, knownHosts: knownHosts,
      sshConfig: defaults.sshConfig, givenInInventory: [.host, .port, .user, .identity])
    let scan = try await HostKeyConfirmation.scan(entry, label: host)
    let confirmation = HostKeyConfirmation(assumeYes: yes, action: "read the cluster's records through it")
    let scannedIsNew = try confirmation.confirm(scan, label: host)

    let reader: RemoteFileReader
    do throws(HostKeyTrustError) {
      reader = try RemoteFileReader(node: entry, trusting: scan)
    } catch {
      throw UserError.failure(error.description)
    }
    let discovery: ClusterDiscovery
    do {
      discovery = try await ClusterDiscovery.read(through: reader, host: host)
    } catch {
      await reader.close()
      throw error
    }
    await reader.close()

    let plan = try InitPlan(
      discovery: discovery, defaults: defaults, inventoryFile: target, connected: scan, connectedIsNew: scannedIsNew,
      host: address)
    StandardStreams.out(plan.summary())
    try plan.checkWritable(replace: replace)
    guard plan.hasWork else {
      StandardStreams.out("Nothing to write: \(target) and \(plan.knownHosts.file) already hold all of it.")
      return
    }
    if !yes {
      switch TrustAPI.askOnTerminal("Write them? Type yes once the fingerprints match the nodes' consoles:") {
      case true?: break
      case false?: throw UserError.failure("not confirmed: nothing was written")
      case nil:
        throw UserError.failure(
          "nothing was written: no terminal to confirm on; compare the fingerprints, then run again with --yes")
      }
    }
    try plan.write()
    if (try? InventoryLocator.locate(nil)).flatMap({ $0 }).map(Paths.absolute) != Paths.absolute(target) {
      StandardStreams.out("The other commands find it with --inventory \(target) (or LIFELINE_INVENTORY=\(target)).")
    }
  }

  /// `$LIFELINE_INVENTORY`, else `$XDG_CONFIG_HOME/lifeline/inventory.yaml`: the first places
  /// the other commands look (docs/inventory.md).
  static var standardInventory: String {
    if let chosen = ProcessInfo.processInfo.environment["LIFELINE_INVENTORY"], !chosen.isEmpty { return chosen }
    return Paths.configDirectory + "/inventory.yaml"
  }
}
