import Foundation

/// A guest's configuration file below /etc/pve/nodes/NODE/{lxc,qemu-server}/.
enum GuestConfig {
  static func text(for guest: Guest) -> String {
    let mac = String(format: "BC:24:11:%02X:%02X:%02X", guest.vmid >> 8 & 0xff, guest.vmid & 0xff, guest.cores * 16)
    var lines: [String]
    switch guest.kind {
    case .lxc:
      lines = [
        "arch: amd64", "cores: \(guest.cores)", "features: nesting=1", "hostname: \(guest.name)",
        "memory: \(guest.memoryMiB)",
        "net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=\(mac),ip=dhcp,type=veth",
        "onboot: \(guest.onboot ? 1 : 0)", "ostype: debian",
        "rootfs: \(guest.storage):\(guest.storage == "local-lvm" ? "" : "\(guest.vmid)/")vm-\(guest.vmid)-disk-0\(guest.storage == "local-lvm" ? "" : ".raw"),size=\(guest.diskGiB)G",
        "swap: 512",
      ]
      if let tags = guest.tags { lines.append("tags: \(tags)") }
      lines.append("unprivileged: 1")
    case .qemu:
      lines = [
        "boot: order=scsi0;net0", "cores: \(guest.cores)", "cpu: x86-64-v2-AES", "memory: \(guest.memoryMiB)",
        "meta: creation-qemu=8.1.5,ctime=1704067200", "name: \(guest.name)",
        "net0: virtio=\(mac),bridge=vmbr0,firewall=1", "numa: 0", "onboot: \(guest.onboot ? 1 : 0)", "ostype: l26",
        "scsi0: \(guest.storage):vm-\(guest.vmid)-disk-0,iothread=1,size=\(guest.diskGiB)G",
        "scsihw: virtio-scsi-single",
        "smbios1: uuid=6f1c2a4e-\(String(format: "%04x", guest.vmid))-4b1e-9c3d-0242ac12\(String(format: "%04x", guest.vmid))",
        "sockets: 1",
      ]
      if let tags = guest.tags { lines.append("tags: \(tags)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
