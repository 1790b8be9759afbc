import CLibSSH

/// The version of the libssh this binary runs with, for `--version` and incident records.
public enum LibSSHVersion {
  public static var current: String { ssh_version(0).map { String(cString: $0) } ?? "unknown" }
}
