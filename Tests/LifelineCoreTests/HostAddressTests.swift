import Testing

@testable import LifelineCore

@Suite struct HostAddressTests {
  @Test(arguments: [
    ("pve1", "pve1"), ("pve1.example.org", "pve1.example.org"), ("PVE-1.lan.", "PVE-1.lan."),
    ("192.168.1.137", "192.168.1.137"), ("0.0.0.0", "0.0.0.0"), ("fd00::1", "fd00::1"), ("[fd00::1]", "fd00::1"),
    ("::1", "::1"), ("::", "::"), ("2001:db8:0:0:0:0:2:1", "2001:db8:0:0:0:0:2:1"),
    ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
    ("1a", "1a"),
  ])
  func addressesAreAccepted(text: String, address: String) {
    #expect((try? HostAddress.validate(text).get()) == address)
  }

  @Test(arguments: [
    "127.0.0.1;touch${IFS}x", "", "two words", "-oProxyCommand=x", "pve_1", "a..b", "-a.b", "a-.b",
    "256.1.1.1", "1.2.3", "1.2.3.4.5", "01234.1.1.1", "fd00:::1", "1::2::3", "[fd00::1", "fd00::1]", "[pve1]",
    "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "g::1", "é.example", "$(reboot)", "a`id`", "host\nname",
    String(repeating: "a", count: 64) + ".example",
  ])
  func anythingElseIsRefused(text: String) {
    #expect(throws: HostAddress.Invalid.self) { try HostAddress.validate(text).get() }
  }

  @Test func anInventoryHostThatIsNoAddressIsALocatedError() {
    let text = "cluster: c\nnodes:\n  pve1: {host: '127.0.0.1;touch${IFS}x'}\n"
    #expect {
      try InventoryLoader.load(text: text, file: "inv.yaml")
    } throws: { error in
      let diagnostics = (error as? DiagnosticList)?.diagnostics ?? []
      return diagnostics.map(\.description) == [
        "inv.yaml:3:16: error: 'host' must be a host name or an IP address: a host name is labels of letters, digits and '-' joined by '.' (RFC 1123)\n    hint: host: pve1.example.org, 192.168.1.137 or [fd00::1]"
      ]
    }
  }

  @Test func anIPv6HostInBracketsIsStoredBare() throws {
    let inventory = try InventoryLoader.load(
      text: "cluster: c\nnodes:\n  pve1: {host: '[fd00::1]'}\n", file: "inv.yaml")
    #expect(inventory.node(named: "pve1")?.host == "fd00::1")
  }

  @Test func settingsTheInventoryGivesAreKnownFromTheBuiltInOnes() throws {
    let inventory = try InventoryLoader.load(
      text:
        "cluster: c\ndefaults: {user: admin}\nnodes:\n  a: {host: a, port: 2222}\n  b: {host: b, ssh_config: none}\n",
      file: "inv.yaml")
    #expect(inventory.node(named: "a")?.givenInInventory == [.host, .port, .user])
    #expect(inventory.node(named: "a")?.sshConfig == "~/.ssh/config")
    #expect(inventory.node(named: "b")?.givenInInventory == [.host, .user])
    #expect(inventory.node(named: "b")?.sshConfig == nil)
  }
}
