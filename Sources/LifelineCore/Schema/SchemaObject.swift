/// A mapping with named fields in a JSON Schema: each field's shape and what it means, which
/// fields are required, and rules across fields.
struct SchemaObject: Sendable {
  var fields: [SchemaField]
  var required: [String]
  /// Further JSON Schema keywords (`oneOf`, `dependencies`, `if`/`then`…) for rules that
  /// span fields.
  var rules: [(String, JSONValue)]

  /// The fields named in `names` (the loader's list of allowed keys, in its order), each
  /// described by `table`. A name the table lacks gets no shape or description, which
  /// ``SchemaObject/undescribed`` reports, so a field added to the loader but not to the
  /// table fails the schema tests rather than going unnoticed.
  init(_ names: [String], from table: [SchemaField], required: [String] = [], rules: [(String, JSONValue)] = []) {
    let byName = Dictionary(table.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    self.fields = names.map { byName[$0] ?? SchemaField($0, nil, "") }
    self.required = required
    self.rules = rules
  }

  /// The names of fields without a shape or a description.
  var undescribed: [String] { fields.filter { $0.shape == nil || $0.description.isEmpty }.map(\.name) }

  var jsonSchema: JSONValue {
    var schema: [(String, JSONValue)] = [("type", "object")]
    schema.append(
      (
        "properties",
        .object(
          fields.map { field in
            var property = field.shape?.jsonSchema.objectValue ?? []
            property.insert(("description", .string(field.description)), at: 0)
            return (field.name, .object(property))
          })
      ))
    if !required.isEmpty { schema.append(("required", .array(required.map(JSONValue.string)))) }
    schema.append(("additionalProperties", false))
    return .object(schema + rules)
  }
}

/// One field of a ``SchemaObject``.
struct SchemaField: Sendable {
  var name: String
  var shape: SchemaShape?
  var description: String

  init(_ name: String, _ shape: SchemaShape?, _ description: String) {
    self.name = name
    self.shape = shape
    self.description = description
  }
}
