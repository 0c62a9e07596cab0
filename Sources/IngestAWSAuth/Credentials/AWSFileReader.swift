#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a config or credentials file whole. A file that does not exist is `nil`, not an error.
enum AWSFileReader {
    static func contents(path: String, displayPath: String) throws(AWSConfigError) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw AWSConfigError("cannot read \(displayPath): \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw AWSConfigError("cannot read \(displayPath): it is a directory")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw AWSConfigError("cannot read \(displayPath): \(String(cString: strerror(errno)))")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw AWSConfigError("cannot parse \(displayPath): it is not UTF-8 text")
        }
        return text
    }
}
