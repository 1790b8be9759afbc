import LifelineCore
import Testing

@Suite("console: the prompt")
struct ConsolePromptTests {
  @Test("the prompt shows the cluster, the runbook and the current step")
  func prompt() {
    #expect(
      ConsolePrompt(cluster: "homelab-cluster", runbook: "node-recovery", step: "check-network", outcome: nil).text
        == "homelab-cluster node-recovery:check-network> ")
    #expect(
      ConsolePrompt(cluster: "homelab-cluster", runbook: nil, step: nil, outcome: nil).text == "homelab-cluster> ")
    #expect(ConsolePrompt(cluster: nil, runbook: "drill", step: "hello", outcome: nil).text == "lifeline drill:hello> ")
    #expect(
      ConsolePrompt(cluster: "lab", runbook: "drill", step: "cleanup", outcome: "succeeded").text
        == "lab drill[succeeded]> ")
  }

  @Test("its segments carry roles for colour")
  func segments() {
    let prompt = ConsolePrompt(cluster: "lab", runbook: "drill", step: "hello", outcome: nil)
    #expect(prompt.segments.map(\.role) == [.cluster, .punctuation, .runbook, .punctuation, .step, .punctuation])
  }
}
