// OpenSSL 3 for Swift. Deprecated 1.x calls fail at compile time instead of warning,
// and the function-like macros Swift cannot import get prefixed wrappers here.
#ifndef KEPEDGE_COPENSSL_SHIM_H
#define KEPEDGE_COPENSSL_SHIM_H
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/evp.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/bn.h>

static inline long kepedge_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline long kepedge_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline int kepedge_sk_X509_num(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }
static inline X509 *kepedge_sk_X509_value(const STACK_OF(X509) *stack, int i) { return sk_X509_value(stack, i); }
static inline int kepedge_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) { return sk_GENERAL_NAME_num(names); }
static inline GENERAL_NAME *kepedge_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int i) {
    return sk_GENERAL_NAME_value(names, i);
}
static inline void kepedge_GENERAL_NAMES_free(GENERAL_NAMES *names) { GENERAL_NAMES_free(names); }
static inline long kepedge_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
static inline void kepedge_OPENSSL_free(void *pointer) { OPENSSL_free(pointer); }

/* Certificates: names, keys and the store. */
static inline unsigned long kepedge_name_flags_rfc2253_utf8(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }
static inline EVP_PKEY *kepedge_EVP_RSA_gen(unsigned int bits) { return EVP_RSA_gen(bits); }
static inline X509 *kepedge_PEM_read_bio_X509(BIO *bio) { return PEM_read_bio_X509(bio, NULL, NULL, NULL); }

#endif
