/*
 * The floor for `make bench`: the least a libssh client can do to run COUNT commands on one
 * node. One session (connect, strict host-key check, public-key auth), then per command a new
 * channel: open, exec, read stdout and stderr to EOF (discarded, but counted), exit status,
 * close. The server forks a shell for every command, exactly as it does for Lifeline.
 *
 * Built at bench time by scripts/bench.sh:  gcc -O2 -o bare_libssh bare_libssh.c -lssh
 * Usage: bare_libssh HOST PORT USER KEYFILE KNOWN_HOSTS COUNT COMMAND
 * Exits 0 only if every command exited 0; prints "<count> commands, <bytes> bytes" to stderr.
 */
#include <libssh/libssh.h>
#include <stdio.h>
#include <stdlib.h>

static int fail(ssh_session s, const char *what) {
    fprintf(stderr, "bare_libssh: %s: %s\n", what, s ? ssh_get_error(s) : "");
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: %s HOST PORT USER KEYFILE KNOWN_HOSTS COUNT COMMAND\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *user = argv[3], *keyfile = argv[4], *known = argv[5], *command = argv[7];
    unsigned int port = (unsigned int)atoi(argv[2]);
    long count = atol(argv[6]);
    long timeout = 10;
    int no = 0, yes = 1;

    ssh_session s = ssh_new();
    if (!s) return fail(NULL, "ssh_new");
    ssh_options_set(s, SSH_OPTIONS_HOST, host);
    ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    ssh_options_set(s, SSH_OPTIONS_USER, user);
    ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, known);
    ssh_options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
    ssh_options_set(s, SSH_OPTIONS_NODELAY, &yes);
    if (ssh_connect(s) != SSH_OK) return fail(s, "connect");
    if (ssh_session_is_known_server(s) != SSH_KNOWN_HOSTS_OK) return fail(s, "host key not known");
    ssh_key key = NULL;
    if (ssh_pki_import_privkey_file(keyfile, NULL, NULL, NULL, &key) != SSH_OK) return fail(s, "key");
    if (ssh_userauth_publickey(s, NULL, key) != SSH_AUTH_SUCCESS) return fail(s, "auth");
    ssh_key_free(key);

    ssh_event event = ssh_event_new();
    if (!event || ssh_event_add_session(event, s) != SSH_OK) return fail(s, "event");
    static char buf[256 * 1024];
    long long bytes = 0;
    int failures = 0;
    for (long i = 0; i < count; i++) {
        ssh_channel ch = ssh_channel_new(s);
        if (!ch) return fail(s, "channel_new");
        if (ssh_channel_open_session(ch) != SSH_OK) return fail(s, "open_session");
        if (ssh_channel_request_exec(ch, command) != SSH_OK) return fail(s, "exec");
        /* Both streams until EOF: nonblocking reads, and a poll on the session when idle. */
        for (;;) {
            int progressed = 0;
            for (int is_err = 0; is_err < 2; is_err++) {
                int n = ssh_channel_read_nonblocking(ch, buf, sizeof buf, is_err);
                if (n == SSH_ERROR) return fail(s, "read");
                if (n > 0) { bytes += n; progressed = 1; }
            }
            if (progressed) continue;
            if (ssh_channel_is_eof(ch)) break;
            /* Wakes on any packet: stdout, stderr, EOF, exit status, window adjust. */
            if (ssh_event_dopoll(event, 10000) == SSH_ERROR) return fail(s, "poll");
        }
        int status = ssh_channel_get_exit_status(ch);
        if (status != 0) failures++;
        ssh_channel_send_eof(ch);
        ssh_channel_close(ch);
        ssh_channel_free(ch);
    }
    ssh_event_remove_session(event, s);
    ssh_event_free(event);
    ssh_disconnect(s);
    ssh_free(s);
    fprintf(stderr, "%ld commands, %lld bytes, %d failed\n", count, bytes, failures);
    return failures ? 1 : 0;
}
