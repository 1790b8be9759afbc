#include <stddef.h>
#include <openssl/sha.h>

/* OpenSSL's one-shot SHA-256 under a name that does not collide with the core's `SHA256`
   type. libcrypto picks the fastest code the CPU supports (SHA-NI, AVX2) at run time. */
static inline void clibcrypto_sha256(const void *data, size_t count, unsigned char *digest) {
  SHA256((const unsigned char *)data, count, digest);
}
