import Foundation
import LifelineCore

/// The API certificates the operator has trusted with `lifeline trust --api`, the way
/// known_hosts holds SSH host keys: one line per server, `https://HOST:PORT FINGERPRINT`.
///
/// Consulted for servers the inventory names no fingerprint or CA file for. The CLI keeps it
/// at `$XDG_CONFIG_HOME/lifeline/api-fingerprints`.
public struct APITrustStore: Sendable, Hashable {
  public static let fileName = "api-fingerprints"
  public var path: String

  public init(path: String) { self.path = path }

  /// The fingerprint recorded for the server of `url`, or nil.
  public func fingerprint(for url: String) -> String? {
    let origin = APIAddress.origin(of: url)
    return entries().first { $0.server == origin }?.fingerprint
  }

  /// Records (or replaces) the fingerprint of the server of `url`; the file is written
  /// whole and renamed into place, readable by its owner only.
  public func record(_ fingerprint: String, for url: String) throws(TrustStoreError) {
    let origin = APIAddress.origin(of: url)
    var lines = entries().filter { $0.server != origin }.map { "\($0.server) \($0.fingerprint)" }
    lines.append("\(origin) \(fingerprint)")
    let text = Self.header + lines.joined(separator: "\n") + "\n"
    let directory = (path as NSString).deletingLastPathComponent
    let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
    do {
      if !directory.isEmpty {
        try FileManager.default.createDirectory(
          atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      }
      guard
        FileManager.default.createFile(
          atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
      else { throw TrustStoreError("cannot write \(temporary)") }
      guard rename(temporary, path) == 0 else {
        unlink(temporary)
        throw TrustStoreError("cannot replace \(path): \(String(cString: strerror(errno)))")
      }
    } catch let error as TrustStoreError {
      throw error
    } catch {
      throw TrustStoreError("cannot create \(directory): \(error.localizedDescription)")
    }
  }

  /// Every recorded server and fingerprint; a missing file holds none.
  public func entries() -> [(server: String, fingerprint: String)] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
      let words = line.split(whereSeparator: \.isWhitespace)
      guard words.count == 2, !words[0].hasPrefix("#") else { return nil }
      return (APIAddress.origin(of: String(words[0])), String(words[1]))
    }
  }

  private static let header = """
    # Proxmox VE API certificates trusted with `lifeline trust --api`: SERVER SHA256-FINGERPRINT
    # Each was compared with `pvenode cert info` on the node before it was recorded.

    """
}

/// Why the trust file could not be written.
public struct TrustStoreError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
