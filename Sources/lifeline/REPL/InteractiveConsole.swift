import Foundation
import LifelineCore
import LifelineLineEditor

/// The operator at the console: confirmations and questions are asked inline, progress is
/// shown live with the elapsed-time line. A script answers with its next lines. Ctrl-C at
/// a question cancels it, as psql and bash do: nothing is run, and the prompt comes back.
struct InteractiveConsole: OperatorConsole {
  var input: any ReplInput
  var interrupts: InterruptRouter
  var printer: ProgressPrinter
  var timer: ElapsedTimer
  var style: Style

  func confirm(_ request: ConfirmationRequest) async -> ConfirmationReply {
    timer.stop()
    if let warning = request.warning { StandardStreams.out(style.yellow("⚠ ") + printer.mask.shown(warning)) }
    switch request.kind {
    case .plain:
      let answer = await readAnswer(prompt: printer.mask.shown(request.prompt) + " [yes/no] ", choices: ["yes", "no"])
      switch answer {
      case .line(let text):
        if ["yes", "y"].contains(text.trimmingCharacters(in: .whitespaces).lowercased()) { return .confirmed }
        return notConfirmed()
      case .interrupted: return notConfirmed()
      case .endOfInput: return .unavailable("the input ended before the confirmation was answered")
      }
    case .typeNodeName(let node):
      let answer = await readAnswer(prompt: printer.mask.shown(request.prompt) + ": ", choices: [])
      switch answer {
      case .line(let text):
        if text.trimmingCharacters(in: .whitespaces) == node { return .confirmed }
        StandardStreams.out("'\(text.trimmingCharacters(in: .whitespaces))' is not '\(node)': nothing was run.")
        return .declined
      case .interrupted: return notConfirmed()
      case .endOfInput: return .unavailable("the input ended before the node name was typed")
      }
    }
  }

  private func notConfirmed() -> ConfirmationReply {
    StandardStreams.out("Not confirmed: nothing was run.")
    return .declined
  }

  /// The operator's answer, or `.interrupted` when Ctrl-C was pressed while it was asked,
  /// whatever was typed after.
  private func readAnswer(prompt: String, choices: [String]) async -> LineInput {
    let (answer, interrupted) = await interrupts.whileAsking {
      await input.readAnswer(prompt: prompt, choices: choices)
    }
    return interrupted ? .interrupted : answer
  }

  func choose(_ question: QuestionRequest) async -> ChoiceReply {
    timer.stop()
    StandardStreams.out(style.bold("? ") + printer.mask.shown(question.question))
    let numbered = question.choices.enumerated().map { "\($0.offset + 1)) \(printer.mask.shown($0.element))" }
    StandardStreams.out("  " + numbered.joined(separator: "   "))
    let answer = await readAnswer(prompt: "answer: ", choices: question.choices)
    switch answer {
    case .line(let text):
      let typed = text.trimmingCharacters(in: .whitespaces)
      if let number = Int(typed), question.choices.indices.contains(number - 1) {
        return .answered(question.choices[number - 1])
      }
      return .answered(typed)
    case .interrupted:
      StandardStreams.out("Not answered: nothing was run.")
      return .unavailable("the operator cancelled the question")
    case .endOfInput: return .unavailable("the input ended before the question was answered")
    }
  }

  func show(_ progress: RunProgress) {
    switch progress {
    case .stepStarted(let invocation):
      timer.printing { printer.show(progress) }
      timer.start(limit: invocation.timeout)
    case .stepFinished, .finished:
      timer.stop()
      printer.show(progress)
    case .output, .retrying, .connection:
      timer.printing { printer.show(progress) }
    }
  }
}
