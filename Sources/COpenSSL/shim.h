#ifndef SWITCHBOARD_COPENSSL_SHIM_H
#define SWITCHBOARD_COPENSSL_SHIM_H
// OpenSSL for TLS (wss://, https://) and hashing (SHA-1 for Sec-WebSocket-Accept, SHA-256 for
// token hashes). Function-like macros do not import into Swift; wrap them here as static inline.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/bio.h>
#endif
