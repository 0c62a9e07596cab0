import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends an HTTP/1.1 request byte for byte over a plain socket, so tests control the exact request
/// line (HTTP clients normalise malformed percent-encodings before they leave).
public enum RawHTTP {
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
    }

    public enum Failure: Error { case connect(String), read }

    /// `GET` (or another method) on 127.0.0.1:`port` with `target` sent exactly as given.
    public static func request(port: Int, method: String = "GET", target: String, headers: [String: String] = [:], body: String = "") async throws -> Reply {
        try await offThePool { try requestNow(port: port, method: method, target: target, headers: headers, body: body) }
    }

    /// The same over a Unix domain socket (the engine's control API).
    public static func unixSocket(_ socketPath: String, method: String = "GET", path target: String, headers: [String: String] = [:],
                                  body: String = "") async throws -> Reply {
        try await offThePool { try unixSocketNow(socketPath, method: method, path: target, headers: headers, body: body) }
    }

    static func requestNow(port: Int, method: String, target: String, headers: [String: String], body: String) throws -> Reply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect("socket") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { throw Failure.connect(String(cString: strerror(errno))) }
        return try exchange(fd, host: "127.0.0.1:\(port)", method: method, target: target, headers: headers, body: body)
    }

    static func unixSocketNow(_ socketPath: String, method: String, path target: String, headers: [String: String], body: String) throws -> Reply {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect("socket") }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { throw Failure.connect("socket path too long") }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard ok == 0 else { throw Failure.connect(String(cString: strerror(errno))) }
        return try exchange(fd, host: "localhost", method: method, target: target, headers: headers, body: body)
    }

    /// Writes the request on a connected socket and reads the whole reply (the server closes after it).
    static func exchange(_ fd: Int32, host: String, method: String, target: String, headers: [String: String], body: String) throws -> Reply {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure.read }
            sent += n
        }
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &buf, buf.count)
            if n <= 0 { break }
            data += buf[0..<n]
        }
        let response = String(decoding: data, as: UTF8.self)
        guard let split = response.range(of: "\r\n\r\n") else { throw Failure.read }
        let head = response[..<split.lowerBound].split(separator: "\r\n")
        let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var hs: [String: String] = [:]
        for line in head.dropFirst() {
            if let c = line.firstIndex(of: ":") { hs[line[..<c].lowercased()] = line[line.index(after: c)...].trimmingCharacters(in: .whitespaces) }
        }
        var payload = String(response[split.upperBound...])
        if hs["transfer-encoding"] == "chunked" { payload = dechunk(payload) }
        return Reply(status: status, headers: hs, body: payload)
    }

    static func dechunk(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let nl = rest.range(of: "\r\n"), let size = Int(rest[..<nl.lowerBound], radix: 16), size > 0 {
            let start = nl.upperBound
            let bytes = Array(rest[start...].utf8)
            out += String(decoding: bytes.prefix(size), as: UTF8.self)
            rest = Substring(String(decoding: bytes.dropFirst(size + 2), as: UTF8.self))
        }
        return out
    }
}
