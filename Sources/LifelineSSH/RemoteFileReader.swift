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

  /// The bytes of each file, exactly, in the order asked; nil for a file that does not exist.
  ///
  /// All are read by one command (each remote command costs a session on the node): each file
  /// comes back as one line of base64, a missing one as `-`.
  public func read(_ paths: [String], timeout: Duration = .seconds(30)) async throws(ExecutionFailure) -> [[UInt8]?] {
    guard !paths.isEmpty else { return [] }
    let command =
      "for f in \(paths.map(ShellQuoting.quote).joined(separator: " ")); do "
      + "if [ -e \"$f\" ]; then base64 -w 0 -- \"$f\" || exit 1; echo; else echo -; fi; done"
    let output = Mutex<(stdout: [UInt8], stderr: [UInt8])>(([], []))
    let outcome = await executor.run(CommandRequest(command: command, target: .node(node), timeout: timeout)) {
      event in
      guard case .output(let stream, let bytes) = event else { return }
      output.withLock { output in
        if stream == .stdout { output.stdout += bytes } else { output.stderr += bytes }
      }
    }
    let (stdout, stderr) = output.withLock { $0 }
    let what = paths.count == 1 ? paths[0] : "\(paths.count) files"
    switch outcome {
    case .exited(0): break
    case .exited(let status):
      let message = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw .other("cannot read \(what) on \(node) (exit status \(status)): \(message)")
    case .signaled(let signal): throw .other("reading \(what) on \(node) was killed by SIG\(signal)")
    case .failed(let failure): throw failure
    }
    let lines = String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.count == paths.count + 1, lines.last == "" else {
      throw .other("reading \(what) on \(node): expected \(paths.count) lines of base64, got \(lines.count - 1)")
    }
    var files: [[UInt8]?] = []
    for (path, line) in zip(paths, lines) {
      if line == "-" {
        files.append(nil)
        continue
      }
      guard let bytes = Data(base64Encoded: String(line)) else {
        throw .other("reading \(path) on \(node): the node's base64 of it does not decode")
      }
      files.append([UInt8](bytes))
    }
    return files
  }

  public func close() async {
    await executor.shutdown()
    scratch?.remove()
  }
}
