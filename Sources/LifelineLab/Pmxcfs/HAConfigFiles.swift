/// The HA files in /etc/pve: resources.cfg, manager_status and each node's lrm_status.
enum HAConfigFiles {
  /// resources.cfg in section-config form (`ct: 100`).
  static func resources(_ state: ClusterState) -> String {
    SectionConfig(
      sections: state.haResources.sorted { $0.sid < $1.sid }.map { resource in
        .init(type: resource.type, id: String(resource.vmid ?? 0), properties: configuredProperties(resource))
      }
    ).rendered()
  }

  /// Only explicitly configured properties, sorted, as `ha-manager config` lists them.
  static func configuredProperties(_ resource: HAResource) -> [(key: String, value: String)] {
    resource.explicitKeys.sorted().compactMap { key in
      switch key {
      case "comment": resource.comment.map { (key, $0) }
      case "max_relocate": (key, String(resource.maxRelocate))
      case "max_restart": (key, String(resource.maxRestart))
      case "state": (key, resource.requestedState)
      default: nil
      }
    }
  }

  /// The CRM's manager_status document (also `ha-manager status --verbose` and pvesh's manager_status).
  static func managerStatus(_ state: ClusterState, at time: Double) -> PerlJSON {
    var nodeStatus: [String: PerlJSON] = [:]
    for node in state.nodelist { nodeStatus[node.name] = .string(node.crmState) }
    var services: [String: PerlJSON] = [:]
    for resource in state.haResources {
      var fields: [String: PerlJSON] = [
        "node": .string(resource.node), "state": .string(resource.crmState), "uid": .string(resource.uid),
      ]
      if resource.crmState == "started" { fields["running"] = .int(1) }
      if let target = resource.targetNode { fields["target"] = .string(target) }
      if let home = resource.maintenanceHome { fields["maintenance_node"] = .string(home) }
      services[resource.sid] = .object(fields)
    }
    var status: [String: PerlJSON] = [
      "node_status": .object(nodeStatus), "service_status": .object(services), "timestamp": .int(Int64(time)),
    ]
    if let master = state.crmMaster { status["master_node"] = .string(master) }
    return .object(status)
  }

  static func lrmStatus(_ state: ClusterState, node: ClusterNode, at time: Double) -> PerlJSON {
    var results: [String: PerlJSON] = [:]
    for resource in state.haResources where resource.node == node.name && resource.crmState == "started" {
      results[resource.uid] = .object(["exit_code": .int(0), "sid": .string(resource.sid), "state": .string("started")])
    }
    let mode = node.lrmMode ?? (node.crmState == "maintenance" ? "maintenance" : "active")
    let lrmState = state.lrmHoldsWatchdog(node.name) ? "active" : "wait_for_agent_lock"
    return .object([
      "mode": .string(mode), "results": .object(results), "state": .string(lrmState),
      "timestamp": .int(Int64(node.lrmFrozenAt ?? time)),
    ])
  }
}
