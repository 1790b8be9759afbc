import Yams

/// Reads the parts of runbooks that API steps brought: `api:` and `data:`, JSON checks and
/// JSON captures (docs/api.md).
extension YAMLDocument {
  static let jsonCheckConditions = ["equals", "matches", "exists", "count"]

  /// `api: METHOD /path`, with the step's `data` map.
  mutating func apiCall(_ node: Node, data: Node?) -> APICall? {
    guard let text = string(node, what: "'api'") else { return nil }
    let words = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    let example = "for example api: GET /cluster/status"
    guard words.count == 2 else {
      report("'api' needs a method and a path", at: node, hint: example)
      return nil
    }
    let word = String(words[0])
    guard let method = APIMethod(rawValue: word) else {
      let methods = APIMethod.allCases.map(\.rawValue)
      report(
        "'\(word)' is not an API method\(Suggestion.didYouMean(word.uppercased(), in: methods))", at: node,
        hint: "use \(methods.joined(separator: ", "))")
      return nil
    }
    let pathText = words[1].trimmingCharacters(in: .whitespaces)
    var location = location(of: node)
    if let style = node.scalar?.style, style == .singleQuoted || style == .doubleQuoted { location.column += 1 }
    location.column += text.distance(from: text.startIndex, to: words[1].startIndex)
    guard pathText.hasPrefix("/") else {
      report("the API path must start with '/'", at: location, hint: example)
      return nil
    }
    if pathText == APIAddress.apiRoot || pathText.hasPrefix(APIAddress.apiRoot + "/") {
      report(
        "write the path after \(APIAddress.apiRoot)", at: location,
        hint: "api: \(method.rawValue) \(pathText.dropFirst(APIAddress.apiRoot.count))")
      return nil
    }
    let (path, problems) = TemplateText.parse(pathText, at: location)
    diagnostics += problems
    for case .literal(let literal) in path.segments
    where literal.contains(where: { $0 == "?" || $0 == "#" || $0 == "%" || $0.isWhitespace }) {
      report(
        "the API path holds '?', '#', '%' or a space", at: location,
        hint: "give parameters in 'data'; values substituted with {{ }} are encoded by Lifeline")
      return nil
    }
    var parameters: [APIParameter] = []
    if let data { parameters = apiData(data) }
    return APICall(method: method, path: path, data: parameters)
  }

  /// `data: {name: value, …}`: each value is templated text.
  private mutating func apiData(_ node: Node) -> [APIParameter] {
    guard case .mapping(let mapping) = node else {
      report("'data' must map parameter names to values", at: node, hint: "data: {node: \"{{ target_node }}\"}")
      return []
    }
    var parameters: [APIParameter] = []
    for (keyNode, value) in mapping {
      guard let name = keyNode.scalar?.string, TemplateParser.isIdentifier(name) else {
        report("an API parameter name is one word of letters, digits, '-' and '_'", at: keyNode)
        continue
      }
      guard let template = template(value, what: "the value of '\(name)'") else { continue }
      parameters.append(APIParameter(name: name, value: template))
    }
    return parameters
  }

  /// `json: [{path: "…", equals: …}, …]`.
  mutating func jsonChecks(_ node: Node) -> [JSONCheck] {
    guard case .sequence(let sequence) = node else {
      report(
        "'json' must be a list of checks", at: node, hint: "json: [{path: \"[type=cluster].quorate\", equals: 1}]")
      return []
    }
    var checks: [JSONCheck] = []
    for item in sequence {
      if let check = jsonCheck(item) { checks.append(check) }
    }
    return checks
  }

  private mutating func jsonCheck(_ node: Node) -> JSONCheck? {
    guard let fields = mapping(node, what: "a JSON check", allowed: ["path"] + Self.jsonCheckConditions) else {
      return nil
    }
    let conditions = fields.filter { Self.jsonCheckConditions.contains($0.key) }
    guard let pathField = fields.first(where: { $0.key == "path" }), conditions.count == 1 else {
      report(
        "a JSON check needs a 'path' and one of \(Self.jsonCheckConditions.joined(separator: ", "))", at: node,
        hint: "{path: \"[type=cluster].quorate\", equals: 1}")
      return nil
    }
    guard let path = jsonPath(pathField.value, what: "'path'") else { return nil }
    let (key, _, value) = conditions[0]
    let condition: JSONCheck.Condition
    switch key {
    case "equals":
      guard let text = value.scalar?.string else {
        report("'equals' takes one value (text or a number)", at: value)
        return nil
      }
      condition = .equals(text)
    case "matches":
      guard let pattern = pattern(value, what: "'matches'") else { return nil }
      condition = .matches(pattern)
    case "exists":
      guard let exists = bool(value, what: "'exists'") else { return nil }
      condition = .exists(exists)
    default:
      guard let text = value.scalar?.string, let comparison = CountComparison(text) else {
        report("'count' takes a number, or an operator and a number such as \">= 2\"", at: value)
        return nil
      }
      condition = .count(comparison)
    }
    return JSONCheck(path: path, condition: condition, location: location(of: node))
  }

  /// A JSON path, with syntax errors reported at their column.
  mutating func jsonPath(_ node: Node, what: String) -> JSONPath? {
    guard let text = string(node, what: what) else { return nil }
    do {
      return try JSONPath(text)
    } catch {
      var location = location(of: node)
      if let style = node.scalar?.style, style == .singleQuoted || style == .doubleQuoted { location.column += 1 }
      location.column += error.offset
      report(
        "\(what) is not a JSON path: \(error.message)", at: location,
        hint:
          "steps are .key, [N], [*], [key=value], [key!=value], [key] and [!key], as in [type=node][name=pve1].online")
      return nil
    }
  }
}
