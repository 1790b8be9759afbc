// pmxcfs's file semantics for the lab's /etc/pve, which is a plain host directory bind-mounted
// into every node. Each lab node lists this library in its /etc/ld.so.preload, so every dynamically
// linked program on the node (shells, coreutils, editors, ssh-keygen) goes through these wrappers.
// They follow pve-cluster's src/pmxcfs:
//
// - dcdb.c dcdb_send_fuse_message: every change is refused with EACCES while the node is not
//   quorate ("Permission denied"). Like pmxcfs (quorum.c, `quorum_getquorate`), the wrapper asks
//   the node's own corosync at each change, through libquorum; a node whose corosync does not
//   answer is not quorate. The file `quorum-source` next to this library names the network
//   namespace of the node's corosync (`corosync PATH`), or says `local` for a node without a
//   cluster (pmxcfs in local mode), which is always writable; without that file (outside the
//   lab) nothing is refused for quorum.
// - pmxcfs.c fuse_ops has no .link and no .symlink, so FUSE answers ENOSYS.
// - memdb.c memdb_write/memdb_rename with status.c vmlist_different_vm_exists: a guest config
//   for a VMID that already has one elsewhere (another node, or the other guest type) is EEXIST,
//   except when a rename moves that VMID's own config.
// - memdb.c unlink_tree_entry: only empty directories can be renamed (ENOTEMPTY); lock
//   directories under priv/lock cannot be renamed at all (EACCES).
//
// The lab's own pmxcfs is the `lifeline-lab` simulator: it writes the shared state for the whole
// cluster, so processes whose executable is named `lifeline-lab` are not guarded.
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#define PVE "/etc/pve"

static void *next_symbol(const char *name) { return dlsym(RTLD_NEXT, name); }

static int guard_disabled(void) {
  static int disabled = -1;
  if (disabled < 0) {
    char exe[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
    disabled = 0;
    if (length > 0) {
      exe[length] = 0;
      const char *base = strrchr(exe, '/');
      disabled = strcmp(base ? base + 1 : exe, "lifeline-lab") == 0;
    }
  }
  return disabled;
}

// The absolute path `path` names (relative to `dirfd`), with symlinks in its directory part
// resolved, so /etc/pve/local/lxc/100.conf reads /etc/pve/nodes/NODE/lxc/100.conf.
static int resolve(int dirfd, const char *path, char *out) {
  char joined[PATH_MAX * 2];
  if (!path || !*path) return -1;
  if (path[0] == '/') {
    snprintf(joined, sizeof joined, "%s", path);
  } else {
    char base[PATH_MAX];
    if (dirfd == AT_FDCWD) {
      if (!getcwd(base, sizeof base)) return -1;
    } else {
      char link[64];
      snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
      ssize_t length = readlink(link, base, sizeof base - 1);
      if (length <= 0) return -1;
      base[length] = 0;
    }
    snprintf(joined, sizeof joined, "%s/%s", base, path);
  }
  size_t length = strlen(joined);
  while (length > 1 && joined[length - 1] == '/') joined[--length] = 0;
  char *slash = strrchr(joined, '/');
  const char *name = slash + 1;
  char parent[PATH_MAX];
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
    if (!realpath(joined, out)) return -1;
    return 0;
  }
  *slash = 0;
  if (!realpath(*joined ? joined : "/", parent)) snprintf(parent, sizeof parent, "%s", *joined ? joined : "/");
  snprintf(out, PATH_MAX, "%s/%s", strcmp(parent, "/") == 0 ? "" : parent, name);
  return 0;
}

static int in_pve(const char *absolute) {
  size_t length = strlen(PVE);
  return strncmp(absolute, PVE, length) == 0 && (absolute[length] == '/' || absolute[length] == 0);
}

// Whether the change of `path` is one this guard judges, writing its resolved form to `out`.
static int guarded(int dirfd, const char *path, char *out) {
  if (guard_disabled()) return 0;
  if (resolve(dirfd, path, out) != 0) return 0;
  return in_pve(out);
}

typedef uint64_t quorum_handle_t;
#define CS_OK 1

// The node's corosync's answer, through libquorum loaded on first use: the library is only
// needed by processes that change /etc/pve.
static int corosync_quorate(void) {
  static int (*initialize)(quorum_handle_t *, void *, uint32_t *);
  static int (*getquorate)(quorum_handle_t, int *);
  static int (*finalize)(quorum_handle_t);
  if (!initialize) {
    void *library = dlopen("libquorum.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!library) return 0;
    getquorate = (int (*)(quorum_handle_t, int *))dlsym(library, "quorum_getquorate");
    finalize = (int (*)(quorum_handle_t))dlsym(library, "quorum_finalize");
    initialize = (int (*)(quorum_handle_t *, void *, uint32_t *))dlsym(library, "quorum_initialize");
    if (!initialize || !getquorate || !finalize) return 0;
  }
  quorum_handle_t handle;
  uint32_t type;
  if (initialize(&handle, NULL, &type) != CS_OK) return 0;
  int quorate = 0;
  if (getquorate(handle, &quorate) != CS_OK) quorate = 0;
  finalize(handle);
  return quorate;
}

struct quorum_query {
  const char *network_namespace;
  int quorate;
};

// corosync's IPC sockets are abstract ones, seen only inside the network namespace the node's
// corosync runs in (the cluster network), while the node's shells run on the management network.
// A thread of its own joins that namespace to ask, so the calling thread stays where it is.
static void *ask_in_namespace(void *argument) {
  struct quorum_query *query = argument;
  int (*real_open)(const char *, int, ...) = next_symbol("open");
  int fd = real_open(query->network_namespace, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  int joined = setns(fd, CLONE_NEWNET) == 0;
  close(fd);
  if (joined) query->quorate = corosync_quorate();
  return NULL;
}

static int node_quorate(void) {
  static char source[PATH_MAX];
  if (!source[0]) {
    Dl_info info;
    if (!dladdr((void *)&node_quorate, &info) || !info.dli_fname) return 1;
    snprintf(source, sizeof source, "%s", info.dli_fname);
    char *slash = strrchr(source, '/');
    if (!slash) return 1;
    snprintf(slash + 1, sizeof source - (size_t)(slash + 1 - source), "quorum-source");
  }
  int (*real_open)(const char *, int, ...) = next_symbol("open");
  int fd = real_open(source, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  char line[PATH_MAX + 16] = {0};
  ssize_t got = read(fd, line, sizeof line - 1);
  close(fd);
  if (got <= 0) return 0;
  line[strcspn(line, "\n")] = 0;
  if (strcmp(line, "local") == 0) return 1;
  if (strncmp(line, "corosync ", 9) != 0) return 0;
  struct quorum_query query = {line + 9, 0};
  pthread_t thread;
  if (pthread_create(&thread, NULL, ask_in_namespace, &query) != 0) return 0;
  pthread_join(thread, NULL);
  return query.quorate;
}

// A guest config path: /etc/pve/nodes/NODE/{qemu-server,lxc}/VMID.conf.
static int vm_config(const char *absolute, char *node, char *type, long *vmid) {
  const char *prefix = PVE "/nodes/";
  if (strncmp(absolute, prefix, strlen(prefix)) != 0) return 0;
  const char *rest = absolute + strlen(prefix);
  const char *slash = strchr(rest, '/');
  if (!slash || slash == rest || (size_t)(slash - rest) >= NAME_MAX) return 0;
  memcpy(node, rest, (size_t)(slash - rest));
  node[slash - rest] = 0;
  const char *file = NULL;
  if (strncmp(slash, "/qemu-server/", 13) == 0) {
    strcpy(type, "qemu-server");
    file = slash + 13;
  } else if (strncmp(slash, "/lxc/", 5) == 0) {
    strcpy(type, "lxc");
    file = slash + 5;
  } else {
    return 0;
  }
  char *end = NULL;
  long number = strtol(file, &end, 10);
  if (end == file || number <= 0 || strcmp(end, ".conf") != 0 || file[0] == '0') return 0;
  *vmid = number;
  return 1;
}

// vmlist_different_vm_exists: the VMID has a config on another node or of the other type.
static int vmid_taken_elsewhere(const char *absolute) {
  char node[NAME_MAX], type[16];
  long vmid;
  if (!vm_config(absolute, node, type, &vmid)) return 0;
  DIR *nodes = opendir(PVE "/nodes");
  if (!nodes) return 0;
  int taken = 0;
  struct dirent *entry;
  while (!taken && (entry = readdir(nodes))) {
    if (entry->d_name[0] == '.') continue;
    const char *types[] = {"qemu-server", "lxc"};
    for (int index = 0; index < 2 && !taken; index++) {
      if (strcmp(entry->d_name, node) == 0 && strcmp(types[index], type) == 0) continue;
      char candidate[PATH_MAX];
      snprintf(candidate, sizeof candidate, PVE "/nodes/%s/%s/%ld.conf", entry->d_name, types[index], vmid);
      struct stat info;
      if (lstat(candidate, &info) == 0) taken = 1;
    }
  }
  closedir(nodes);
  return taken;
}

// The verdict on a change of one path: 0 to let it through, else the errno pmxcfs answers.
static int change_refused(int dirfd, const char *path, int writes_config) {
  char absolute[PATH_MAX];
  if (!guarded(dirfd, path, absolute)) return 0;
  if (!node_quorate()) return EACCES;
  if (writes_config && vmid_taken_elsewhere(absolute)) return EEXIST;
  return 0;
}

static int refuse(int error) {
  errno = error;
  return -1;
}

static int open_refused(int dirfd, const char *path, int flags) {
  if (!(flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC))) return 0;
  return change_refused(dirfd, path, 1);
}

// The mode argument, which exists only when the flags create a file.
#define READ_MODE(mode)                                                             \
  mode_t mode = 0;                                                                  \
  if (flags & (O_CREAT | __O_TMPFILE)) {                                            \
    va_list arguments;                                                              \
    va_start(arguments, flags);                                                     \
    mode = va_arg(arguments, mode_t);                                               \
    va_end(arguments);                                                              \
  }

#define OPEN_WRAPPER(name)                                                     \
  int name(const char *path, int flags, ...) {                                      \
    READ_MODE(mode)                                                                 \
    int error = open_refused(AT_FDCWD, path, flags);                                \
    if (error) return refuse(error);                                                \
    int (*real)(const char *, int, ...) = next_symbol(#name);                       \
    return real(path, flags, mode);                                                 \
  }
OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)

#define OPENAT_WRAPPER(name)                                                        \
  int name(int dirfd, const char *path, int flags, ...) {                           \
    READ_MODE(mode)                                                                 \
    int error = open_refused(dirfd, path, flags);                                   \
    if (error) return refuse(error);                                                \
    int (*real)(int, const char *, int, ...) = next_symbol(#name);                  \
    return real(dirfd, path, flags, mode);                                          \
  }
OPENAT_WRAPPER(openat)
OPENAT_WRAPPER(openat64)

// The fortified entry points _FORTIFY_SOURCE builds call when no mode is passed.
#define OPEN2_WRAPPER(name)                                                         \
  int name(const char *path, int flags) {                                           \
    int error = open_refused(AT_FDCWD, path, flags);                                \
    if (error) return refuse(error);                                                \
    int (*real)(const char *, int) = next_symbol(#name);                            \
    return real(path, flags);                                                       \
  }
OPEN2_WRAPPER(__open_2)
OPEN2_WRAPPER(__open64_2)

#define OPENAT2_WRAPPER(name)                                                       \
  int name(int dirfd, const char *path, int flags) {                                \
    int error = open_refused(dirfd, path, flags);                                   \
    if (error) return refuse(error);                                                \
    int (*real)(int, const char *, int) = next_symbol(#name);                       \
    return real(dirfd, path, flags);                                                \
  }
OPENAT2_WRAPPER(__openat_2)
OPENAT2_WRAPPER(__openat64_2)

#define CREAT_WRAPPER(name)                                                         \
  int name(const char *path, mode_t mode) {                                         \
    int error = change_refused(AT_FDCWD, path, 1);                                  \
    if (error) return refuse(error);                                                \
    int (*real)(const char *, mode_t) = next_symbol(#name);                         \
    return real(path, mode);                                                        \
  }
CREAT_WRAPPER(creat)
CREAT_WRAPPER(creat64)

// glibc's fopen opens through an internal call the wrappers above never see.
#define FOPEN_WRAPPER(name)                                                         \
  FILE *name(const char *path, const char *mode) {                                  \
    int error = strpbrk(mode, "wa+") ? change_refused(AT_FDCWD, path, 1) : 0;        \
    if (error) {                                                                    \
      errno = error;                                                                \
      return NULL;                                                                  \
    }                                                                               \
    FILE *(*real)(const char *, const char *) = next_symbol(#name);                 \
    return real(path, mode);                                                        \
  }
FOPEN_WRAPPER(fopen)
FOPEN_WRAPPER(fopen64)

#define FREOPEN_WRAPPER(name)                                                       \
  FILE *name(const char *path, const char *mode, FILE *stream) {                    \
    int error = path && strpbrk(mode, "wa+") ? change_refused(AT_FDCWD, path, 1) : 0; \
    if (error) {                                                                    \
      errno = error;                                                                \
      return NULL;                                                                  \
    }                                                                               \
    FILE *(*real)(const char *, const char *, FILE *) = next_symbol(#name);         \
    return real(path, mode, stream);                                                \
  }
FREOPEN_WRAPPER(freopen)
FREOPEN_WRAPPER(freopen64)

// mkstemp and its kin create their file through internal calls too.
#define MKSTEMP_WRAPPER(name, parameters, arguments)                                \
  int name parameters {                                                             \
    int error = change_refused(AT_FDCWD, template, 0);                              \
    if (error) return refuse(error);                                                \
    int(*real) parameters = next_symbol(#name);                                     \
    return real arguments;                                                          \
  }
MKSTEMP_WRAPPER(mkstemp, (char *template), (template))
MKSTEMP_WRAPPER(mkstemp64, (char *template), (template))
MKSTEMP_WRAPPER(mkostemp, (char *template, int flags), (template, flags))
MKSTEMP_WRAPPER(mkostemp64, (char *template, int flags), (template, flags))
MKSTEMP_WRAPPER(mkstemps, (char *template, int suffix), (template, suffix))
MKSTEMP_WRAPPER(mkstemps64, (char *template, int suffix), (template, suffix))
MKSTEMP_WRAPPER(mkostemps, (char *template, int suffix, int flags), (template, suffix, flags))
MKSTEMP_WRAPPER(mkostemps64, (char *template, int suffix, int flags), (template, suffix, flags))

// Calls that change one path and otherwise pass their arguments through unchanged.
#define PATH_WRAPPER(name, dirfd, path, parameters, arguments)                      \
  int name parameters {                                                             \
    int error = change_refused(dirfd, path, 0);                                     \
    if (error) return refuse(error);                                                \
    int(*real) parameters = next_symbol(#name);                                     \
    return real arguments;                                                          \
  }
PATH_WRAPPER(mkdir, AT_FDCWD, path, (const char *path, mode_t mode), (path, mode))
PATH_WRAPPER(mkdirat, dirfd, path, (int dirfd, const char *path, mode_t mode), (dirfd, path, mode))
PATH_WRAPPER(rmdir, AT_FDCWD, path, (const char *path), (path))
PATH_WRAPPER(unlink, AT_FDCWD, path, (const char *path), (path))
PATH_WRAPPER(unlinkat, dirfd, path, (int dirfd, const char *path, int flags), (dirfd, path, flags))
PATH_WRAPPER(truncate, AT_FDCWD, path, (const char *path, off_t length), (path, length))
PATH_WRAPPER(truncate64, AT_FDCWD, path, (const char *path, off64_t length), (path, length))
PATH_WRAPPER(utime, AT_FDCWD, path, (const char *path, const struct utimbuf *times), (path, times))
PATH_WRAPPER(utimes, AT_FDCWD, path, (const char *path, const struct timeval times[2]), (path, times))
PATH_WRAPPER(lutimes, AT_FDCWD, path, (const char *path, const struct timeval times[2]), (path, times))
PATH_WRAPPER(
  utimensat, dirfd, path, (int dirfd, const char *path, const struct timespec times[2], int flags),
  (dirfd, path, times, flags))
PATH_WRAPPER(chmod, AT_FDCWD, path, (const char *path, mode_t mode), (path, mode))
PATH_WRAPPER(fchmodat, dirfd, path, (int dirfd, const char *path, mode_t mode, int flags), (dirfd, path, mode, flags))
PATH_WRAPPER(chown, AT_FDCWD, path, (const char *path, uid_t owner, gid_t group), (path, owner, group))
PATH_WRAPPER(lchown, AT_FDCWD, path, (const char *path, uid_t owner, gid_t group), (path, owner, group))
PATH_WRAPPER(
  fchownat, dirfd, path, (int dirfd, const char *path, uid_t owner, gid_t group, int flags),
  (dirfd, path, owner, group, flags))

// pmxcfs has neither hard links nor symlinks.
static int link_refused(int dirfd, const char *path) {
  char absolute[PATH_MAX];
  return guarded(dirfd, path, absolute) ? ENOSYS : 0;
}

int link(const char *old, const char *new) {
  int error = link_refused(AT_FDCWD, new);
  if (error) return refuse(error);
  int (*real)(const char *, const char *) = next_symbol("link");
  return real(old, new);
}

int linkat(int olddirfd, const char *old, int newdirfd, const char *new, int flags) {
  int error = link_refused(newdirfd, new);
  if (error) return refuse(error);
  int (*real)(int, const char *, int, const char *, int) = next_symbol("linkat");
  return real(olddirfd, old, newdirfd, new, flags);
}

int symlink(const char *target, const char *path) {
  int error = link_refused(AT_FDCWD, path);
  if (error) return refuse(error);
  int (*real)(const char *, const char *) = next_symbol("symlink");
  return real(target, path);
}

int symlinkat(const char *target, int dirfd, const char *path) {
  int error = link_refused(dirfd, path);
  if (error) return refuse(error);
  int (*real)(const char *, int, const char *) = next_symbol("symlinkat");
  return real(target, dirfd, path);
}

static int directory_has_entries(const char *absolute) {
  DIR *directory = opendir(absolute);
  if (!directory) return 0;
  int entries = 0;
  struct dirent *entry;
  while (!entries && (entry = readdir(directory))) {
    entries = strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0;
  }
  closedir(directory);
  return entries;
}

static int is_directory(const char *absolute) {
  struct stat info;
  return lstat(absolute, &info) == 0 && S_ISDIR(info.st_mode);
}

// memdb_rename: quorum first (dcdb), then the VMID rule, lock directories, and empty directories only.
static int rename_refused(int olddirfd, const char *old, int newdirfd, const char *new) {
  char from[PATH_MAX], to[PATH_MAX];
  int from_pve = guarded(olddirfd, old, from);
  int to_pve = guarded(newdirfd, new, to);
  if (!from_pve && !to_pve) return 0;
  if (!node_quorate()) return EACCES;
  if (!from_pve || !to_pve) return 0;  // across file systems: the kernel answers EXDEV
  if (is_directory(from)) {
    if (strncmp(from, PVE "/priv/lock/", strlen(PVE "/priv/lock/")) == 0) return EACCES;
    if (is_directory(to) && directory_has_entries(to)) return ENOTEMPTY;
    if (directory_has_entries(from)) return ENOTEMPTY;
    return 0;
  }
  char node[NAME_MAX], type[16];
  long from_vmid = 0, to_vmid = 0;
  int from_config = vm_config(from, node, type, &from_vmid);
  if (vm_config(to, node, type, &to_vmid) && !(from_config && from_vmid == to_vmid) && vmid_taken_elsewhere(to)) {
    return EEXIST;
  }
  return 0;
}

int rename(const char *old, const char *new) {
  int error = rename_refused(AT_FDCWD, old, AT_FDCWD, new);
  if (error) return refuse(error);
  int (*real)(const char *, const char *) = next_symbol("rename");
  return real(old, new);
}

int renameat(int olddirfd, const char *old, int newdirfd, const char *new) {
  int error = rename_refused(olddirfd, old, newdirfd, new);
  if (error) return refuse(error);
  int (*real)(int, const char *, int, const char *) = next_symbol("renameat");
  return real(olddirfd, old, newdirfd, new);
}

int renameat2(int olddirfd, const char *old, int newdirfd, const char *new, unsigned int flags) {
  int error = rename_refused(olddirfd, old, newdirfd, new);
  if (error) return refuse(error);
  int (*real)(int, const char *, int, const char *, unsigned int) = next_symbol("renameat2");
  return real(olddirfd, old, newdirfd, new, flags);
}
