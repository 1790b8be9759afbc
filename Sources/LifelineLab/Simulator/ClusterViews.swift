import Foundation

/// The API documents pvesh returns, as one node sees the cluster.
struct ClusterViews {
  let state: ClusterState
  let context: SimulationContext

  private var reachable: Set<String> { Set(context.partition(in: state)?.members ?? [context.nodeName]) }

  private func isReachable(_ node: ClusterNode) -> Bool {
    node.isRunning && (node.name == context.nodeName || reachable.contains(node.name))
  }

  func clusterStatus() -> PerlJSON {
    var entries: [PerlJSON] = [
      .object([
        "id": .string("cluster"), "name": .string(state.clusterName), "nodes": .int(state.nodelist.count),
        "quorate": .bool(context.isQuorate(in: state)), "type": .string("cluster"),
        "version": .int(state.configVersion),
      ])
    ]
    for node in state.nodelist {
      entries.append(
        .object([
          "id": .string("node/\(node.name)"), "ip": .string(node.address), "level": .string(""),
          "local": .bool(node.name == context.nodeName), "name": .string(node.name), "nodeid": .int(node.nodeID),
          "online": .bool(reachable.contains(node.name) && node.corosyncRunning), "type": .string("node"),
        ]))
    }
    return .array(entries)
  }

  func haResources() -> PerlJSON {
    .array(
      state.haResources.sorted { $0.sid < $1.sid }.map { resource in
        var fields: [String: PerlJSON] = [
          "sid": .string(resource.sid), "state": .string(resource.requestedState), "type": .string(resource.type),
          "digest": .string(String(SeedGuests.uid(for: resource.sid).prefix(16)).lowercased()),
          "max_restart": .int(resource.maxRestart), "max_relocate": .int(resource.maxRelocate),
        ]
        if let comment = resource.comment { fields["comment"] = .string(comment) }
        return .object(fields)
      })
  }

  func resources(type: String?) -> PerlJSON {
    var entries: [PerlJSON] = []
    let quorate = context.isQuorate(in: state)
    if type == nil || type == "vm" {
      for guest in state.guests.sorted(by: { $0.vmid < $1.vmid }) {
        entries.append(
          guestEntry(guest, hastate: quorate ? state.resource(guest.haSID).map(HAStatusView.displayState) : nil))
      }
    }
    if type == nil || type == "node" {
      for node in state.nodelist { entries.append(nodeEntry(node)) }
    }
    if type == nil || type == "storage" {
      for node in state.nodelist {
        for storage in state.storages where StorageConfig.isEnabled(storage.id, in: context.layout) {
          var fields: [String: PerlJSON] = [
            "id": .string("storage/\(node.name)/\(storage.id)"), "storage": .string(storage.id),
            "node": .string(node.name),
            "plugintype": .string(storage.type), "shared": .bool(storage.shared), "type": .string("storage"),
            "content": .string(StorageConfig.content(of: storage, in: context.layout).joined(separator: ",")),
            "status": .string(isReachable(node) ? "available" : "unknown"),
          ]
          if isReachable(node) {
            fields["disk"] = .int(StorageUsage.used(storage, layout: context.layout, node: node))
            fields["maxdisk"] = .int(storage.totalBytes)
          }
          entries.append(.object(fields))
        }
      }
    }
    return .array(entries)
  }

  private func guestEntry(_ guest: Guest, hastate: String?) -> PerlJSON {
    var fields: [String: PerlJSON] = [
      "id": .string("\(guest.kind.rawValue)/\(guest.vmid)"), "vmid": .int(guest.vmid), "name": .string(guest.name),
      "node": .string(guest.node), "type": .string(guest.kind.rawValue),
    ]
    if let hastate { fields["hastate"] = .string(hastate) }
    guard let host = state.node(guest.node), isReachable(host) else {
      fields["status"] = .string("unknown")
      return .object(fields)
    }
    let uptime = guest.running ? Int64(max(0, context.now - (guest.startedAt ?? context.now))) : 0
    fields["status"] = .string(guest.running ? "running" : "stopped")
    fields["uptime"] = .int(uptime)
    fields["cpu"] = .double(guest.running ? NodeMetrics.guestCPU(guest) : 0)
    fields["maxcpu"] = .int(guest.cores)
    fields["mem"] = .int(guest.running ? NodeMetrics.guestMemory(guest) : 0)
    fields["maxmem"] = .int(guest.memoryBytes)
    fields["disk"] = .int(guest.kind == .lxc ? guest.diskBytes / 4 : 0)
    fields["maxdisk"] = .int(guest.diskBytes)
    fields["netin"] = .int(uptime * 12_345)
    fields["netout"] = .int(uptime * 6789)
    fields["diskread"] = .int(uptime * 4567)
    fields["diskwrite"] = .int(uptime * 2345)
    fields["template"] = .int(0)
    if let tags = guest.tags { fields["tags"] = .string(tags) }
    return .object(fields)
  }

  private func nodeEntry(_ node: ClusterNode) -> PerlJSON {
    var fields: [String: PerlJSON] = [
      "id": .string("node/\(node.name)"), "node": .string(node.name), "type": .string("node"), "level": .string(""),
      "cgroup-mode": .int(2), "maxcpu": .int(NodeMetrics.cpuCount), "maxmem": .int(NodeMetrics.memoryTotal),
      "maxdisk": .int(NodeMetrics.rootfsTotal),
      "status": .string(
        isReachable(node) && node.corosyncRunning || node.name == context.nodeName ? "online" : "offline"),
    ]
    if context.isQuorate(in: state), !state.haResources.isEmpty { fields["hastate"] = .string(node.crmState) }
    if isReachable(node) {
      fields["uptime"] = .int(Int64(context.now - node.bootedAt))
      fields["cpu"] = .double(NodeMetrics.cpu(node, state: state))
      fields["mem"] = .int(NodeMetrics.memoryUsed(node, state: state))
      fields["disk"] = .int(12_894_081_024 + Int64(node.nodeID) * 1_000_000_000)
    }
    return .object(fields)
  }

  func nodes() -> PerlJSON {
    .array(
      state.nodelist.map { node in
        var fields: [String: PerlJSON] = [
          "id": .string("node/\(node.name)"), "node": .string(node.name), "type": .string("node"), "level": .string(""),
          "maxcpu": .int(NodeMetrics.cpuCount), "maxmem": .int(NodeMetrics.memoryTotal),
          "maxdisk": .int(NodeMetrics.rootfsTotal),
          "status": .string(
            isReachable(node) && (node.corosyncRunning || node.name == context.nodeName) ? "online" : "offline"),
          "ssl_fingerprint": .string(fingerprint(node.name)),
        ]
        if isReachable(node) {
          fields["uptime"] = .int(Int64(context.now - node.bootedAt))
          fields["cpu"] = .double(NodeMetrics.cpu(node, state: state))
          fields["mem"] = .int(NodeMetrics.memoryUsed(node, state: state))
          fields["disk"] = .int(12_894_081_024 + Int64(node.nodeID) * 1_000_000_000)
        }
        return .object(fields)
      })
  }

  private func fingerprint(_ seed: String) -> String {
    let bytes = (0..<32).map { index in
      String(format: "%02X", (seed.utf8.reduce(index * 37) { ($0 * 31 + Int($1)) % 251 }) & 0xff)
    }
    return bytes.joined(separator: ":")
  }

  func nodeStatus(_ node: ClusterNode) -> PerlJSON {
    let used = NodeMetrics.memoryUsed(node, state: state)
    let rootUsed: Int64 = 12_894_081_024 + Int64(node.nodeID) * 1_000_000_000
    return .object([
      "uptime": .int(Int64(context.now - node.bootedAt)), "cpu": .double(NodeMetrics.cpu(node, state: state)),
      "idle": .int(0), "wait": .double(0.0011), "loadavg": .array([.string("0.81"), .string("0.75"), .string("0.70")]),
      "memory": .object([
        "total": .int(NodeMetrics.memoryTotal), "used": .int(used), "free": .int(NodeMetrics.memoryTotal - used),
      ]),
      "swap": .object(["total": .int(8_589_930_496), "used": .int(0), "free": .int(8_589_930_496)]),
      "rootfs": .object([
        "total": .int(NodeMetrics.rootfsTotal), "used": .int(rootUsed),
        "avail": .int(NodeMetrics.rootfsTotal - rootUsed),
        "free": .int(NodeMetrics.rootfsTotal - rootUsed),
      ]),
      "cpuinfo": .object([
        "cpus": .int(NodeMetrics.cpuCount), "cores": .int(8), "sockets": .int(1), "hvm": .string("1"),
        "mhz": .string("2900.000"), "model": .string("Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz"), "user_hz": .int(100),
        "flags": .string(
          "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc vmx aes avx avx2"
        ),
      ]),
      "current-kernel": .object([
        "machine": .string("x86_64"), "release": .string("6.8.12-4-pve"), "sysname": .string("Linux"),
        "version": .string("#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)"),
      ]),
      "kversion": .string("Linux 6.8.12-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)"),
      "pveversion": .string("pve-manager/8.2.4/faa83925c9641325"),
      "boot-info": .object(["mode": .string("efi"), "secureboot": .int(0)]),
      "ksm": .object(["shared": .int(0)]),
    ])
  }

  func nodeStorage(_ node: ClusterNode, storage only: String?) -> PerlJSON {
    .array(
      state.storages.filter { only == nil || $0.id == only }.filter {
        StorageConfig.isEnabled($0.id, in: context.layout)
      }
      .map { storage in
        let used = StorageUsage.used(storage, layout: context.layout, node: node)
        return .object([
          "storage": .string(storage.id), "type": .string(storage.type),
          "content": .string(StorageConfig.content(of: storage, in: context.layout).joined(separator: ",")),
          "shared": .bool(storage.shared), "enabled": .int(1), "active": .int(1), "total": .int(storage.totalBytes),
          "used": .int(used), "avail": .int(storage.totalBytes - used),
          "used_fraction": .double(Double(used) / Double(storage.totalBytes)),
        ])
      })
  }

  func backupJobs() -> PerlJSON {
    let jobs = SectionConfig(parsing: context.files.read("/etc/pve/jobs.cfg") ?? "")
    return .array(
      jobs.sections.filter { $0.type == "vzdump" }.map { section in
        var fields: [String: PerlJSON] = ["id": .string(section.id), "type": .string("vzdump")]
        for (key, value) in section.properties {
          if key == "prune-backups", let policy = RetentionPolicy(propertyValue: value) {
            var keep: [String: PerlJSON] = [:]
            for (option, count) in policy.counts { keep[option] = .string(String(count)) }
            fields[key] = .object(keep)
          } else if ["enabled", "all"].contains(key), let number = Int(value) {
            fields[key] = .int(number)
          } else {
            fields[key] = .string(value)
          }
        }
        if fields["enabled"] == nil { fields["enabled"] = .int(1) }
        if let schedule = section.value("schedule"), let next = BackupSchedule.nextRun(schedule, after: context.now) {
          fields["next-run"] = .int(Int64(next))
        }
        return .object(fields)
      })
  }
}
