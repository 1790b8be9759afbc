import Foundation

/// Runs blocking work (a libcurl transfer) on a thread of its own, so it never holds one of
/// the few threads of Swift's cooperative pool.
enum BlockingThread {
  static func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread { continuation.resume(returning: work()) }
    }
  }
}
