/// What a field of a runbook or an inventory holds, as its JSON Schema (schema/*.schema.json)
/// tells an editor.
///
/// The loader reads every YAML scalar as text, so a field of text also accepts what YAML
/// would type as a number or a boolean (`title: 2026`), and numbers and booleans also accept
/// their text (`port: "22"`, `secret: yes`): the schema takes what the loader takes.
indirect enum SchemaShape: Sendable {
  /// Any scalar.
  case text
  /// Text matching an ECMAScript regular expression (what JSON Schema's `pattern` speaks).
  case matching(String)
  /// One of these words.
  case oneOf([String])
  /// `true`, `false`, `yes` or `no`.
  case boolean
  /// A whole number in the range.
  case integer(ClosedRange<Int>)
  /// `500ms`, `30s`, `5m`, `1h` or a sum such as `1m30s` (``DurationText``).
  case duration
  /// A list with at least `minimum` items.
  case list(SchemaShape, minimum: Int)
  /// A mapping from keys matching `keys` (any key when nil) to values of one shape.
  case map(keys: String?, values: SchemaShape)
  /// A mapping with named fields.
  case object(SchemaObject)
  /// Either of several shapes.
  case either([SchemaShape])
  /// A shape defined once under `definitions`, by name.
  case definition(String)

  /// One word of letters, digits, '-' and '_', starting with a letter or '_'
  /// (``TemplateParser/isIdentifier(_:)``, for ASCII).
  static let identifier = "^[A-Za-z_][A-Za-z0-9_-]*$"

  var jsonSchema: JSONValue {
    switch self {
    case .text:
      return .object([("type", .array(["string", "number", "boolean", "null"]))])
    case .matching(let pattern):
      return .object([("type", "string"), ("pattern", .string(pattern))])
    case .oneOf(let words):
      return .object([("enum", .array(words.map(JSONValue.string)))])
    case .boolean:
      return .object([
        ("type", .array(["boolean", "string"])),
        ("pattern", "^([Tt]rue|TRUE|[Ff]alse|FALSE|[Yy]es|YES|[Nn]o|NO)$"),
      ])
    case .integer(let range):
      return .object([
        (
          "anyOf",
          .array([
            .object([
              ("type", "integer"), ("minimum", .int(Int64(range.lowerBound))),
              ("maximum", .int(Int64(range.upperBound))),
            ]),
            .object([("type", "string"), ("pattern", "^[0-9]+$")]),
          ])
        )
      ])
    case .duration:
      return .object([("type", "string"), ("pattern", "^ *([0-9]+(ms|s|m|h))+ *$")])
    case .list(let items, let minimum):
      var schema: [(String, JSONValue)] = [("type", "array"), ("items", items.jsonSchema)]
      if minimum > 0 { schema.append(("minItems", .int(Int64(minimum)))) }
      return .object(schema)
    case .map(let keys, let values):
      var schema: [(String, JSONValue)] = [("type", "object")]
      if let keys { schema.append(("propertyNames", .object([("pattern", .string(keys))]))) }
      schema.append(("additionalProperties", values.jsonSchema))
      return .object(schema)
    case .object(let object):
      return object.jsonSchema
    case .either(let shapes):
      return .object([("anyOf", .array(shapes.map(\.jsonSchema)))])
    case .definition(let name):
      return .object([("$ref", .string("#/definitions/\(name)"))])
    }
  }
}
