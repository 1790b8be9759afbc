#include <stdio.h>
#include <histedit.h>

/* el_set, el_get and history are variadic, which Swift cannot call: typed wrappers. */
typedef unsigned char (*cedit_fn_t)(EditLine *, int);
typedef char *(*cedit_prompt_t)(EditLine *);
static inline int cedit_set_prompt(EditLine *el, cedit_prompt_t fn) { return el_set(el, EL_PROMPT, fn); }
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

/* Swift 6 rejects mutable C globals such as stdin: accessors. */
static inline FILE *cedit_stdin(void) { return stdin; }
static inline FILE *cedit_stdout(void) { return stdout; }
static inline FILE *cedit_stderr(void) { return stderr; }
