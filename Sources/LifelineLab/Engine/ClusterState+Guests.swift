/// Guest configs are files in /etc/pve, and the node directory holding one is where the guest
/// belongs. The state follows what operators did to those files.
extension ClusterState {
  /// A config moved to another node's directory moves the guest there (stopped: only a guest of a
  /// dead node may be moved this way); a config removed everywhere removes the guest and its HA
  /// resource.
  /// - Parameter locations: where each guest's config is now (``PmxcfsWriter/guestConfigLocations``).
  mutating func adoptGuestConfigChanges(_ locations: [Int: String]) {
    guard !locations.isEmpty else { return }
    var removed: [String] = []
    for index in guests.indices.reversed() {
      let guest = guests[index]
      guard let location = locations[guest.vmid] else {
        removed.append(guest.haSID)
        guests.remove(at: index)
        continue
      }
      guard location != guest.node else { continue }
      guests[index].node = location
      guests[index].running = false
      guests[index].startOnQuorum = false
      if let resourceIndex = haResources.firstIndex(where: { $0.sid == guest.haSID }) {
        haResources[resourceIndex].node = location
        haResources[resourceIndex].targetNode = nil
      }
    }
    haResources.removeAll { removed.contains($0.sid) }
  }
}
