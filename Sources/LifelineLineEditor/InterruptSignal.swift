import CLibEdit
import Foundation
import Synchronization

/// Ctrl-C for a line-oriented program: it interrupts a blocked read (the read returns
/// ``LineInput/interrupted``) instead of killing the process, and reports every press to a
/// handler, which can cancel whatever is running.
public enum InterruptSignal {
  private static let state = HandlerState()

  /// Installs the SIGINT handler. `onInterrupt` runs on a dedicated thread, once per Ctrl-C,
  /// whether or not a read was waiting; it must return quickly.
  public static func install(onInterrupt: @escaping @Sendable () -> Void) {
    state.setHandler(onInterrupt)
    let writeEnd = state.startListening()
    cedit_interrupt_install(writeEnd)
  }

  /// Puts back the default action: Ctrl-C ends the process.
  public static func uninstall() {
    cedit_interrupt_uninstall()
    state.setHandler(nil)
  }

  /// Runs a blocking read that Ctrl-C interrupts with EINTR, whichever thread the signal hits.
  ///
  /// The calling thread must outlive the program's use of Ctrl-C (a long-lived input
  /// thread), because a signal arriving during the read is forwarded to it.
  static func interruptible<Result>(_ read: () -> Result) -> Result {
    cedit_reader_begin()
    defer { cedit_reader_end() }
    return read()
  }

  /// The pipe the signal handler writes to, and the thread that turns its bytes into calls.
  private final class HandlerState: Sendable {
    private struct Guarded {
      var handler: (@Sendable () -> Void)?
      var writeDescriptor: Int32 = -1
    }

    private let guarded = Mutex(Guarded())

    func setHandler(_ handler: (@Sendable () -> Void)?) {
      guarded.withLock { $0.handler = handler }
    }

    /// The write end of the pipe, created with its listening thread on first use.
    func startListening() -> Int32 {
      guarded.withLock { guarded in
        if guarded.writeDescriptor >= 0 { return guarded.writeDescriptor }
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return -1 }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        guarded.writeDescriptor = descriptors[1]
        let readDescriptor = descriptors[0]
        let thread = Thread { [self] in listen(on: readDescriptor) }
        thread.name = "interrupt-signal"
        thread.start()
        return guarded.writeDescriptor
      }
    }

    private func listen(on descriptor: Int32) {
      var byte: UInt8 = 0
      while true {
        let count = read(descriptor, &byte, 1)
        if count < 0, errno == EINTR { continue }
        guard count == 1 else { return }
        guarded.withLock { $0.handler }?()
      }
    }
  }
}
