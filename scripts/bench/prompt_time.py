"""Time from starting a program on a terminal until it shows its prompt (for `make bench`).

Starts COMMAND on a new pseudo-terminal (80x24), reads what it prints, and stops the clock at
the first moment the output, with terminal escape sequences removed, ends with something
matching PROMPT (a Python regular expression; the default wants `> `, `$ `, `# ` or `% ` as
the very last thing shown, with no newline after it), provided the program then stays silent
and alive for --settle seconds (not counted). Then it types "quit", waits a moment and kills
the program if it is still there (by its PID).

Prints the seconds to stdout and exits 0; exits 3 if no prompt appeared within --timeout,
printing what the program did show to stderr. Needs only the standard library.

Usage: python3 prompt_time.py [--prompt REGEX] [--timeout SECONDS] -- COMMAND [ARG...]
"""

import argparse
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import fcntl
import time

ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-Z\\-_]|[\r\x07]")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompt", default=r"[>$#%] ?\Z")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--settle", type=float, default=0.2, help="quiet seconds that confirm a prompt (not timed)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    prompt = re.compile(args.prompt.encode())

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM=os.environ.get("TERM", "xterm") if os.environ.get("TERM") not in (None, "", "dumb") else "xterm")
    start = time.perf_counter()
    child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, start_new_session=True, env=env)
    os.close(slave)
    seen = b""
    elapsed = None
    deadline = start + args.timeout
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        ready, _, _ = select.select([master], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            break  # the program closed the terminal (exited) without a prompt
        seen += chunk
        if elapsed is None and prompt.search(ESCAPES.sub(b"", seen)):
            elapsed = time.perf_counter() - start
        if elapsed is not None:
            # A prompt is where the program waits: it must stay quiet and alive for a moment,
            # else the match was a chunk boundary in other output ("Usage: x <cmd>|\n...").
            quiet, _, _ = select.select([master], [], [], args.settle)
            if not quiet and child.poll() is None:
                break
            elapsed = None
    try:
        os.write(master, b"quit\n")
    except OSError:
        pass
    try:
        child.wait(timeout=2)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    os.close(master)
    if elapsed is None:
        sys.stderr.write("no prompt; the program showed: %r\n" % ESCAPES.sub(b"", seen)[-400:])
        sys.exit(3)
    print("%.6f" % elapsed)


if __name__ == "__main__":
    main()
