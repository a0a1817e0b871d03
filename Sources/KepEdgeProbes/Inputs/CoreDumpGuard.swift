import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps secrets in memory (device keys, hub-owner keys, SAS tokens, the Kepware password) out of core
/// files: no core file (`RLIMIT_CORE` 0) and not dumpable (`PR_SET_DUMPABLE` 0), which also covers a
/// `core_pattern` pipe such as systemd-coredump (it ignores `RLIMIT_CORE` 0) and stops other processes of
/// the same user from reading this one's memory through ptrace or /proc/PID/mem.
public enum CoreDumpGuard {
    /// Applies both; true when both took. Called first thing by kepedge, before any secret is read.
    @discardableResult
    public static func engage() -> Bool {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        let limited = setrlimit(Int32(RLIMIT_CORE.rawValue), &none) == 0
        return limited && setNotDumpable()
    }

    /// Whether the kernel says this process may dump core (`PR_GET_DUMPABLE`).
    public static var isDumpable: Bool { prctlCall(3 /* PR_GET_DUMPABLE */, 0) != 0 }

    /// The soft `RLIMIT_CORE`.
    public static var coreLimit: UInt64 {
        var current = rlimit()
        getrlimit(Int32(RLIMIT_CORE.rawValue), &current)
        return UInt64(current.rlim_cur)
    }

    private static func setNotDumpable() -> Bool { prctlCall(4 /* PR_SET_DUMPABLE */, 0) == 0 }

    /// prctl(2) is variadic, which Swift cannot call; its integer arguments pass the same way through a
    /// fixed-argument pointer on Linux's x86-64 and arm64 calling conventions.
    private static func prctlCall(_ option: Int32, _ argument: UInt) -> Int32 {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "prctl") else { return -1 }
        return unsafeBitCast(symbol, to: Prctl.self)(option, argument, 0, 0, 0)
    }
}
