import Foundation
import Testing

extension LabSSHTests {
  @Test func aHealthyLabLooksLikeTheReportsClusterBeforeTheFailure() throws {
    try LabFixture.with { fixture in
      let status = try fixture.ssh("proxmox2", "pvecm status")
      #expect(status.status == 0)
      #expect(hasLine(status.stdout, #"^Name:\s+homelab-cluster$"#))
      #expect(hasLine(status.stdout, #"^Quorate:\s+Yes$"#))
      #expect(hasLine(status.stdout, #"^Expected votes:\s*3\s*$"#))
      #expect(hasLine(status.stdout, #"^Total votes:\s*3\s*$"#))
      #expect(status.stdout.contains("Quorum:           2  \n"))
      #expect(status.stdout.contains("Flags:            Quorate \n"))
      #expect(hasLine(status.stdout, #"^0x00000002\s+1 127\.\d+\.\d+\.2 \(local\)$"#))

      let ha = try fixture.run("proxmox3", "ha-manager status")
      #expect(ha.hasPrefix("quorum OK\nmaster proxmox3 (active, "))
      let services = ha.split(separator: "\n").filter { $0.hasPrefix("service ") }
      #expect(services.count == 7)
      #expect(hasLine(ha, #"^service ct:100 \(proxmox, started\)$"#))
      #expect(hasLine(ha, #"^service ct:113 \(proxmox3, started\)$"#))
      #expect(hasLine(ha, #"^lrm proxmox2 \(idle, \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\)$"#))

      let config = try fixture.run("proxmox", "ha-manager config")
      #expect(config.contains("ct:100\n\tcomment InfluxDB\n\tmax_relocate 1\n\tmax_restart 2\n\tstate started\n\n"))

      let clusterStatus =
        json(try fixture.run("proxmox2", "pvesh get /cluster/status --output-format json")) as? [[String: Any]]
      let cluster = clusterStatus?.first { $0["type"] as? String == "cluster" }
      #expect(
        cluster?["quorate"] as? Int == 1 && cluster?["nodes"] as? Int == 3
          && cluster?["name"] as? String == "homelab-cluster")
      #expect(clusterStatus?.filter { $0["type"] as? String == "node" && $0["online"] as? Int == 1 }.count == 3)

      let resources =
        json(try fixture.run("proxmox", "pvesh get /cluster/resources --type vm --output-format json"))
        as? [[String: Any]]
      #expect(resources?.count == 35)
      #expect(resources?.filter { $0["node"] as? String == "proxmox" }.count == 16)
      #expect(resources?.filter { $0["hastate"] != nil }.count == 7)

      let storage =
        json(try fixture.run("proxmox3", "pvesh get /nodes/proxmox3/storage --output-format json")) as? [[String: Any]]
      let nvme = storage?.first { $0["storage"] as? String == "TrueNas_NVMe" }
      #expect(abs((nvme?["used_fraction"] as? Double ?? 0) - 0.83) < 0.0001)
      let jbod = storage?.first { $0["storage"] as? String == "Truenas_jbod" }
      #expect(abs((jbod?["used_fraction"] as? Double ?? 0) - 0.18) < 0.0001)

      let current =
        json(try fixture.run("proxmox", "pvesh get /cluster/ha/status/current --output-format json"))
        as? [[String: Any]]
      #expect(current?.filter { $0["type"] as? String == "service" && $0["state"] as? String == "started" }.count == 7)
      let backups =
        json(try fixture.run("proxmox", "pvesh get /cluster/backup --output-format json")) as? [[String: Any]]
      #expect(backups?.count == 5)
      let pretty = try fixture.run("proxmox", "pvesh get /nodes/proxmox/status --output-format json-pretty")
      #expect(pretty.hasPrefix("{\n   \"boot-info\" : {\n"))

      let pvesm = try fixture.run("proxmox2", "pvesm status")
      #expect(hasLine(pvesm, #"^TrueNas_NVMe\s+nfs\s+active\s+\d+\s+\d+\s+\d+\s+83\.00%$"#))
      #expect(hasLine(pvesm, #"^Truenas_jbod\s+nfs\s+active\s+\d+\s+\d+\s+\d+\s+18\.00%$"#))

      let units = try fixture.ssh(
        "proxmox", "systemctl is-active pve-cluster corosync pve-ha-lrm pve-ha-crm watchdog-mux")
      #expect(units.stdout == String(repeating: "active\n", count: 5) && units.status == 0)
      #expect(try fixture.run("proxmox", "corosync-cfgtool -s").contains("\t\tnodeid:          3:\tconnected\n"))
      #expect(
        try fixture.run("proxmox", "grep -c '^source /etc/network/interfaces.d/\\*' /etc/network/interfaces") == "1\n")
      #expect(
        try fixture.run("proxmox", "grep ^WATCHDOG_MODULE /etc/default/pve-ha-manager") == "WATCHDOG_MODULE=iTCO_wdt\n")
      #expect(try fixture.run("proxmox", "lsmod").contains("\niTCO_wdt "))
      #expect(
        try fixture.run("proxmox", "ls /mnt/pve/TrueNas_NVMe/dump | grep -c '^vzdump-lxc-100-.*tar.zst$'") == "14\n")
      #expect(try fixture.run("proxmox", "pct list").contains("\n100        running                 influxdb"))
      #expect(try fixture.run("proxmox", "ls /etc/pve/nodes/proxmox/lxc").contains("1250.conf"))
      let ipmitool = try fixture.ssh("proxmox", "ipmitool mc watchdog get")
      #expect(ipmitool.status == 127)
      let unknown = try fixture.ssh("proxmox", "systemctl is-active no-such-unit")
      #expect(unknown.stdout == "inactive\n" && unknown.status == 3)
      let journal = try fixture.run("proxmox", "journalctl -b -u corosync --no-pager")
      #expect(journal.contains("[TOTEM ] A new membership ("))
    }
  }
}
