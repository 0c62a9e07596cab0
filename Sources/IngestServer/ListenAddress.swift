/// A TCP address to listen on, from `HOST:PORT` (`127.0.0.1:4410`, `0.0.0.0:8080`, `[::1]:8080`,
/// `localhost:0`). Port 0 lets the system pick a free port.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Why a `HOST:PORT` text was refused.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Parses `HOST:PORT`; an IPv6 host is written in brackets, as in URLs.
    public init(parsing text: String) throws(ParseError) {
        let usage = "takes HOST:PORT (for example 127.0.0.1:4410, 0.0.0.0:8080 or [::1]:8080), got '\(text)'"
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { throw ParseError(description: usage) }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
            guard hostPart.contains(":") else { throw ParseError(description: usage) }
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { throw ParseError(description: usage) }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty, !hostPart.contains(where: { $0.isWhitespace || $0 == "/" }) else { throw ParseError(description: usage) }
        guard !portPart.isEmpty, portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber), let port = Int(portPart), (0...65_535).contains(port) else {
            throw ParseError(description: "port must be a number from 0 to 65535: " + usage)
        }
        self.init(host: String(hostPart), port: port)
    }

    /// Only this machine can connect: `localhost`, 127.0.0.0/8 or `::1`.
    public var isLoopback: Bool {
        let h = host.lowercased()
        return h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" || h.hasPrefix("127.")
    }

    /// The host as it appears in a URL (IPv6 in brackets).
    public var urlHost: String { host.contains(":") ? "[\(host)]" : host }

    public var description: String { "\(urlHost):\(port)" }

    /// `scheme://host:port` with the port actually bound.
    public func url(scheme: String, port actual: Int) -> String { "\(scheme)://\(urlHost):\(actual)" }
}
