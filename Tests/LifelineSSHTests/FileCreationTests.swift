import Foundation
import LifelineSystem
import Testing

@testable import LifelineLineEditor

/// Files Lifeline creates are created exclusively and never through a symbolic link another
/// user planted; folders every user may write to are not used for records.
@Suite struct FileCreationTests {
  /// A private temporary folder with a victim file that a planted link points to.
  struct Workspace {
    let folder: String
    let victim: String

    init() throws {
      var template = Array("/tmp/lifeline-files.XXXXXX".utf8CString)
      guard let created = mkdtemp(&template) else { throw FileError("mkdtemp failed") }
      folder = String(cString: created)
      victim = folder + "/victim"
      try Data("precious\n".utf8).write(to: URL(fileURLWithPath: victim))
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    var victimText: String { (try? String(contentsOfFile: victim, encoding: .utf8)) ?? "" }
  }

  @Test func exclusiveCreationRefusesAPlantedLink() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = workspace.folder + "/new"
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: workspace.victim)
    #expect(Paths.createExclusively(path) == -1)
    #expect(errno == EEXIST)
    #expect(workspace.victimText == "precious\n")
  }

  @Test func theHistoryDoesNotWriteThroughALinkAtItsTemporaryName() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let file = workspace.folder + "/history"
    // The name the history used for its temporary file before: predictable from the PID.
    try FileManager.default.createSymbolicLink(atPath: file + ".tmp-\(getpid())", withDestinationPath: workspace.victim)
    let store = HistoryStore(file: file, capacity: 10)
    store.enter("pvecm status")
    #expect(workspace.victimText == "precious\n")
    #expect((try? String(contentsOfFile: file, encoding: .utf8))?.contains("pvecm") == true)
  }

  @Test func aHistoryFolderEveryoneMayWriteToIsNotUsed() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    chmod(workspace.folder, 0o777)
    let file = workspace.folder + "/history"
    let store = HistoryStore(file: file, capacity: 10)
    store.enter("pvecm status")
    #expect(!FileManager.default.fileExists(atPath: file))
    #expect(HistoryStore.refusal(for: file)?.contains("can be written by every user (mode 777)") == true)
  }

  @Test func aFolderEveryoneMayWriteToIsNamedWithItsMode() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    #expect(Paths.writableByEveryone(workspace.folder) == nil)
    chmod(workspace.folder, 0o1777)
    #expect(
      Paths.writableByEveryone(workspace.folder)
        == "\(workspace.folder) can be written by every user (mode 1777): anyone could remove or replace what is kept there; run chmod o-w \(workspace.folder)"
    )
  }

  @Test func textFilesAreReplacedWithoutFollowingALink() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let path = workspace.folder + "/report.md"
    try FileManager.default.createSymbolicLink(atPath: path + ".tmp-\(getpid())", withDestinationPath: workspace.victim)
    try TextFile.write("# report\n", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "# report\n")
    #expect(workspace.victimText == "precious\n")
  }
}
