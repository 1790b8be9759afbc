import Foundation
import Testing

@testable import LifelineCore

/// The editor's JSON Schemas (schema/*.schema.json): generated from the loaders' field lists,
/// committed up to date, accepting every shipped runbook, and agreeing with the loader on a
/// corpus of broken runbooks and inventories.
@Suite struct SchemaTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "SchemaCorpus")

  static let schemas: [(file: String, document: JSONValue)] = [
    ("schema/runbook.schema.json", RunbookSchema.document),
    ("schema/inventory.schema.json", InventorySchema.document),
  ]

  /// Run with `RECORD_SCHEMA=1` (`make schema`) to write the files after changing a loader's
  /// fields or the schema definitions.
  @Test(arguments: schemas.map(\.file))
  func theCommittedSchemaIsUpToDate(_ file: String) throws {
    let generated = Self.schemas.first { $0.file == file }!.document.prettyPrinted() + "\n"
    let url = Self.repository.appendingPathComponent(file)
    if ProcessInfo.processInfo.environment["RECORD_SCHEMA"] == "1" {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(generated.utf8).write(to: url)
      return
    }
    let committed = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    #expect(committed == generated, "\(file) is stale: run `make schema` and commit it")
  }

  @Test func everyFieldTheLoadersAllowIsDescribed() {
    for (name, object) in RunbookSchema.objects + InventorySchema.objects {
      #expect(object.undescribed.isEmpty, "\(name): no shape or description for \(object.undescribed)")
    }
  }

  @Test func theSchemaNamesTheLoadersFields() throws {
    let step = try #require(RunbookSchema.document["definitions"]?["step"]?["properties"]?.objectValue)
    #expect(step.map(\.0) == RunbookLoader.stepFields)
    let node = try #require(InventorySchema.document["definitions"]?["node"]?["properties"]?.objectValue)
    #expect(node.map(\.0) == InventoryLoader.nodeFields)
  }

  @Test func everyShippedRunbookValidates() throws {
    let folder = Self.repository.appendingPathComponent("Runbooks")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
      .sorted()
    #expect(files.count >= 6)
    let documents = try files.map {
      try SchemaYAMLJSON.convert(
        String(decoding: try Data(contentsOf: folder.appendingPathComponent($0)), as: UTF8.self))
    }
    let errors = try SchemaValidator.errors(
      schema: Self.repository.appendingPathComponent("schema/runbook.schema.json").path, documents: documents)
    for (file, error) in zip(files, errors) {
      #expect(error == nil, "\(file): \(error ?? "")")
    }
  }

  /// Each corpus file is a runbook (`runbook-*.yaml`) or an inventory (`inventory-*.yaml`)
  /// with one mistake, or none (`*-valid*`): the schema rejects exactly the files the
  /// loader rejects.
  @Test func schemaAndLoaderAgreeOnTheCorpus() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".yaml") }
      .sorted()
    #expect(files.count >= 30)
    for kind in ["runbook", "inventory"] {
      let mine = files.filter { $0.hasPrefix(kind + "-") }
      let texts = try mine.map {
        String(decoding: try Data(contentsOf: Self.corpus.appendingPathComponent($0)), as: UTF8.self)
      }
      let schemaErrors = try SchemaValidator.errors(
        schema: Self.repository.appendingPathComponent("schema/\(kind).schema.json").path,
        documents: try texts.map(SchemaYAMLJSON.convert))
      for (index, file) in mine.enumerated() {
        let loaderErrors = Self.loaderErrors(kind: kind, text: texts[index], file: file)
        #expect(
          (schemaErrors[index] == nil) == loaderErrors.isEmpty,
          "\(file): schema says \(schemaErrors[index] ?? "valid"); loader says \(loaderErrors.isEmpty ? "valid" : loaderErrors.joined(separator: "; "))"
        )
        #expect(file.contains("-valid") == loaderErrors.isEmpty, "\(file): \(loaderErrors)")
      }
    }
  }

  static func loaderErrors(kind: String, text: String, file: String) -> [String] {
    if kind == "runbook" {
      return RunbookLoader.check(text: text, file: file).filter { $0.severity == .error }.map(\.description)
    }
    do {
      _ = try InventoryLoader.load(text: text, file: file)
      return []
    } catch {
      return error.diagnostics.filter { $0.severity == .error }.map(\.description)
    }
  }
}
