"""Comparison (d) of `make bench`: COUNT commands on one asyncssh connection.

Runs in the throwaway virtualenv that scripts/bench.sh creates (pip install asyncssh). One
connection (strict host-key check against KNOWN_HOSTS, the given key only, no agent, no
~/.ssh/config), then `conn.run(COMMAND)` COUNT times, one after the other, as a runbook
would. The bench times the whole process, interpreter start-up and import included.

Usage: python asyncssh_loop.py HOST PORT USER KEYFILE KNOWN_HOSTS COUNT COMMAND
"""

import asyncio
import sys

import asyncssh


async def main(host, port, user, key, known_hosts, count, command):
    async with asyncssh.connect(
        host,
        port=port,
        username=user,
        client_keys=[key],
        known_hosts=known_hosts,
        agent_path=None,
        config=[],
    ) as conn:
        failed = 0
        received = 0
        for _ in range(count):
            result = await conn.run(command, encoding=None)
            received += len(result.stdout or b"") + len(result.stderr or b"")
            if result.exit_status != 0:
                failed += 1
        kex = conn.get_extra_info("recv_cipher")
        print(f"{count} commands, {received} bytes, {failed} failed, cipher {kex}", file=sys.stderr)
        return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 8:
        sys.exit(__doc__)
    h, p, u, k, kh, n, c = sys.argv[1:]
    sys.exit(asyncio.run(main(h, int(p), u, k, kh, int(n), c)))
