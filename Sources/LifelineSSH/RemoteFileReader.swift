import Foundation
import LifelineCore
import LifelineSystem
import Synchronization

/// Reads files on one node over one SSH connection that accepts exactly the host key the
/// operator confirmed: how `lifeline init` reads the cluster's records before any of it is
/// recorded.
///
/// A confirmed key that is not yet in the node's known_hosts goes into a private scratch
/// known_hosts for this connection only, so the connection is checked as strictly as any
/// other, and nothing of the operator's is written. Call ``close()`` when done.
public final class RemoteFileReader: Sendable {
  /// The status a read exits with when the file is missing: not one `cat` exits with.
  static let missingStatus: Int32 = 66

  private let node: String
  private let executor: SSHExecutor
  private let scratch: ScratchDirectory?

  /// - Parameter scan: the key the operator confirmed for `node`, from ``HostKeyTrust/scan(_:)``;
  ///   a changed or revoked one is refused.
  public init(node: InventoryNode, trusting scan: HostKeyScan) throws(HostKeyTrustError) {
    var node = node
    switch scan.status {
    case .known:
      scratch = nil
    case .changed: throw .changed(scan)
    case .revoked: throw .revoked(scan)
    case .unknown:
      let directory: ScratchDirectory
      do {
        directory = try ScratchDirectory()
      } catch {
        throw .cannotWrite(file: "a temporary known_hosts", reason: error.description)
      }
      scratch = directory
      node.knownHosts = directory.path + "/known_hosts"
      do {
        try KnownHostsFile(path: node.knownHosts).append(scan.knownHostsEntry)
      } catch {
        directory.remove()
        throw error
      }
    }
    self.node = node.name
    executor = SSHExecutor(inventory: Inventory(cluster: "init", nodes: [node]))
  }

  /// The bytes of the file at `path`, exactly; nil when there is no such file.
  public func read(_ path: String, timeout: Duration = .seconds(30)) async throws(ExecutionFailure) -> [UInt8]? {
    let quoted = ShellQuoting.quote(path)
    let command = "test -e \(quoted) || exit \(Self.missingStatus); exec cat -- \(quoted)"
    let output = Mutex<(stdout: [UInt8], stderr: [UInt8])>(([], []))
    let outcome = await executor.run(CommandRequest(command: command, target: .node(node), timeout: timeout)) {
      event in
      guard case .output(let stream, let bytes) = event else { return }
      output.withLock { output in
        if stream == .stdout { output.stdout += bytes } else { output.stderr += bytes }
      }
    }
    let (stdout, stderr) = output.withLock { $0 }
    switch outcome {
    case .exited(0): return stdout
    case .exited(Self.missingStatus): return nil
    case .exited(let status):
      let message = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw .other("cannot read \(path) on \(node) (exit status \(status)): \(message)")
    case .signaled(let signal): throw .other("reading \(path) on \(node) was killed by SIG\(signal)")
    case .failed(let failure): throw failure
    }
  }

  public func close() async {
    await executor.shutdown()
    scratch?.remove()
  }
}
