import ArgumentParser
import Foundation
import LifelineCore
import LifelineSystem

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate runbook files and folders.",
    discussion: """
      Reports every mistake as FILE:LINE:COLUMN with what to do about it: unknown fields, missing \
      or duplicate ids, branches to no step, unreachable steps, invalid patterns, undefined \
      variables, bad durations. Exit status 0 when every runbook is valid, 2 when any is not.
      """
  )

  @Argument(
    help: "Runbook files or folders of runbooks (*.yaml, *.yml).", completion: .file(extensions: ["yaml", "yml"]))
  var paths: [String] = ["Runbooks"]

  func run() throws {
    var files: [String] = []
    for path in paths {
      if Paths.isDirectory(path) {
        let found = runbookFiles(in: path)
        if found.isEmpty { throw UserError("\(path): no runbooks (*.yaml, *.yml) in this folder") }
        files += found
      } else if Paths.exists(path) {
        files.append(path)
      } else {
        throw UserError("\(path): no such file or folder")
      }
    }
    var invalid = 0
    let style = Style.stdout
    for file in files {
      let diagnostics: [Diagnostic]
      do {
        diagnostics = RunbookLoader.check(text: try TextFile.read(file), file: file)
      } catch {
        diagnostics = [
          Diagnostic("the file is not UTF-8 text or cannot be read", at: SourceLocation(file: file, line: 1, column: 1))
        ]
      }
      let errors = diagnostics.filter { $0.severity == .error }
      if errors.isEmpty {
        StandardStreams.out("\(style.green("ok"))      \(file)")
      } else {
        invalid += 1
        StandardStreams.out("\(style.red("invalid")) \(file)")
      }
      for diagnostic in diagnostics { StandardStreams.out(SafeText.display(diagnostic.description)) }
    }
    StandardStreams.out("\(files.count) runbook\(files.count == 1 ? "" : "s") checked, \(invalid) invalid")
    if invalid > 0 { throw ExitStatus.invalid }
  }

  private func runbookFiles(in folder: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
    return enumerator.compactMap { $0 as? String }
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
      .sorted()
      .map { folder.hasSuffix("/") ? folder + $0 : folder + "/" + $0 }
  }
}
