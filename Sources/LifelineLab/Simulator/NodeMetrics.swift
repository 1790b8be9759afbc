/// Plausible, stable resource figures for nodes and guests (CPU, memory, uptime).
enum NodeMetrics {
  static let memoryTotal: Int64 = 33_470_595_072
  static let cpuCount = 16
  static let rootfsTotal: Int64 = 100_861_726_720

  static func memoryUsed(_ node: ClusterNode, state: ClusterState) -> Int64 {
    let guests = state.guests.filter { $0.node == node.name && $0.running }.reduce(Int64(0)) { $0 + $1.memoryBytes / 3 }
    return 2_147_483_648 + guests
  }

  static func cpu(_ node: ClusterNode, state: ClusterState) -> Double {
    let running = state.guests.filter { $0.node == node.name && $0.running }.count
    return 0.0123 + Double(running) * 0.0031
  }

  static func guestCPU(_ guest: Guest) -> Double { Double(guest.vmid % 17) / 1000 + 0.001 }
  static func guestMemory(_ guest: Guest) -> Int64 { guest.memoryBytes * Int64(30 + guest.vmid % 40) / 100 }
}
