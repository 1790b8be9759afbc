import Foundation
import LifelineCore
import LifelineSystem

/// Writes a Markdown report's SVG pictures into the report's folder, under the names the
/// report links to.
enum ReportPictureFiles {
  static func write(_ pictures: [ReportPicture], nextTo reportPath: String, mode: Int = 0o600) throws(FileError) {
    let folder = URL(fileURLWithPath: reportPath).deletingLastPathComponent()
    for picture in pictures {
      try TextFile.write(picture.svg, to: folder.appendingPathComponent(picture.fileName).path, mode: mode)
    }
  }
}
