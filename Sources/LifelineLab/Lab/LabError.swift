/// Why a lab operation failed, in words for the operator.
public enum LabError: Error, CustomStringConvertible, Equatable {
  case cannotRun(String, String)
  case io(String)
  case notRunning(String)
  case unknownNode(String, known: [String])
  case invalid(String)
  case sshdFailed(node: String, log: String)
  case unsupported(String)

  public var description: String {
    switch self {
    case .cannotRun(let program, let reason): "cannot run \(program): \(reason)"
    case .io(let message): message
    case .notRunning(let directory): "no lab in \(directory) (start one with 'lifeline lab up')"
    case .unknownNode(let name, let known):
      "no node '\(name)' in this lab (nodes: \(known.joined(separator: ", ")), or 'all')"
    case .invalid(let message): message
    case .sshdFailed(let node, let log): "sshd for node \(node) did not start:\n\(log)"
    case .unsupported(let message): message
    }
  }
}
