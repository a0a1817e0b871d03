import Foundation
import KepEdgeProbes
#if canImport(Glibc)
import Glibc
#endif

/// A tiny `sh` beside the lab that cleans up when kepedge ends without stopping the lab itself: a crash
/// (SIGSEGV, a Swift trap's SIGILL), SIGKILL, the OOM killer. Its stdin is one end of a socket pair whose
/// other end only kepedge holds (close-on-exec, so mosquitto and openssl never inherit it): when kepedge
/// dies by any means, the kernel closes that end, `read` sees EOF, and the watchdog stops the processes it
/// was told about (only while their command line still names the folder: a reused pid is left alone) and
/// removes the folder with its device keys and owner connection string.
/// A clean stop says `done` first, and the watchdog exits without touching anything.
/// It ignores the terminal's signals (Ctrl-C, Ctrl-Z, a hang-up reach its process group): only EOF moves it.
final class LabWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var descriptor: Int32
    private let pid: pid_t

    static let script = """
        trap '' INT HUP QUIT TERM TSTP
        folder=$1
        pids=
        while read -r word pid; do
            case $word in
                watch) pids="$pids $pid" ;;
                done) exit 0 ;;
            esac
        done
        ours=
        for pid in $pids; do
            case $(tr '\\000' ' ' < /proc/$pid/cmdline 2>/dev/null) in
                *"$folder"*) ours="$ours $pid"; kill -TERM "$pid" 2>/dev/null ;;
            esac
        done
        for pid in $ours; do
            tries=0
            while kill -0 "$pid" 2>/dev/null && [ $tries -lt 30 ]; do sleep 0.1; tries=$((tries + 1)); done
            kill -KILL "$pid" 2>/dev/null
        done
        rm -rf -- "$folder"
        """

    /// Starts the watchdog for `folder`; nil when it cannot start (the lab still runs, cleaned up the usual ways).
    init?(folder: String) {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], 0)  // dup2 clears close-on-exec for stdin
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = ["/bin/sh", "-c", Self.script, "kepedge-lab-watchdog", folder]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment: [String] = ["PATH=/usr/bin:/bin"]
        let envp = environment.map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        var child: pid_t = 0
        let result = SpawnAttributes.withDefaultSignals { posix_spawn(&child, "/bin/sh", &actions, &$0, argv, envp) }
        close(ends[1])
        guard result == 0 else {
            close(ends[0])
            return nil
        }
        descriptor = ends[0]
        pid = child
    }

    /// Tells the watchdog to stop `processID` if kepedge dies.
    func watch(_ processID: pid_t) {
        say("watch \(processID)\n")
    }

    /// The lab stopped cleanly: the watchdog exits without touching anything (waits up to 2 s to reap it).
    func dismiss() {
        say("done\n")
        lock.withLock {
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }
        var status: Int32 = 0
        for _ in 0..<200 {
            if waitpid(pid, &status, WNOHANG) != 0 { return }
            usleep(10_000)
        }
    }

    /// MSG_NOSIGNAL: a watchdog that is gone must not kill kepedge with SIGPIPE.
    private func say(_ line: String) {
        lock.withLock {
            guard descriptor >= 0 else { return }
            let bytes = Array(line.utf8)
            _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}
