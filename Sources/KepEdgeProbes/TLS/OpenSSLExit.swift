import COpenSSL

/// Lets kepedge end while another thread is inside OpenSSL.
///
/// By default OpenSSL registers an `atexit` handler (`OPENSSL_cleanup`) that frees its global locks and
/// tables. kepedge ends with threads that may be in OpenSSL at that moment: the IoT Hub reader reconnecting
/// (Proton loads the default CA paths for every connection), libmosquitto's network threads, a TLS probe.
/// A thread that takes one of those freed locks crashes the exit (seen as `lab exited 139` after F10 in the
/// lab: `CRYPTO_THREAD_write_lock` on a NULL lock under `pn_ssl_domain`). `OPENSSL_INIT_NO_ATEXIT` is
/// OpenSSL's own answer ("suppresses that behaviour", OPENSSL_init_crypto(3), 1.1.1b and later); the kernel
/// takes the memory back anyway.
public enum OpenSSLExit {
    /// Call before anything else in the process uses OpenSSL: only the first initialisation decides
    /// whether the handler is registered. True when OpenSSL accepted it.
    @discardableResult
    public static func keepStateUntilExit() -> Bool {
        OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil) == 1
    }
}
