/// The shell script that stops a remote process group: TERM, up to `grace` for the group to
/// go, then KILL for whatever is left.
///
/// It runs in the user's login shell on a second channel of the same session. It is written for
/// any POSIX shell; dash's `kill` rejects `--`, so the group is given as `-PGID` right after the
/// signal.
struct ProcessGroupKill {
  var group: Int32
  var grace: Duration

  var script: String {
    let tenths = max(1, grace.milliseconds / 100)
    return """
      kill -TERM -\(group) 2>/dev/null; i=0; \
      while kill -0 -\(group) 2>/dev/null && [ $i -lt \(tenths) ]; do sleep 0.1; i=$((i+1)); done; \
      kill -0 -\(group) 2>/dev/null && kill -KILL -\(group) 2>/dev/null; true
      """
  }

  /// How long to wait for the script before giving up on it.
  var longestRun: Duration { grace + RemoteCommand.shellStartAllowance }
}
