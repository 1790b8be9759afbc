import Testing

@testable import LifelineLab

/// Exact output formats that do not need a running lab.
struct FormatTests {
  @Test func perlJSONSortsKeysAndPrettyPrintsLikePerl() {
    let value = PerlJSON.object(["b": .int(1), "a": .array([.string("x"), .double(0.5)]), "c": .object([:])])
    #expect(value.compact() == #"{"a":["x",0.5],"b":1,"c":{}}"#)
    #expect(value.pretty() == "{\n   \"a\" : [\n      \"x\",\n      0.5\n   ],\n   \"b\" : 1,\n   \"c\" : {}\n}")
    #expect(PerlJSON.double(0.127839185817183).compact() == "0.127839185817183")
  }

  @Test func theNetworkFaultRemovesOnlyTheSourceLine() {
    let broken = NetworkConfig.withoutSourceLine(NetworkConfig.interfaces())
    #expect(!NetworkConfig.hasSourceLine(broken))
    #expect(broken.contains("iface lo inet loopback"))
    #expect(NetworkConfig.hasSourceLine(NetworkConfig.withSourceLine(broken)))
    #expect(NetworkConfig.withSourceLine(NetworkConfig.interfaces()) == NetworkConfig.interfaces())
  }

  @Test func sectionConfigReadsWhatItWrites() {
    let text = StorageConfig.initialText()
    let parsed = SectionConfig(parsing: text)
    #expect(parsed.sections.map(\.id) == ["local", "local-lvm", "TrueNas_NVMe", "Truenas_jbod"])
    #expect(parsed.section("TrueNas_NVMe")?.value("prune-backups") == "keep-daily=7,keep-weekly=4,keep-monthly=3")
    #expect(parsed.rendered() == text)
  }

  @Test func watchdogModuleIsTheLastUncommentedSetting() {
    #expect(WatchdogConfig.module(in: WatchdogConfig.shipped) == nil)
    #expect(WatchdogConfig.shipped.utf8.count == 76 && !WatchdogConfig.shipped.hasSuffix("\n"))
    #expect(WatchdogConfig.module(in: WatchdogConfig.shipped + "WATCHDOG_MODULE=iTCO_wdt\n") == nil)
    #expect(WatchdogConfig.module(in: WatchdogConfig.configured) == "iTCO_wdt")
  }

  @Test func labAddressesStayOnLoopback() throws {
    #expect(try Lab.addresses(from: "127.77.0.1", count: 3) == ["127.77.0.1", "127.77.0.2", "127.77.0.3"])
    #expect(throws: LabError.self) { try Lab.addresses(from: "192.168.1.137", count: 3) }
    #expect(throws: LabError.self) { try Lab.addresses(from: "127.0.0.253", count: 3) }
  }

  @Test func theSeedMatchesTheReport() {
    let state = Seed.state(
      addresses: ["127.9.0.1", "127.9.0.2", "127.9.0.3"], timeScale: 1, now: 1_000_000, ipmi: false)
    #expect(state.guests.count == 35)
    #expect(
      state.haResources.map(\.sid).sorted() == ["ct:100", "ct:113", "ct:116", "ct:122", "ct:1250", "ct:130", "ct:131"])
    #expect(state.resource("ct:113").map { ($0.maxRestart, $0.maxRelocate) } ?? (0, 0) == (3, 2))
    #expect(state.resource("ct:100").map { ($0.maxRestart, $0.maxRelocate) } ?? (0, 0) == (2, 1))
    #expect(state.clusterName == "homelab-cluster" && state.crmMaster == "proxmox3")
  }
}
