import Foundation

/// The engine's view of the token file: read again whenever the file changed (another inode, size or
/// modification time), so a token created or revoked while the engine runs counts from the next request.
public final class ControlTokenReader: Sendable {
    let file: ChangedFileCache<ControlTokenFile>

    public init(directory: String) {
        file = ChangedFileCache(path: ControlTokenFile.path(in: directory)) { _ in
            (try? ControlTokenFile.load(directory: directory)) ?? ControlTokenFile()
        }
    }

    /// The token that matches, or nil (also when the file is missing or unreadable: no token then works).
    public func match(_ token: String) -> ControlToken? {
        file.current().match(token)
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
