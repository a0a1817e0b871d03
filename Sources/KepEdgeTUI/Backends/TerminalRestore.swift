import Foundation
#if canImport(Glibc)
import Glibc
#endif

// State the signal handlers read. Signal handlers cannot capture context, so these are process globals,
// written once on the UI thread before the handlers are installed and only read afterwards.
nonisolated(unsafe) private var savedTerminalSettings = termios()
nonisolated(unsafe) private var hasSavedTerminalSettings: Int32 = 0
nonisolated(unsafe) private var signalWakeDescriptor: Int32 = -1
nonisolated(unsafe) private var cursesResizeHandler: (@convention(c) (Int32) -> Void)?
// The dispositions the exit signals had before the loop routed them (a lab ignores them and waits on its own).
nonisolated(unsafe) private var previousExitHandlers: [Int32: (@convention(c) (Int32) -> Void)?] = [:]

/// The last line of defence for the user's terminal. The normal path is `endwin`; this covers the others:
/// - SIGINT/SIGTERM/SIGHUP/SIGQUIT (Ctrl-\) only write the signal number to the UI loop's wake pipe (async-signal-safe),
///   so the loop ends and calls `endwin` on its own thread;
/// - a crash (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE) and `exit` restore the saved termios with
///   `tcsetattr` and leave the alternate screen with `write`, both async-signal-safe.
public enum TerminalRestore {
    static let exitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Saves stdin's terminal settings (before curses changes them) and installs the crash and exit paths.
    public static func saveAndInstallFallbacks() {
        if tcgetattr(STDIN_FILENO, &savedTerminalSettings) == 0 {
            hasSavedTerminalSettings = 1
        }
        atexit { TerminalRestore.restoreSavedSettings() }
        for signalNumber in crashSignals {
            signal(signalNumber) { signalNumber in
                TerminalRestore.restoreSavedSettings()
                signal(signalNumber, SIG_DFL)
                raise(signalNumber)
            }
        }
    }

    /// Routes SIGINT, SIGTERM, SIGHUP and SIGQUIT to `descriptor` (the write end of the loop's wake pipe): the
    /// handler writes the signal number as one byte.
    static func routeExitSignals(to descriptor: Int32) {
        signalWakeDescriptor = descriptor
        // The loop's thread may come from a pool that blocks these (a lab's async command starts it);
        // unblocked here, a signal always has a thread to run its handler on.
        var routed = sigset_t()
        sigemptyset(&routed)
        for signalNumber in exitSignals + [SIGTSTP, SIGWINCH] { sigaddset(&routed, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &routed, nil)
        for signalNumber in exitSignals {
            previousExitHandlers[signalNumber] = signal(signalNumber) { signalNumber in
                var byte = UInt8(truncatingIfNeeded: signalNumber)
                _ = write(signalWakeDescriptor, &byte, 1)
            }
        }
    }

    /// On SIGWINCH, calls curses' own handler (installed by `newterm`), which marks the resize for the next
    /// `wgetch` to return as `KEY_RESIZE`, then wakes the loop. Without the wake, a SIGWINCH delivered to
    /// another thread would leave the loop asleep in `poll` until the next key. The order matters: woken first,
    /// the loop could read keys before the mark was set, see no resize, and sleep again with the screen at the
    /// old size (a CI run caught it: the too-small message never came). Call after the backend started.
    static func wakeOnResize() {
        let previous = signal(SIGWINCH) { signalNumber in
            if let handler = cursesResizeHandler { handler(signalNumber) }
            var byte = UInt8(truncatingIfNeeded: signalNumber)
            _ = write(signalWakeDescriptor, &byte, 1)
        }
        // SIG_DFL is nil here; SIG_IGN (1) and SIG_ERR (-1) are not functions to call.
        let address = previous.map { unsafeBitCast($0, to: Int.self) } ?? 0
        cursesResizeHandler = address > 1 ? previous : nil
        // Ctrl-Z reaches the loop too (instead of curses' own handler, which would run on any thread):
        // the loop gives the terminal back, stops, and repaints on `fg`.
        signal(SIGTSTP) { signalNumber in
            var byte = UInt8(truncatingIfNeeded: signalNumber)
            _ = write(signalWakeDescriptor, &byte, 1)
        }
    }

    /// Stops the process with the default SIGTSTP action (as a shell expects from Ctrl-Z); returns once
    /// it is continued.
    static func stopUntilContinued() {
        let routed = signal(SIGTSTP, SIG_DFL)
        var pending = sigset_t()
        sigemptyset(&pending)
        sigaddset(&pending, SIGTSTP)
        // This thread may have SIGTSTP blocked (a lab's signal threads do): let it through here.
        var previousMask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &pending, &previousMask)
        // `raise` aims at this thread, so the process stops before it returns. `kill(getpid())` let the kernel
        // hand the signal to the main thread, which took it only after the handler below was back: the handler
        // then asked for another suspend, and the process never stopped (issue 16).
        raise(SIGTSTP)
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        signal(SIGTSTP, routed)
    }

    /// Puts the earlier dispositions back once the loop no longer listens (default ones for a plain
    /// `kepedge`; a lab's own stop handling for `kepedge lab`, so a hang-up still stops the lab cleanly).
    static func stopRoutingExitSignals() {
        for signalNumber in exitSignals {
            signal(signalNumber, previousExitHandlers[signalNumber] ?? SIG_DFL)
        }
        previousExitHandlers.removeAll()
        signal(SIGWINCH, cursesResizeHandler ?? SIG_DFL)
        signal(SIGTSTP, SIG_DFL)
        signalWakeDescriptor = -1
    }

    /// Async-signal-safe: termios back as saved, cursor visible, mouse reporting off, alternate screen left.
    static func restoreSavedSettings() {
        guard hasSavedTerminalSettings == 1 else { return }
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminalSettings)
        // Attributes, cursor, mouse reporting (the wheel's modes 1000 and 1006), the alternate screen.
        let reset: StaticString = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1006l\u{1B}[?1000l\u{1B}[?1049l"
        _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
    }

    /// After a clean `endwin`: forget the saved settings so `exit` does not write the reset sequence again.
    static func disarm() {
        hasSavedTerminalSettings = 0
    }
}
