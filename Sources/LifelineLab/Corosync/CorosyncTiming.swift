/// corosync's totem timeouts. Proxmox VE sets none, so corosync's defaults apply (corosync.conf(5):
/// token 3000 ms, token_coefficient 650 ms per node above two, consensus 1.2 × token). A lab time
/// scale below 1 shortens token and coefficient by the same factor, but never below
/// ``minimumToken``: a shorter token makes a loaded machine lose memberships by itself.
struct CorosyncTiming: Sendable, Equatable {
  static let defaultToken = 3000
  static let defaultCoefficient = 650
  static let minimumToken = 1000

  let token: Int
  let coefficient: Int

  init(timeScale: Double) {
    let token = max(Self.minimumToken, min(Self.defaultToken, Int((Double(Self.defaultToken) * timeScale).rounded())))
    self.token = token
    coefficient = Self.defaultCoefficient * token / Self.defaultToken
  }

  var isDefault: Bool { token == Self.defaultToken }

  /// Lines for the totem section; none with Proxmox's defaults.
  var totemLines: [String] {
    isDefault ? [] : ["token: \(token)", "token_coefficient: \(coefficient)"]
  }

  /// The token timeout corosync uses for `nodes` nodes.
  func effectiveToken(nodes: Int) -> Int { token + max(0, nodes - 2) * coefficient }

  /// What `lab up` says about the timing.
  var explanation: String {
    isDefault
      ? "corosync token \(token) ms (Proxmox VE's default)"
      : "corosync token shortened to \(token) ms (Proxmox VE: \(Self.defaultToken) ms) by --time-scale"
  }
}
