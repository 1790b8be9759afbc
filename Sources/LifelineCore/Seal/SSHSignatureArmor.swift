/// OpenSSH's text form of a signature (`-----BEGIN SSH SIGNATURE-----`), as `ssh-keygen -Y`
/// reads and writes it. A seal keeps only the base64 between the two markers, on one line, so
/// that the record's line stays one line; `ssh-keygen` accepts it as one line between the
/// markers again (it decodes the base64 ignoring line breaks: `sshsig_dearmor` in sshsig.c).
public enum SSHSignatureArmor {
  static let begin = "-----BEGIN SSH SIGNATURE-----"
  static let end = "-----END SSH SIGNATURE-----"

  /// The base64 between the markers, without line breaks; nil when `armored` is not a signature.
  public static func body(of armored: String) -> String? {
    guard let start = armored.range(of: begin), let stop = armored.range(of: end), start.upperBound <= stop.lowerBound
    else { return nil }
    let body = armored[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
    guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }) else {
      return nil
    }
    return String(body)
  }

  /// The body between the markers again, as `ssh-keygen -Y verify -s` reads it.
  public static func armor(_ body: String) -> String {
    "\(begin)\n\(body)\n\(end)\n"
  }
}
