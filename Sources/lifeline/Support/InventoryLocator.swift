import Foundation
import LifelineCore
import LifelineSystem

/// Finds the inventory: `--inventory FILE`, then `$LIFELINE_INVENTORY`, then
/// `$XDG_CONFIG_HOME/lifeline/inventory.yaml`, then `./inventory.yaml`.
enum InventoryLocator {
  static var searchOrder: [String] {
    var paths: [String] = []
    if let fromEnvironment = ProcessInfo.processInfo.environment["LIFELINE_INVENTORY"] { paths.append(fromEnvironment) }
    paths.append(Paths.configDirectory + "/inventory.yaml")
    paths.append("inventory.yaml")
    return paths
  }

  /// The inventory file to use, or nil when none exists.
  static func locate(_ explicit: String?) throws(UserError) -> String? {
    if let explicit {
      guard Paths.exists(explicit) else { throw UserError("\(explicit): no such inventory file") }
      return explicit
    }
    return searchOrder.first(where: Paths.exists)
  }

  static func load(_ explicit: String?) throws(UserError) -> Inventory {
    guard let file = try locate(explicit) else {
      throw UserError(
        "no inventory: pass --inventory FILE, or create one of: \(searchOrder.joined(separator: ", ")) (see docs/inventory.md)"
      )
    }
    let text: String
    do {
      text = try TextFile.read(file)
    } catch {
      throw UserError(error.description)
    }
    do {
      let inventory = try InventoryLoader.load(text: text, file: file)
      for warning in CredentialPermissions.warnings(for: credentialFiles(of: inventory)) {
        StandardStreams.write(warning + "\n", to: STDERR_FILENO)
      }
      return inventory
    } catch {
      throw UserError("\(file) is not a valid inventory:\n" + error.description)
    }
  }

  /// The private keys and token files an inventory points to.
  static func credentialFiles(of inventory: Inventory) -> [(path: String, what: String)] {
    var files = inventory.nodes.map { (path: $0.identity, what: "the private key of \($0.name)") }
    if case .file(let path) = inventory.api?.tokenSecret { files.append((path, "the API token file")) }
    return files
  }
}
