import Foundation

/// Facts about the terminal that decide how output looks.
public enum Terminal {
  /// True when the stream is a terminal that can show escape sequences.
  public static func isInteractive(_ descriptor: Int32) -> Bool {
    isatty(descriptor) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
  }

  /// Colour only on a terminal, and never when `NO_COLOR` is set to anything non-empty.
  public static func usesColor(_ descriptor: Int32) -> Bool {
    if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
    return isInteractive(descriptor)
  }

  /// `COLUMNS`, then the terminal's width, then 80.
  public static var width: Int {
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 80
  }
}
