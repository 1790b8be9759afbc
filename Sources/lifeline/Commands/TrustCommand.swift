import ArgumentParser
import Foundation
import LifelineCore
import LifelineSSH
import LifelineSystem

struct TrustCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trust",
    abstract: "Record a node's SSH host key after you compare its fingerprint.",
    discussion: """
      Connects without logging in, shows the key the node offers and its SHA256 fingerprint, and \
      records it in the node's known_hosts once you confirm it matches the key on the node's own \
      console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). A key that differs from the one \
      already recorded is never replaced: remove the old entry first if the node was reinstalled. \
      The same holds for an API certificate fingerprint (--api): a changed one is replaced only \
      with --replace, never by --yes alone.
      """
  )

  @Argument(
    help:
      "The node, as the inventory names it (with --api: a node, an https://HOST:PORT address, or none for the inventory's api.url)."
  )
  var node: String?

  @Flag(help: "Trust the certificate of a Proxmox VE API server instead of an SSH host key.")
  var api = false

  @Option(
    help: ArgumentHelp(
      "With --api: the fingerprint read on the node (pvenode cert info); recorded only if it matches.",
      valueName: "AB:CD:…"))
  var fingerprint: String?

  @Flag(
    help: "With --api: replace a recorded fingerprint that differs (the node's certificate was reissued).")
  var replace = false

  @OptionGroup var locations: SessionLocations

  @Flag(help: "Record the key without asking (you compared the fingerprint another way).")
  var yes = false

  func validate() throws {
    if !api, node == nil { throw ValidationError("name the node whose host key to trust, or pass --api") }
    if !api, fingerprint != nil { throw ValidationError("--fingerprint goes with --api") }
    if !api, replace {
      throw ValidationError(
        "--replace goes with --api; a changed SSH host key is removed first: ssh-keygen -R HOST -f KNOWN_HOSTS")
    }
  }

  func run() async throws {
    if api {
      let inventory: Inventory? = try? InventoryLocator.load(locations.inventory)
      var trustAPI = TrustAPI(inventory: inventory, expectedFingerprint: fingerprint, replacesChanged: replace)
      if yes { trustAPI.ask = { _ in true } }
      throw try await trustAPI.run(node)
    }
    try await trust(node!)
  }

  private func trust(_ node: String) async throws {
    let inventory = try InventoryLocator.load(locations.inventory)
    guard let entry = inventory.node(named: node) else {
      throw UserError(
        "unknown node '\(node)'\(Suggestion.didYouMean(node, in: inventory.nodeNames)): the inventory has \(inventory.nodeNames.joined(separator: ", "))"
      )
    }
    let scan = try await HostKeyConfirmation.scan(entry, label: node)
    guard try HostKeyConfirmation(assumeYes: yes, action: "record it").confirm(scan, label: node) else {
      StandardStreams.out("Nothing to do.")
      return
    }
    do {
      try HostKeyTrust.record(scan)
    } catch {
      throw UserError(error.description, exitCode: ExitStatus.failure)
    }
    StandardStreams.out("Recorded \(scan.knownHostsName) in \(scan.knownHostsFile).")
  }
}
