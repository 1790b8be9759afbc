import LifelineCore

extension CommandOutcome {
  /// Why the command failed, when it did.
  var failure: ExecutionFailure? {
    if case .failed(let failure) = self { return failure }
    return nil
  }
}
