import Foundation

/// What an API answer means for the step that asked: the output it prints and how it ends.
///
/// A 2xx answer's `data` becomes stdout as one line of compact JSON, so both regex and JSON
/// checks see it, and the step exits 0. Any other status becomes the exit status (401, 500,
/// 595…), with Proxmox's message and what to do about it on stderr. A 2xx answer that is not
/// Proxmox's `{"data": …}` fails the run: something other than the API answered.
public struct APIStepOutput: Sendable, Hashable {
  public var stdout: String
  public var stderr: String
  public var outcome: CommandOutcome

  public init(stdout: String = "", stderr: String = "", outcome: CommandOutcome) {
    self.stdout = stdout
    self.stderr = stderr
    self.outcome = outcome
  }

  public init(_ response: APIResponse, for request: APIRequest, tokenID: String?) {
    let body = JSONValue.parse(String(decoding: response.body, as: UTF8.self))
    guard (200...299).contains(response.status) else {
      self.init(
        stderr: Self.explain(response, body: body, request: request, tokenID: tokenID) + "\n",
        outcome: .exited(Int32(clamping: response.status)))
      return
    }
    guard let body, let data = body["data"] else {
      let what = body == nil ? "a body that is not JSON" : "JSON without a 'data' member"
      self.init(
        outcome: .failed(
          .other(
            "\(request.server) answered \(request.method.rawValue) \(request.path) with \(what) (\(Self.excerpt(response.body))): is it the Proxmox API (pveproxy, port 8006)?"
          )))
      return
    }
    self.init(stdout: data.serialized() + "\n", outcome: .exited(0))
  }

  /// The status line, Proxmox's own messages, and the next thing to do.
  static func explain(_ response: APIResponse, body: JSONValue?, request: APIRequest, tokenID: String?) -> String {
    let call = "\(request.method.rawValue) \(request.path)"
    let token = tokenID.map { "'\($0)'" } ?? "of the inventory"
    var lines = ["HTTP \(response.status) \(response.reason)".trimmingCharacters(in: .whitespaces) + " for \(call)"]
    if let message = body?["message"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines),
      !message.isEmpty, message != response.reason
    {
      lines.append("  \(message)")
    }
    for (parameter, error) in body?["errors"]?.objectValue ?? [] {
      lines.append("  \(parameter): \(error.stringValue ?? error.serialized())")
    }
    switch response.status {
    case 401:
      lines.append(
        "  the API token \(token) was refused for \(request.path): check token_id and its secret (token_file or token_env), and that the token exists and has not expired (pveum user token list USER)"
      )
    case 403:
      lines.append(
        "  the API token \(token) lacks a privilege on \(request.path): grant it (pveum acl modify PATH --tokens TOKENID --roles ROLE); a privilege-separated token needs its own ACL entries"
      )
    case 595, 596:
      lines.append(
        "  the node that answered could not reach the node this call is for (pveproxy's proxy error): that node is probably down; call the API of a node that is up (on: NODE)"
      )
    case 500 where response.reason.contains("quorum"):
      lines.append("  the cluster is not quorate: Proxmox refuses changes until quorum returns")
    case 501:
      lines.append("  this Proxmox VE version has no \(call)")
    default:
      break
    }
    return lines.joined(separator: "\n")
  }

  /// The start of a body, for messages about what answered.
  static func excerpt(_ body: [UInt8]) -> String {
    let text = String(decoding: body.prefix(200), as: UTF8.self)
      .split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    if text.isEmpty { return "empty body" }
    return "starts \"" + (text.count > 60 ? text.prefix(60) + "…" : text) + "\""
  }
}
