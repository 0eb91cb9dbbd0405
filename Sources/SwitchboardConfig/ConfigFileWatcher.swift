import Foundation
import Glibc
import Synchronization

/// Reports changes to one file, for reload-on-change (`reload.watch_file`).
///
/// Watches the file's *directory* with Linux inotify, because editors save by writing a new file and
/// renaming it over the old one, which would end a watch on the file itself. A completed write
/// (`IN_CLOSE_WRITE`) or a rename onto the name (`IN_MOVED_TO`) counts; events within the debounce
/// interval of each other yield one change. Waiting happens on a dedicated thread, never on Swift's
/// cooperative pool. Call ``stop()`` (or drop the stream) when done; the thread then exits and closes
/// its descriptors.
public final class ConfigFileWatcher: Sendable {
    /// The watched file.
    public let path: String
    /// One element per settled change.
    public let changes: AsyncStream<Void>

    private let continuation: AsyncStream<Void>.Continuation
    private let directory: String
    private let fileName: String
    private let debounceMilliseconds: Int
    private let inotifyFD: Int32
    /// A pipe: `stop()` writes to `wakeWriteFD` so the thread's `poll` returns.
    private let wakeReadFD: Int32
    private let wakeWriteFD: Int32
    private let state = Mutex(State.idle)

    private enum State { case idle, running, stopped }

    /// Starts watching `path`.
    /// - Parameter debounceMilliseconds: quiet time after the last event before a change is reported.
    /// - Throws: ``ConfigWatcherError`` when inotify is unavailable or the directory cannot be watched.
    public init(path: String, debounceMilliseconds: Int = 300) throws(ConfigWatcherError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        directory = url.deletingLastPathComponent().path
        fileName = url.lastPathComponent
        self.debounceMilliseconds = max(0, debounceMilliseconds)
        (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

        let inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotify >= 0 else { throw ConfigWatcherError(operation: "inotify_init1", errno: errno) }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)
        guard inotify_add_watch(inotify, directory, mask) >= 0 else {
            let code = errno
            close(inotify)
            throw ConfigWatcherError(operation: "inotify_add_watch \(directory)", errno: code)
        }
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            let code = errno
            close(inotify)
            throw ConfigWatcherError(operation: "pipe", errno: code)
        }
        for fd in pipeFDs {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        inotifyFD = inotify
        wakeReadFD = pipeFDs[0]
        wakeWriteFD = pipeFDs[1]

        continuation.onTermination = { [weak self] _ in self?.stop() }
        state.withLock { $0 = .running }
        let thread = Thread { [self] in self.run() }
        thread.name = "switchboard-config-watcher"
        thread.start()
    }

    /// Stops watching and finishes ``changes``. Safe to call more than once, from any thread.
    public func stop() {
        // The write happens under the lock so the thread cannot close the pipe in between.
        state.withLock { state in
            guard state == .running else { return }
            state = .stopped
            var one: UInt8 = 1
            _ = write(wakeWriteFD, &one, 1)
        }
    }

    private func run() {
        defer {
            state.withLock { state in
                state = .stopped
                close(inotifyFD)
                close(wakeReadFD)
                close(wakeWriteFD)
            }
            // After the lock: finishing runs onTermination, which calls stop().
            continuation.finish()
        }
        var deadline: ContinuousClock.Instant?
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var timeout: Int32 = -1
            if let deadline {
                let remaining = ContinuousClock.now.duration(to: deadline)
                let (seconds, attoseconds) = remaining.components
                timeout = Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
            }
            var fds = [pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            if fds[0].revents != 0 {
                switch drainEvents(into: &buffer) {
                case .fileChanged:
                    deadline = ContinuousClock.now + .milliseconds(debounceMilliseconds)
                case .directoryGone:
                    return
                case .nothing:
                    break
                }
            }
            if let pending = deadline, ContinuousClock.now >= pending {
                deadline = nil
                continuation.yield(())
            }
        }
    }

    private enum Outcome { case nothing, fileChanged, directoryGone }

    /// Reads every queued event; each is a 16-byte header (wd, mask, cookie, len) and `len` bytes of name.
    private func drainEvents(into buffer: inout [UInt8]) -> Outcome {
        var outcome = Outcome.nothing
        while true {
            let count = buffer.withUnsafeMutableBytes { read(inotifyFD, $0.baseAddress, $0.count) }
            if count <= 0 { return outcome }
            var offset = 0
            while offset + 16 <= count {
                let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
                let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameEnd = min(count, offset + 16 + length)
                let nameBytes = buffer[(offset + 16)..<nameEnd].prefix { $0 != 0 }
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                    return .directoryGone
                }
                if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0,
                   String(decoding: nameBytes, as: UTF8.self) == fileName {
                    outcome = .fileChanged
                }
                offset += 16 + length
            }
        }
    }
}

/// A system call the watcher needed failed.
public struct ConfigWatcherError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32

    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
