import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// posix_spawn attributes for a child that starts with an empty signal mask and default handlers for
/// SIGTERM, SIGINT, SIGPIPE and SIGHUP, whatever the spawning process blocks or ignores.
public enum SpawnAttributes {
    public static func withDefaultSignals<Result>(_ spawn: (inout posix_spawnattr_t) -> Result) -> Result {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return spawn(&attributes)
    }
}
