import Testing

@testable import LifelineCore

/// The nodelist `lifeline init` takes the inventory's nodes from, read from corosync.conf files
/// as `pvecm create` / `pvecm add` write them.
@Suite struct CorosyncNodelistTests {
  /// A three-node cluster with a second link, as pvecm writes it after `pvecm add --link1`.
  static let twoLinks = """
    logging {
      debug: off
      to_syslog: yes
    }

    nodelist {
      node {
        name: pve-a
        nodeid: 1
        quorum_votes: 1
        ring0_addr: 10.10.10.1
        ring1_addr: 10.20.20.1
      }
      node {
        name: pve-b
        nodeid: 2
        quorum_votes: 1
        ring0_addr: 10.10.10.2
        ring1_addr: 10.20.20.2
      }
      node {
        name: pve-c
        nodeid: 3
        quorum_votes: 2
        ring0_addr: 10.10.10.3
        ring1_addr: 10.20.20.3
      }
    }

    quorum {
      provider: corosync_votequorum
    }

    totem {
      cluster_name: rack-one
      config_version: 5
      interface {
        linknumber: 0
      }
      interface {
        linknumber: 1
      }
      ip_version: ipv4-6
      link_mode: passive
      secauth: on
      version: 2
    }

    """

  @Test func readsEachNodesNameIDAndFirstLinkAddress() throws {
    let nodelist = try CorosyncNodelist.parse(Self.twoLinks)
    #expect(nodelist.clusterName == "rack-one")
    #expect(nodelist.nodes.map(\.name) == ["pve-a", "pve-b", "pve-c"])
    #expect(nodelist.nodes.map(\.nodeID) == [1, 2, 3])
    #expect(nodelist.nodes.map(\.address) == ["10.10.10.1", "10.10.10.2", "10.10.10.3"], "ring0_addr, not ring1_addr")
  }

  @Test func readsTabsCommentsIPv6AddressesAndNodesWithoutAName() throws {
    let text = """
      # edited by hand
      totem {
      \tversion: 2
      \tcluster_name: v6lab
      \tinterface {
      \t\tlinknumber: 0
      \t}
      }
      nodelist {
      \t# the old node, named by its address as corosync 2 configs did
      \tnode {
      \t\tring0_addr: old-node.lan
      \t\tnodeid: 7
      \t}
      \tnode{
      \t\tname: new
      \t\tring0_addr: fd00:10::2
      \t}
      }
      """
    let nodelist = try CorosyncNodelist.parse(text)
    #expect(nodelist.clusterName == "v6lab")
    #expect(nodelist.nodes.map(\.name) == ["old-node.lan", "new"])
    #expect(nodelist.nodes.map(\.address) == ["old-node.lan", "fd00:10::2"])
    #expect(nodelist.nodes.map(\.nodeID) == [7, nil])
  }

  @Test(arguments: [
    ("nodelist {\n  node {\n    name: a\n    ring0_addr: 10.0.0.1\n  }\n", "line 5: section 'nodelist' is not closed"),
    ("nodelist {\n  node {\n    name: a\n  }\n}\n", "line 2: this node has no ring0_addr"),
    ("}\n", "line 1: '}' closes no section"),
    ("totem {\n  cluster_name: x\n}\n", "line 1: no 'node { }' in a 'nodelist { }' section"),
    (
      "nodelist {\n  node {\n    ring0_addr 10.0.0.1\n  }\n}\n",
      "line 3: 'ring0_addr 10.0.0.1' is neither 'key: value', a section nor '}'"
    ),
    (
      "nodelist {\n  node {\n    nodeid: one\n    ring0_addr: 10.0.0.1\n  }\n}\n",
      "line 2: nodeid 'one' is not a number"
    ),
  ])
  func reportsWhatIsWrongAndWhere(_ text: String, _ message: String) {
    #expect(throws: CorosyncNodelist.ParseError.self) { try CorosyncNodelist.parse(text) }
    do {
      _ = try CorosyncNodelist.parse(text)
    } catch {
      #expect(error.description == message)
    }
  }
}
