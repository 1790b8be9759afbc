import Foundation

/// Who runs this session, for the record: `user@host`.
public enum OperatorIdentity {
  public static var user: String {
    if let name = getpwuid(geteuid())?.pointee.pw_name { return String(cString: name) }
    return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
  }

  public static var host: String { ProcessInfo.processInfo.hostName }
}
