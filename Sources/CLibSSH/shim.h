#include <pthread.h>
#include <libssh/libssh.h>
#include <libssh/callbacks.h>
/* HMAC-SHA1, for the hashed host names of known_hosts (libssh links libcrypto already). */
#include <openssl/hmac.h>
#include <openssl/evp.h>

/* pthread_setname_np is a GNU extension that Swift's Glibc module does not export. Naming the
   per-node threads makes them visible in ps, top and /proc/PID/task/TID/comm. */
extern int pthread_setname_np(pthread_t thread, const char *name);
static inline int clibssh_name_current_thread(const char *name) { return pthread_setname_np(pthread_self(), name); }
