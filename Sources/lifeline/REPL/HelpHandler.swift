import LifelineCore

extension ReplSession {
  /// `help` and `help COMMAND`.
  func help(_ topic: String?) throws(UserError) -> ReplCommandResult {
    guard let topic else {
      output.say(ConsoleHelp.overview)
      return .succeeded
    }
    do {
      output.say(try ConsoleHelp.command(topic))
    } catch {
      throw .usage(error.description)
    }
    return .succeeded
  }
}
