import Foundation
import LifelineCore
import LifelineSystem

/// Where transcripts go: `--transcripts DIR`, else `./Transcripts` when it exists, else
/// `$XDG_DATA_HOME/lifeline/transcripts`. They are incident records, not disposable state.
enum TranscriptLocation {
  static func folder(_ explicit: String?) throws(UserError) -> String {
    let folder = explicit ?? (Paths.isDirectory("Transcripts") ? "Transcripts" : Paths.dataDirectory + "/transcripts")
    do {
      try Paths.makeDirectory(folder)
    } catch {
      throw UserError(
        "\(folder): cannot create the transcripts folder (\(error.localizedDescription))", exitCode: ExitStatus.failure)
    }
    if let unsafe = Paths.writableByEveryone(folder) {
      throw UserError("refusing to keep transcripts there: \(unsafe)", exitCode: ExitStatus.failure)
    }
    return folder
  }

  /// A new file named so that `ls` sorts sessions by time and shows runbook and node:
  /// `2026-11-06T17-40-12Z_node-recovery_proxmox.jsonl`.
  static func newFile(
    in folder: String, runbook: String, subject: String, redactor: Redactor, flushes: Bool = true
  ) throws(UserError) -> TranscriptFile {
    let stamp = Timestamp.fileStamp(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
    let safe = { (text: String) in String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }
    var attempt = 0
    while true {
      let suffix = attempt == 0 ? "" : "-\(attempt)"
      let path = "\(folder)/\(stamp)_\(safe(runbook))_\(safe(subject))\(suffix).jsonl"
      do {
        return try TranscriptFile(creating: path, redactor: redactor, flushes: flushes)
      } catch {
        attempt += 1
        if attempt > 50 || Paths.exists(path) == false {
          throw UserError(error.description, exitCode: ExitStatus.failure)
        }
      }
    }
  }
}
