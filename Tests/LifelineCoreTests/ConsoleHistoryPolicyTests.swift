import LifelineCore
import Testing

@Suite("console: what the history keeps")
struct ConsoleHistoryPolicyTests {
  let redactor = Redactor(secrets: ["s3cr3t-value"])
  let secrets: Set<String> = ["token"]

  @Test(
    "secrets never reach the history",
    arguments: [
      ("load drill", "load drill"),
      ("exec pve1 pvecm status   ", "exec pve1 pvecm status"),
      (" exec pve1 rm -rf /var/lib/x", nil),
      ("", nil),
      ("set node pve2", "set node pve2"),
      ("set token s3cr3t-value", "set token"),
      ("set token=a-new-value", "set token"),
      ("set token another-value", "set token"),
      ("load drill node=pve2 token=abc", "load drill node=pve2"),
      ("exec pve1 echo s3cr3t-value", nil),
      ("exec local curl -H 'Authorization: PVEAPIToken=root@pam!x=1234'", nil),
      ("note password=hunter2 was set", nil),
      ("lod drill", "lod drill"),
    ] as [(String, String?)])
  func keeps(line: String, entry: String?) {
    #expect(ConsoleHistoryPolicy.entry(for: line, secretParameters: secrets, redactor: redactor) == entry)
  }
}
