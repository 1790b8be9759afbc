import LifelineCore

/// The operator of a non-interactive `lifeline run`: confirmations come from `--yes`,
/// typed node names from `--confirm-node`, answers from `--answer STEP=CHOICE`. It never
/// guesses: without the flag it says which flag would answer, and the run stops.
struct BatchConsole: OperatorConsole {
  var assumeYes: Bool
  var confirmedNodes: Set<String>
  var answers: [String: String]
  var printer: ProgressPrinter

  func confirm(_ request: ConfirmationRequest) async -> ConfirmationReply {
    switch request.kind {
    case .plain:
      if assumeYes {
        StandardStreams.out("  confirmed by --yes: \(printer.mask.shown(request.prompt))")
        return .confirmed
      }
      return .unavailable("step '\(request.stepID)' needs confirmation (\(request.prompt)); pass --yes to confirm it")
    case .typeNodeName(let node):
      if confirmedNodes.contains(node) {
        StandardStreams.out("  destructive step confirmed by --confirm-node \(node)")
        return .confirmed
      }
      return .unavailable(
        "step '\(request.stepID)' is destructive for node \(node); pass --confirm-node \(node) to confirm it (--yes is not enough)"
      )
    }
  }

  func choose(_ question: QuestionRequest) async -> ChoiceReply {
    if let answer = answers[question.stepID] {
      StandardStreams.out("  \(printer.mask.shown(question.question)) → \(printer.mask.shown(answer)) (from --answer)")
      return .answered(answer)
    }
    let choices = question.choices.joined(separator: "|")
    return .unavailable(
      "step '\(question.stepID)' asks: \(question.question) — pass --answer \(question.stepID)=\(choices.contains(" ") ? "'\(question.choices[0])'" : "<\(choices)>")"
    )
  }

  func show(_ progress: RunProgress) { printer.show(progress) }
}
