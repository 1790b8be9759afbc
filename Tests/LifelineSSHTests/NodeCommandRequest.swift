import LifelineCore

extension CommandRequest {
  /// `command` on the node named `node`, with a generous default timeout.
  static func on(_ node: String, _ command: String, timeout: Duration = .seconds(30)) -> CommandRequest {
    CommandRequest(command: command, target: .node(node), timeout: timeout)
  }
}
