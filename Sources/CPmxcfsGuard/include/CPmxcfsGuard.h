// The pmxcfs guard has no API: it is preloaded (/etc/ld.so.preload inside each lab node) and
// replaces libc's file-changing calls for paths under /etc/pve. See PmxcfsGuard.c.
