/// The systemd state of one simulated unit, as `systemctl is-active` prints it.
enum UnitState: String, Codable, Sendable {
  case active
  case inactive
  case failed
}
