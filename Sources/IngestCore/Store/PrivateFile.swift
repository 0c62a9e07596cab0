import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files only their owner may read (keys, tokens), written whole: to a temporary file with mode 0600,
/// then renamed over the old one, so a reader sees the old contents or the new, never a mix.
public enum PrivateFile {
    /// Why the file was not written.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ data: Data, to path: String) throws(WriteError) {
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw WriteError(description: "cannot write \(tmp)")
        }
        chmod(tmp, 0o600)
        guard rename(tmp, path) == 0 else { throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
    }
}
