/// A Proxmox VE API call as a runbook writes it: `api: POST /cluster/ha/resources/{{ sid }}/migrate`
/// with a `data` map. Templates are rendered when the step runs, see ``APIRequest``.
public struct APICall: Sendable, Hashable {
  public var method: APIMethod
  /// The path under `/api2/json`, starting with `/`.
  public var path: TemplateText
  /// Parameters in the runbook's order: the query of GET and DELETE, the form body of POST and PUT.
  public var data: [APIParameter]

  public init(method: APIMethod, path: TemplateText, data: [APIParameter] = []) {
    self.method = method
    self.path = path
    self.data = data
  }

  /// Every template of the call, for validation.
  public var templates: [TemplateText] { [path] + data.map(\.value) }

  /// `GET /cluster/status`, as written.
  public var summary: String { "\(method.rawValue) \(path.source)" }
}

public enum APIMethod: String, Sendable, Hashable, CaseIterable {
  case get = "GET"
  case post = "POST"
  case put = "PUT"
  case delete = "DELETE"

  /// POST and PUT carry their parameters in a form body; GET and DELETE in the query.
  public var sendsBody: Bool { self == .post || self == .put }
}

/// One `data` entry: a parameter name and its templated value.
public struct APIParameter: Sendable, Hashable {
  public var name: String
  public var value: TemplateText

  public init(name: String, value: TemplateText) {
    self.name = name
    self.value = value
  }
}
