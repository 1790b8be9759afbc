/// `lifeline` run with a script on stdin, as `lifeline < drill.txt` runs it: in the
/// workspace, with only the workspace's environment.
struct REPLPipedRun {
  var status: Int32
  var stdout: String
  var stderr: String

  init(_ script: String, arguments: [String] = [], in workspace: REPLWorkspace) throws {
    let environment = workspace.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    let result = try REPLSubprocess.run(
      ["env", "-i", "-C", workspace.directory] + environment + [REPLBinary.path] + arguments, input: script)
    status = result.status
    stdout = result.stdout
    stderr = result.stderr
  }
}
