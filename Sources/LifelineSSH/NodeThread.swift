import CLibSSH
import Foundation

/// A serial executor that runs every job on one thread of its own.
///
/// libssh calls block, and a session may only be used by one thread at a time. Running a node's
/// actor here keeps those calls off Swift's cooperative pool (two threads on a two-core machine,
/// which two slow nodes would otherwise starve) and pins each session to one thread.
final class NodeThread: SerialExecutor, @unchecked Sendable {
  private let condition = NSCondition()
  private var jobs: [UnownedJob] = []
  private var stopRequested = false
  private var thread: pthread_t?
  private let name: String

  /// Starts the thread; `name` shows in `ps -L` (the kernel keeps its first 15 bytes).
  init(name: String) {
    self.name = name
    var created = pthread_t()
    let started = pthread_create(
      &created, nil,
      { context in
        Unmanaged<NodeThread>.fromOpaque(context!).takeRetainedValue().serveJobs()
        return nil
      }, Unmanaged.passRetained(self).toOpaque())
    precondition(started == 0, "could not start a thread for \(name): error \(started)")
    thread = created
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    condition.lock()
    jobs.append(job)
    condition.signal()
    condition.unlock()
  }

  func asUnownedSerialExecutor() -> UnownedSerialExecutor {
    UnownedSerialExecutor(ordinary: self)
  }

  /// Lets the thread finish the jobs it has, ends it and waits until it has ended. Call it once,
  /// from another thread, after the last job that will ever be enqueued.
  func stop() {
    condition.lock()
    stopRequested = true
    condition.signal()
    condition.unlock()
    if let thread { pthread_join(thread, nil) }
    thread = nil
  }

  /// The longest prefix of `name` that fits the kernel's 15 bytes without splitting a character.
  private static func kernelThreadName(_ name: String) -> String {
    var short = ""
    for character in name {
      guard short.utf8.count + character.utf8.count <= 15 else { break }
      short.append(character)
    }
    return short
  }

  private func serveJobs() {
    clibssh_name_current_thread(Self.kernelThreadName(name))
    while true {
      condition.lock()
      while jobs.isEmpty && !stopRequested { condition.wait() }
      if jobs.isEmpty {
        condition.unlock()
        return
      }
      let job = jobs.removeFirst()
      condition.unlock()
      job.runSynchronously(on: asUnownedSerialExecutor())
    }
  }
}
