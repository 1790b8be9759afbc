/// The HA state a node saw when it lost quorum, frozen in time as its replicated copy is.
struct HASnapshot: Codable, Sendable {
  struct Service: Codable, Sendable {
    var sid: String
    var node: String
    var state: String
  }

  var master: String?
  var takenAt: Double
  var lrmStates: [String: String]
  var services: [Service]
}
