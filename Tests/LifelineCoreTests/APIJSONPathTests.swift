import Testing

@testable import LifelineCore

@Suite struct APIJSONPathTests {
  let status = JSONValue.parse(APIFixture.clusterStatus)!

  @Test func filtersSelectEntriesByMemberValue() throws {
    #expect(try JSONPath("[type=cluster].quorate").select(in: status) == [.int(1)])
    #expect(try JSONPath("[type=node][name=pve3].online").select(in: status) == [.int(0)])
    #expect(try JSONPath("[type=node].name").select(in: status) == ["pve1", "pve2", "pve3"])
    #expect(try JSONPath("[type=node][online!=1].name").select(in: status) == ["pve3"])
  }

  @Test func indexesWildcardsAndKeys() throws {
    #expect(try JSONPath("[0].name").select(in: status) == ["lab"])
    #expect(try JSONPath("[-1].ip").select(in: status) == ["10.10.10.13"])
    #expect(try JSONPath("[*].nodeid").select(in: status) == [1, 2, 3])
    #expect(try JSONPath("[9].name").select(in: status).isEmpty)
    let object = JSONValue.parse(#"{"data":{"armed-state":"armed","list":[{"a":1},{"a":2}]}}"#)!
    #expect(try JSONPath("data.armed-state").select(in: object) == ["armed"])
    #expect(try JSONPath(".data.list[*].a").select(in: object) == [1, 2])
    #expect(try JSONPath("data[*]").select(in: object).count == 2)
    #expect(try JSONPath("").select(in: object) == [object])
  }

  @Test func filterValuesCompareAsTextAndMayBeQuoted() throws {
    let services = JSONValue.parse(#"[{"sid":"vm:100","n":"1"},{"sid":"a]b","n":1}]"#)!
    #expect(try JSONPath("[sid=vm:100].n").select(in: services) == ["1"])
    #expect(try JSONPath(#"[sid="a]b"].n"#).select(in: services) == [1])
    #expect(try JSONPath("[n=1].sid").select(in: services) == ["vm:100", "a]b"])
  }

  /// `/cluster/resources` leaves `hastate` out for guests HA does not manage.
  @Test func memberFiltersSelectByPresence() throws {
    let resources = JSONValue.parse(
      #"[{"id":"qemu/100","status":"running","hastate":"started"},{"id":"qemu/101","status":"running"},"#
        + #"{"id":"lxc/200","status":"stopped"},{"id":"node/pve1","status":"online","hastate":"online"},7]"#)!
    #expect(try JSONPath("[status=running][!hastate].id").select(in: resources) == ["qemu/101"])
    #expect(try JSONPath("[hastate].id").select(in: resources) == ["qemu/100", "node/pve1"])
    #expect(try JSONPath("[!hastate]").select(in: resources).count == 2)
    #expect(try JSONPath("[status=stopped][hastate]").select(in: resources).isEmpty)
  }

  @Test(arguments: [
    ("[type=cluster", 13, "expected ']'"),
    ("[type.x]", 5, "expected '=' or '!='"),
    ("[!type=1]", 6, "expected ']'"),
    ("[!]", 2, "expected a key name"),
    ("a..b", 2, "expected a key name"),
    ("a]", 1, "expected '.' or '['"),
    (#"[a="x]"#, 3, "no closing"),
  ])
  func syntaxErrorsSayWhere(path: String, offset: Int, message: String) {
    #expect {
      try JSONPath(path)
    } throws: { error in
      guard let error = error as? JSONPath.ParseError else { return false }
      return error.offset == offset && error.message.contains(message)
    }
  }

  @Test func valuesHaveATextForm() {
    #expect(JSONValue.string("pve1").text == "pve1")
    #expect(JSONValue.int(1).text == "1")
    #expect(JSONValue.bool(true).text == "true")
    #expect(JSONValue.null.text == "null")
    #expect(JSONValue.parse(#"{"a":[1]}"#)!.text == #"{"a":[1]}"#)
    #expect(JSONValue.double(1.0).matchesText("1"))
    #expect(JSONValue.int(1).matchesText("1.0"))
    #expect(!JSONValue.string("01").matchesText("1"))
  }
}
