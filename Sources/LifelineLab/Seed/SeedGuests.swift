/// The 35 guests of homelab-cluster and its 7 HA services, as the audit report lists them.
enum SeedGuests {
  struct Row {
    var vmid: Int
    var kind: Guest.Kind
    var name: String
    var nodeIndex: Int
    var running: Bool
    var cores: Int
    var memoryMiB: Int
    var diskGiB: Int
    var storage: String
    var tags: String?
  }

  /// HA services: SID, max_restart, max_relocate, comment.
  static let haServices: [(sid: String, maxRestart: Int, maxRelocate: Int, comment: String?)] = [
    ("ct:100", 2, 1, "InfluxDB"), ("ct:113", 3, 2, "PostgreSQL"), ("ct:116", 3, 2, nil),
    ("ct:122", 3, 2, "Zigbee2MQTT"), ("ct:130", 3, 2, "MQTT-prod"), ("ct:131", 2, 2, nil), ("ct:1250", 3, 2, nil),
  ]

  private static func ct(
    _ vmid: Int, _ name: String, _ node: Int, running: Bool = true, cores: Int = 2, memory: Int = 2048,
    disk: Int = 8, storage: String = "local-lvm", tags: String? = nil
  ) -> Row {
    Row(
      vmid: vmid, kind: .lxc, name: name, nodeIndex: node, running: running, cores: cores, memoryMiB: memory,
      diskGiB: disk, storage: storage, tags: tags)
  }

  private static func vm(
    _ vmid: Int, _ name: String, _ node: Int, running: Bool = true, cores: Int = 4, memory: Int = 4096,
    disk: Int = 32, storage: String = "local-lvm", tags: String? = nil
  ) -> Row {
    Row(
      vmid: vmid, kind: .qemu, name: name, nodeIndex: node, running: running, cores: cores, memoryMiB: memory,
      diskGiB: disk, storage: storage, tags: tags)
  }

  static let all: [Row] = [
    // proxmox: 16 guests, 4 of them HA (recovered to proxmox2 when it fails, as in the report).
    ct(100, "influxdb", 0, memory: 4096, disk: 32, storage: Seed.sharedStorage, tags: "ha;metrics"),
    ct(116, "nextcloud", 0, memory: 4096, disk: 64, storage: Seed.sharedStorage, tags: "ha"),
    ct(131, "nginx-proxy", 0, memory: 1024, disk: 8, storage: Seed.sharedStorage, tags: "ha"),
    ct(1250, "unifi", 0, memory: 2048, disk: 16, storage: Seed.sharedStorage, tags: "ha"),
    ct(101, "grafana", 0, memory: 1024, disk: 8, tags: "metrics"),
    ct(102, "cloudflared", 0, memory: 512, disk: 4),
    vm(103, "docker-host", 0, memory: 8192, disk: 64),
    vm(104, "home-assistant", 0, memory: 4096, disk: 32),
    ct(105, "pihole", 0, memory: 512, disk: 4),
    ct(106, "nginx-internal", 0, memory: 512, disk: 4),
    ct(107, "uptime-kuma", 0, memory: 1024, disk: 8),
    vm(108, "win11", 0, running: false, memory: 8192, disk: 96),
    ct(109, "paperless", 0, memory: 2048, disk: 32),
    ct(110, "vaultwarden", 0, memory: 512, disk: 8),
    ct(111, "jellyfin", 0, cores: 4, memory: 4096, disk: 32),
    ct(112, "syncthing", 0, memory: 1024, disk: 16),
    // proxmox2: 7 running containers and 2 stopped VMs.
    ct(114, "node-red", 1, memory: 1024, disk: 8, tags: "critical"),
    ct(115, "esphome", 1, memory: 1024, disk: 8),
    ct(117, "adguard", 1, memory: 512, disk: 4),
    ct(118, "gitea", 1, memory: 2048, disk: 32, tags: "dev"),
    ct(119, "wireguard", 1, memory: 512, disk: 4),
    ct(120, "homepage", 1, memory: 512, disk: 4),
    ct(121, "minio", 1, memory: 2048, disk: 64),
    vm(123, "k3s-worker1", 1, running: false, tags: "dev"),
    vm(124, "truenas-test", 1, running: false, memory: 8192, disk: 32, tags: "critical"),
    // proxmox3 (CRM master): 8 running containers, 3 of them HA, and 2 stopped VMs.
    ct(113, "postgresql", 2, memory: 4096, disk: 32, storage: Seed.sharedStorage, tags: "ha;db"),
    ct(122, "zigbee2mqtt", 2, memory: 1024, disk: 8, storage: Seed.sharedStorage, tags: "ha;iot"),
    ct(130, "mqtt-prod", 2, memory: 1024, disk: 8, storage: Seed.sharedStorage, tags: "ha;iot"),
    ct(125, "frigate", 2, cores: 4, memory: 4096, disk: 32, tags: "critical"),
    ct(126, "influx-relay", 2, memory: 512, disk: 4),
    ct(127, "loki", 2, memory: 2048, disk: 32, tags: "dev"),
    ct(128, "prometheus", 2, memory: 2048, disk: 32, tags: "dev"),
    ct(129, "dev-sandbox", 2, memory: 1024, disk: 16, tags: "dev"),
    vm(132, "opnsense-lab", 2, running: false, memory: 2048, disk: 16),
    vm(133, "ubuntu-template", 2, running: false, memory: 2048, disk: 32),
  ]

  static func haResources(guests: [Guest]) -> [HAResource] {
    haServices.map { service in
      let guest = guests.first { $0.haSID == service.sid }
      var keys = ["max_relocate", "max_restart", "state"]
      if service.comment != nil { keys.insert("comment", at: 0) }
      return HAResource(
        sid: service.sid, requestedState: "started", crmState: "started", node: guest?.node ?? Seed.nodeName(0),
        targetNode: nil, maxRestart: service.maxRestart, maxRelocate: service.maxRelocate,
        comment: service.comment, maintenanceHome: nil, explicitKeys: keys, uid: uid(for: service.sid),
        runningConfirmed: true)
    }
  }

  /// A stable 22-character id in the CRM's base64 alphabet.
  static func uid(for sid: String) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var value: UInt64 = 1_469_598_103_934_665_603
    for byte in sid.utf8 { value = (value ^ UInt64(byte)) &* 1_099_511_628_211 }
    return String(
      (0..<22).map { position in
        value = value &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 &+ UInt64(position)
        return alphabet[Int(value >> 58)]
      })
  }
}
