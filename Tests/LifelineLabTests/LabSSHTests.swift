import Testing

/// Tests against real labs (real sshd processes). They run one after another: each starts three
/// sshd and many short SSH sessions, and the machine has two cores.
@Suite(.serialized) struct LabSSHTests {}
