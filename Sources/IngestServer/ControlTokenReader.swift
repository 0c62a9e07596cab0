import Foundation
import Synchronization

/// The engine's view of the token file: read again whenever the file changed (another inode, size or
/// modification time), so a token created or revoked while the engine runs counts from the next request.
public final class ControlTokenReader: Sendable {
    let directory: String
    private let cache = Mutex<(stamp: FileStamp?, file: ControlTokenFile)>((nil, ControlTokenFile()))

    public init(directory: String) { self.directory = directory }

    /// The token that matches, or nil (also when the file is missing or unreadable: no token then works).
    public func match(_ token: String) -> ControlToken? {
        current().match(token)
    }

    func current() -> ControlTokenFile {
        let stamp = FileStamp(path: ControlTokenFile.path(in: directory))
        if let cached = cache.withLock({ $0.stamp == stamp && stamp != nil ? $0.file : nil }) { return cached }
        let file = (try? ControlTokenFile.load(directory: directory)) ?? ControlTokenFile()
        cache.withLock { $0 = (stamp, file) }
        return file
    }
}

/// What identifies one version of a file without reading it.
struct FileStamp: Equatable {
    var inode: UInt64
    var size: Int64
    var modified: Int
    var modifiedNanos: Int

    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        #if canImport(Darwin)
        let time = st.st_mtimespec
        #else
        let time = st.st_mtim
        #endif
        modified = Int(time.tv_sec)
        modifiedNanos = Int(time.tv_nsec)
    }
}
