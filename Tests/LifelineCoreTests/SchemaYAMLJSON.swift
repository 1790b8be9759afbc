import Foundation
import Yams

@testable import LifelineCore

/// A YAML document as the JSON an editor's YAML language server validates against a schema:
/// YAML 1.2's core schema, so `on:` and `yes` stay text (YAML 1.1 would read them as
/// booleans), `true`/`false` are booleans, `~` and empty values are null, and unquoted
/// numbers are numbers.
enum SchemaYAMLJSON {
  static func convert(_ text: String) throws -> JSONValue {
    guard let node = try Yams.compose(yaml: text) else { return .null }
    return convert(node)
  }

  static func convert(_ node: Node) -> JSONValue {
    switch node {
    case .mapping(let mapping):
      return .object(mapping.map { key, value in (key.string ?? "", convert(value)) })
    case .sequence(let sequence):
      return .array(sequence.map(convert))
    case .scalar(let scalar):
      guard scalar.style == .plain else { return .string(scalar.string) }
      return resolvePlain(scalar.string)
    case .alias:
      return .null
    }
  }

  /// YAML 1.2 core schema resolution of a plain scalar.
  static func resolvePlain(_ text: String) -> JSONValue {
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    default: break
    }
    if text.range(of: #"^[-+]?[0-9]+$"#, options: .regularExpression) != nil, let value = Int64(text) {
      return .int(value)
    }
    if text.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil,
      let value = Double(text)
    {
      return .double(value)
    }
    return .string(text)
  }
}

/// Validates JSON documents against a JSON Schema with Python's `jsonschema` (Debian's
/// python3-jsonschema, installed by `make deps`): an implementation that is not ours, so the
/// schema is checked as editors will read it.
enum SchemaValidator {
  /// For each document, the first error, or nil when it is valid.
  static func errors(schema: String, documents: [JSONValue]) throws -> [String?] {
    let script = """
      import json, sys
      import jsonschema
      request = json.load(sys.stdin)
      schema = json.load(open(request["schema"]))
      jsonschema.Draft7Validator.check_schema(schema)
      validator = jsonschema.Draft7Validator(schema)
      answers = []
      for document in request["documents"]:
          error = next(iter(sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))), None)
          answers.append(None if error is None else "/".join(map(str, error.absolute_path)) + ": " + error.message)
      json.dump(answers, sys.stdout)
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", script]
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let request = JSONValue.object([("schema", .string(schema)), ("documents", .array(documents))])
    input.fileHandleForWriting.write(Data(request.serialized().utf8))
    try input.fileHandleForWriting.close()
    let answer = output.fileHandleForReading.readDataToEndOfFile()
    let problem = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let parsed = JSONValue.parse(String(decoding: answer, as: UTF8.self)),
      let list = parsed.arrayValue
    else {
      throw SchemaValidatorError(
        "python3 -c … (jsonschema) failed with status \(process.terminationStatus): "
          + String(decoding: problem, as: UTF8.self) + " (make deps installs python3-jsonschema)")
    }
    return list.map(\.stringValue)
  }
}

struct SchemaValidatorError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
