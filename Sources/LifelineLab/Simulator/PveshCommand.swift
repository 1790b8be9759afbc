/// `pvesh get PATH [--output-format json|json-pretty] [--type …]` for the API paths runbooks read.
enum PveshCommand {
  static func run(_ arguments: [String], state: inout ClusterState, context: SimulationContext) -> SimulationResult {
    let options = CommandLineOptions(arguments, valueless: ["noproxy", "human-readable", "noborder", "noheader"])
    guard options.positional.first == "get" else {
      return .failure("the lab simulates only 'pvesh get' (got '\(options.positional.first ?? "")')", status: 255)
    }
    guard options.positional.count >= 2 else {
      return .failure("400 not enough arguments\npvesh get <api_path> [OPTIONS]")
    }
    let path = "/" + options.positional[1].split(separator: "/").joined(separator: "/")
    let result: Result<PerlJSON, PveshError>
    do {
      result = .success(try value(for: path, options: options, state: state, context: context))
    } catch let error as PveshError {
      result = .failure(error)
    } catch {
      result = .failure(PveshError(message: "\(error)"))
    }
    switch result {
    case .failure(let error): return .failure(error.message)
    case .success(let json):
      switch options.options["output-format"] ?? "text" {
      case "json": return .output(json.compact() + "\n")
      default: return .output(json.pretty() + "\n")
      }
    }
  }

  struct PveshError: Error {
    var message: String
  }

  private static func value(
    for path: String, options: CommandLineOptions, state: ClusterState, context: SimulationContext
  )
    throws -> PerlJSON
  {
    let parts = path.split(separator: "/").map(String.init)
    let views = ClusterViews(state: state, context: context)
    switch parts {
    case ["cluster", "status"]: return views.clusterStatus()
    case ["cluster", "ha", "status", "current"]:
      return HAStatusView(state: state, viewer: context.nodeName, now: context.now).json
    case ["cluster", "ha", "status", "manager_status"]:
      return HAConfigFiles.managerStatus(state, at: context.now)
    case ["cluster", "ha", "resources"]: return views.haResources()
    case ["cluster", "resources"]: return views.resources(type: options.options["type"])
    case ["cluster", "backup"]: return views.backupJobs()
    case ["nodes"]: return views.nodes()
    case ["version"]:
      return .object(["release": .string("8.2"), "repoid": .string("faa83925"), "version": .string("8.2.4")])
    case let route where route.count == 3 && route[0] == "nodes" && ["status", "storage"].contains(route[2]):
      guard let target = state.node(route[1]), target.inNodelist else {
        throw PveshError(
          message:
            "hostname lookup '\(route[1])' failed - failed to get address info for: \(route[1]): Name or service not known"
        )
      }
      if target.name != context.nodeName,
        !(context.partition(in: state)?.members.contains(target.name) ?? false) || !target.isRunning
      {
        throw PveshError(
          message: "proxy handler failed: ssh: connect to host \(target.address) port 22: No route to host")
      }
      return route[2] == "status"
        ? views.nodeStatus(target) : views.nodeStorage(target, storage: options.options["storage"])
    default:
      throw PveshError(message: "No 'get' handler defined for '\(path)'")
    }
  }
}
