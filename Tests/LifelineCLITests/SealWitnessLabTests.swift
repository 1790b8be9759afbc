import Foundation
import LifelineCore
import SSHTestSupport
import Testing

/// Seals and witnesses end to end: the real `lifeline`, the real `ssh-keygen` and `ssh-agent`,
/// and the lab's nodes, whose journals take the seal's message.
@Suite(.serialized) struct SealWitnessLabTests {
  /// The stock `ssh-keygen -Y verify` line of docs/transcripts.md, with its placeholders filled in.
  static func documentedVerifyCommand(file: String, signers: String, principal: String) throws -> String {
    let docs = try String(contentsOfFile: RunbookLab.packageRoot + "/docs/transcripts.md", encoding: .utf8)
    let line = try #require(docs.split(separator: "\n").first { $0.hasPrefix("seal=$(grep") }, "no command in the docs")
    return line.replacingOccurrences(of: " FILE ", with: " \(ShellQuoting.quote(file)) ")
      .replacingOccurrences(of: "allowed_signers", with: ShellQuoting.quote(signers))
      .replacingOccurrences(of: "PRINCIPAL", with: ShellQuoting.quote(principal))
  }

  static func transcripts(in folder: String) -> Set<String> {
    Set(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".jsonl") })
  }

  /// The one transcript that is in `folder` now and was not in `before`.
  static func newTranscript(in folder: String, since before: Set<String>) throws -> String {
    folder + "/" + (try #require(transcripts(in: folder).subtracting(before).first, "no new transcript in \(folder)"))
  }

  func lifeline(_ arguments: [String], environment: [String: String?] = [:]) throws -> (status: Int32, output: String) {
    try CommandRun(RunbookLab.binary, arguments, environment: environment).finish()
  }

  /// Runs `body` with the file changed by `change`, then puts the original back.
  func withChanged(_ file: String, _ change: (String) throws -> String, _ body: () throws -> Void) throws {
    let original = try String(contentsOfFile: file, encoding: .utf8)
    try change(original).write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? original.write(toFile: file, atomically: true, encoding: .utf8) }
    try body()
  }

  @Test func aSealVerifiesWithTheSignersAndStockSSHKeygenAndIsFoundOnTheNodesItReached() throws {
    try RunbookLab.with(block: 13) { lab in
      let keys = lab.transcripts + "-keys"
      try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(atPath: keys) }
      let alice = try SSHKeyPair.generate(at: keys + "/alice", comment: "alice@laptop")
      let mallory = try SSHKeyPair.generate(at: keys + "/mallory", comment: "mallory@elsewhere")
      let agent = try SSHAgent(socket: keys + "/agent.sock", keys: [alice])
      defer { agent.stop() }
      let signers = keys + "/allowed_signers"
      try "alice@example.org namespaces=\"lifeline-transcript\" \(alice.publicKey)\n".write(
        toFile: signers, atomically: true, encoding: .utf8)

      let exec = try lifeline(
        [
          "exec", "proxmox2", "--inventory", lab.inventory, "--transcripts", lab.transcripts, "--", "echo",
          "sealed-output",
        ],
        environment: ["SSH_AUTH_SOCK": agent.socket])
      #expect(exec.status == 0, "\(exec.output)")
      #expect(exec.output.contains("Sealed: signed by \(alice.fingerprint) (alice@laptop)"), "\(exec.output)")
      #expect(exec.output.contains("Witnessed on proxmox2\n"), "\(exec.output)")
      let file = try Self.newTranscript(in: lab.transcripts, since: [])
      let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
      #expect(lines.last?.contains("\"type\":\"seal\"") == true)

      let verified = try lifeline(["transcript", "verify", file, "--signers", signers])
      #expect(verified.status == 0, "\(verified.output)")
      #expect(
        verified.output.contains("seal at line \(lines.count): signed by alice@example.org (\(alice.fingerprint))"),
        "\(verified.output)")

      let stock = try CommandRun(
        "/bin/bash",
        ["-c", try Self.documentedVerifyCommand(file: file, signers: signers, principal: "alice@example.org")]
      ).finish()
      #expect(stock.status == 0, "\(stock.output)")
      #expect(stock.output.contains("Good \"lifeline-transcript\" signature for alice@example.org"), "\(stock.output)")

      let witnessed = try lifeline(["transcript", "verify", file, "--witness", "--inventory", lab.inventory])
      #expect(witnessed.status == 0, "\(witnessed.output)")
      #expect(witnessed.output.contains("witness proxmox2: holds the last seal's hash"), "\(witnessed.output)")
      #expect(witnessed.output.contains("witness proxmox: LACKS it"), "\(witnessed.output)")
      #expect(witnessed.output.contains("witness proxmox3: LACKS it"), "\(witnessed.output)")

      // Any edit: the output's text, without recomputing a hash.
      try withChanged(file, { $0.replacingOccurrences(of: "sealed-output", with: "sealed-outpuX") }) {
        let edited = try lifeline(["transcript", "verify", file, "--signers", signers])
        #expect(edited.status == 1, "\(edited.output)")
        #expect(edited.output.contains("TAMPERED: \(file):"), "\(edited.output)")
        #expect(edited.output.contains("This breaks the seal at line \(lines.count)"), "\(edited.output)")
      }

      // The seal re-signed by a key the allowed signers do not list, its line's hash recomputed.
      let message = try #require(RecordedSeal.all(in: lines.joined(separator: "\n") + "\n").last?.messageLine)
      try (message + "\n").write(toFile: keys + "/message", atomically: true, encoding: .utf8)
      let resigned = try CommandRun(
        "/usr/bin/ssh-keygen",
        ["-q", "-Y", "sign", "-n", "lifeline-transcript", "-f", mallory.privateKeyFile, keys + "/message"]
      ).finish()
      #expect(resigned.status == 0, "\(resigned.output)")
      let signature = try #require(
        SSHSignatureArmor.body(of: try String(contentsOfFile: keys + "/message.sig", encoding: .utf8)))
      try withChanged(
        file,
        { text in
          var all = text.split(separator: "\n").map(String.init)
          let seal = all.removeLast()
          var body = String(seal[..<seal.range(of: ",\"hash\":\"", options: .backwards)!.lowerBound]) + "}"
          body = body.replacingOccurrences(
            of: #""signature":"[^"]*""#, with: "\"signature\":\"\(signature)\"", options: .regularExpression)
          all.append(String(body.dropLast()) + ",\"hash\":\"\(SHA256.hex(body))\"}")
          return all.joined(separator: "\n") + "\n"
        }
      ) {
        let plain = try lifeline(["transcript", "verify", file])
        #expect(plain.status == 0, "the chain alone cannot tell: \(plain.output)")
        let checked = try lifeline(["transcript", "verify", file, "--signers", signers])
        #expect(checked.status == 1, "\(checked.output)")
        #expect(
          checked.output.contains(
            "is signed by \(mallory.fingerprint), a key the allowed signers do not list: it was re-signed by someone else"
          ),
          "\(checked.output)")
      }

      // A cut: the seal and the session's end removed.
      try withChanged(file, { $0.split(separator: "\n").dropLast(2).joined(separator: "\n") + "\n" }) {
        let cut = try lifeline(["transcript", "verify", file, "--signers", signers])
        #expect(cut.status == 1, "\(cut.output)")
        #expect(cut.output.contains("the record has no seal"), "\(cut.output)")
        let journals = try lifeline(["transcript", "verify", file, "--witness", "--inventory", lab.inventory])
        #expect(journals.status == 1, "\(journals.output)")
        #expect(
          journals.output.contains(
            "TAMPERED: witness proxmox2: its journal records a seal of \(lines.count - 1) events, but the file has only \(lines.count - 2): lines were cut off the end"
          ), "\(journals.output)")
      }

      // Without a key and with the witness turned off, the session says once that it is unsigned.
      let unsignedInventory = keys + "/unsigned.yaml"
      try
        (try String(contentsOfFile: lab.inventory, encoding: .utf8)
        + "transcripts: {signing_key: none, witness: false}\n").write(
          toFile: unsignedInventory, atomically: true, encoding: .utf8)
      let before = Self.transcripts(in: lab.transcripts)
      let unsigned = try lifeline(
        ["exec", "proxmox", "--inventory", unsignedInventory, "--transcripts", lab.transcripts, "--", "true"],
        environment: ["SSH_AUTH_SOCK": nil])
      #expect(unsigned.status == 0, "\(unsigned.output)")
      #expect(unsigned.output.components(separatedBy: "UNSIGNED").count == 2, "\(unsigned.output)")
      #expect(!unsigned.output.contains("Witnessed"), "\(unsigned.output)")
      let unsignedFile = try Self.newTranscript(in: lab.transcripts, since: before)
      let refused = try lifeline(["transcript", "verify", unsignedFile, "--signers", signers])
      #expect(refused.status == 1, "\(refused.output)")
      #expect(refused.output.contains("is unsigned (signing is turned off in the inventory"), "\(refused.output)")
    }
  }

  @Test func aStoppedRunAndItsResumeEachEndInASealAndTheWholeRecordVerifies() throws {
    try RunbookLab.with(block: 14) { lab in
      // The lab's own client key signs, whatever agent the machine running the tests has.
      let publicKey = try String(contentsOfFile: lab.outcome.clientKey + ".pub", encoding: .utf8)
      let inventory = try String(contentsOfFile: lab.inventory, encoding: .utf8)
      try (inventory + "transcripts: {signing_key: \(lab.outcome.clientKey)}\n").write(
        toFile: lab.inventory, atomically: true, encoding: .utf8)
      let signers = lab.transcripts + "-allowed_signers"
      defer { try? FileManager.default.removeItem(atPath: signers) }
      try "operator@lab namespaces=\"lifeline-transcript\" \(publicKey)".write(
        toFile: signers, atomically: true, encoding: .utf8)

      try lab.lab.fail(node: "proxmox", mode: .network)
      let stopped = try lab.run("node-recovery", node: "proxmox", set: ["healthy": "proxmox2"], yes: false)
      #expect(stopped.status == 1, "\(stopped.output)")
      #expect(stopped.outcome == "stopped")
      let file = try #require(stopped.transcript)
      let stoppedTypes = stopped.events.all.compactMap { $0["type"] as? String }
      #expect(stoppedTypes.suffix(2) == ["session.end", "seal"])

      let resumed = try lifeline(["run", "--resume", file, "--inventory", lab.inventory, "--yes"])
      #expect(resumed.status == 0, "\(resumed.output)")
      #expect(resumed.output.contains("Witnessed on proxmox2, proxmox"), "\(resumed.output)")
      let verified = try lifeline(["transcript", "verify", file, "--signers", signers])
      #expect(verified.status == 0, "\(verified.output)")
      #expect(verified.output.components(separatedBy: ": signed by operator@lab (").count == 3, "\(verified.output)")

      let report = stopped.report.split(separator: "\n").prefix(6).joined(separator: "\n")
      #expect(report.contains("The record verifies."), "\(report)")
      #expect(report.contains("**Sealed by SHA256:"), "\(report)")
      #expect(report.contains("Witnessed in the journals of proxmox2, proxmox"), "\(report)")
    }
  }
}
