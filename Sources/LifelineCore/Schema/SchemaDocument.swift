/// A whole JSON Schema file: the draft it follows, its id, the root object and the shapes
/// defined once and referred to by name.
struct SchemaDocument {
  /// Draft 7: what the YAML language server (VS Code, Neovim, Helix…) validates with.
  static let draft = "http://json-schema.org/draft-07/schema#"

  var id: String
  var title: String
  var description: String
  var root: SchemaObject
  var definitions: [(String, SchemaObject)]

  var json: JSONValue {
    let rootSchema = root.jsonSchema.objectValue ?? []
    var schema: [(String, JSONValue)] = [
      ("$schema", .string(Self.draft)), ("$id", .string(id)), ("title", .string(title)),
      ("description", .string(description)),
    ]
    schema += rootSchema
    if !definitions.isEmpty {
      schema.append(("definitions", .object(definitions.map { ($0.0, $0.1.jsonSchema) })))
    }
    return .object(schema)
  }
}

extension JSONValue {
  /// Indented JSON with one member or element per line, as committed schema files are written.
  func prettyPrinted(indent: String = "") -> String {
    let inner = indent + "  "
    switch self {
    case .array(let values) where !values.isEmpty:
      if values.allSatisfy({ $0.arrayValue == nil && $0.objectValue == nil }) {
        return "[" + values.map { $0.serialized() }.joined(separator: ", ") + "]"
      }
      return "[\n" + values.map { inner + $0.prettyPrinted(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
    case .object(let pairs) where !pairs.isEmpty:
      let members = pairs.map { key, value in
        inner + JSONValue.string(key).serialized() + ": " + value.prettyPrinted(indent: inner)
      }
      return "{\n" + members.joined(separator: ",\n") + "\n\(indent)}"
    default:
      return serialized()
    }
  }
}
