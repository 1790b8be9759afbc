import CLibEdit

/// The libedit API version this binary was built against (libedit has no run-time query).
public enum LibEditVersion {
  public static var current: String { "\(LIBEDIT_MAJOR).\(LIBEDIT_MINOR)" }
}
