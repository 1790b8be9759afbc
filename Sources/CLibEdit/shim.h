#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <unistd.h>
#include <histedit.h>

/* el_set, el_get and history are variadic, which Swift cannot call: typed wrappers. */
typedef unsigned char (*cedit_fn_t)(EditLine *, int);
typedef char *(*cedit_prompt_t)(EditLine *);
static inline int cedit_set_prompt(EditLine *el, cedit_prompt_t fn) { return el_set(el, EL_PROMPT, fn); }
/* Characters between two `delimiter`s are printed but take no room (colour sequences). */
static inline int cedit_set_prompt_esc(EditLine *el, cedit_prompt_t fn, char delimiter) { return el_set(el, EL_PROMPT_ESC, fn, delimiter); }
static inline int cedit_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int cedit_set_addfn(EditLine *el, const char *n, const char *help, cedit_fn_t fn) { return el_set(el, EL_ADDFN, n, help, fn); }
static inline int cedit_set_bind(EditLine *el, const char *key, const char *fn) { return el_set(el, EL_BIND, key, fn, NULL); }
static inline int cedit_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int cedit_set_clientdata(EditLine *el, void *d) { return el_set(el, EL_CLIENTDATA, d); }
static inline void *cedit_get_clientdata(EditLine *el) { void *d = NULL; el_get(el, EL_CLIENTDATA, &d); return d; }
static inline int chist_setsize(History *h, HistEvent *ev, int n) { return history(h, ev, H_SETSIZE, n); }
static inline int chist_setunique(History *h, HistEvent *ev, int u) { return history(h, ev, H_SETUNIQUE, u); }
static inline int chist_enter(History *h, HistEvent *ev, const char *s) { return history(h, ev, H_ENTER, s); }
static inline int chist_load(History *h, HistEvent *ev, const char *p) { return history(h, ev, H_LOAD, p); }
static inline int chist_save(History *h, HistEvent *ev, const char *p) { return history(h, ev, H_SAVE, p); }
static inline int chist_save_fp(History *h, HistEvent *ev, FILE *fp) { return history(h, ev, H_SAVE_FP, fp); }

/* Swift 6 rejects mutable C globals such as stdin: accessors. */
static inline FILE *cedit_stdin(void) { return stdin; }
static inline FILE *cedit_stdout(void) { return stdout; }
static inline FILE *cedit_stderr(void) { return stderr; }

/*
 * Ctrl-C while a blocking read waits for a line.
 *
 * The handler is installed without SA_RESTART, so the read(2) inside el_gets fails with
 * EINTR and el_gets returns. The kernel may deliver SIGINT to any thread, though, and only
 * the reading thread's read is interrupted: a handler running elsewhere forwards the signal
 * to the reader with pthread_kill. Every Ctrl-C also writes one byte to a pipe (only the
 * handler on the reader, or on any thread when nobody reads, writes it), so ordinary code
 * can react to it outside the signal handler.
 *
 * These functions share static state. Static variables of a header are private to each
 * object file that uses them, so exactly one Swift file (InterruptSignal.swift) calls them.
 * Swift's importer does not emit a file-scope static that only other inline functions use
 * (the link fails); a function-local static is emitted with its function, hence
 * cedit_interrupt_state().
 *
 * SwiftPM does not notice a change to this header: after editing it, touch the Swift files
 * of LifelineLineEditor (or remove their build folder), or they keep the old code.
 */
typedef struct {
  volatile sig_atomic_t pipe_write_fd;
  volatile sig_atomic_t reader_waiting;
  pthread_t reader_thread;
} cedit_interrupt_state_t;

/* A function-local static: Swift's importer emits it with the function that owns it. */
static inline cedit_interrupt_state_t *cedit_interrupt_state(void) {
  static cedit_interrupt_state_t state = {-1, 0, 0};
  return &state;
}

static inline void cedit_interrupt_handler(int signal_number) {
  int saved_errno = errno;
  cedit_interrupt_state_t *state = cedit_interrupt_state();
  if (state->reader_waiting && !pthread_equal(pthread_self(), state->reader_thread)) {
    pthread_kill(state->reader_thread, signal_number);
  } else if (state->pipe_write_fd >= 0) {
    char byte = 1;
    ssize_t ignored = write(state->pipe_write_fd, &byte, 1);
    (void)ignored;
  }
  errno = saved_errno;
}

static inline int cedit_interrupt_install(int pipe_write_fd) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = cedit_interrupt_handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0; /* no SA_RESTART: a blocked read must return EINTR */
  cedit_interrupt_state()->pipe_write_fd = pipe_write_fd;
  return sigaction(SIGINT, &action, NULL);
}

static inline void cedit_interrupt_uninstall(void) {
  signal(SIGINT, SIG_DFL);
  cedit_interrupt_state()->pipe_write_fd = -1;
}

/*
 * The calling thread is about to block in a read that Ctrl-C must interrupt. A thread
 * inherits its creator's signal mask, and the threads of Swift's thread pool block SIGINT,
 * so the reader unblocks it for itself first.
 */
static inline void cedit_reader_begin(void) {
  sigset_t interrupt_only;
  sigemptyset(&interrupt_only);
  sigaddset(&interrupt_only, SIGINT);
  pthread_sigmask(SIG_UNBLOCK, &interrupt_only, NULL);
  cedit_interrupt_state_t *state = cedit_interrupt_state();
  state->reader_thread = pthread_self();
  state->reader_waiting = 1;
}

static inline void cedit_reader_end(void) { cedit_interrupt_state()->reader_waiting = 0; }
