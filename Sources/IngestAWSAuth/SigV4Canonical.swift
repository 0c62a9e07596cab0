import Crypto

/// The canonical request of Signature Version 4, built the way AWS and botocore build it for every
/// service but S3: path segments encoded again, dot segments removed, the query decoded, re-encoded and
/// sorted, header values trimmed with inner runs of spaces collapsed.
public enum SigV4Canonical {
    /// The characters SigV4 never percent-encodes.
    static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    /// Percent-encodes every byte but the unreserved ones (and `/` when `keepSlash`), upper-case hex.
    public static func encode(_ s: String, keepSlash: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            if isUnreserved(b) || (keepSlash && b == 0x2F) { out.unicodeScalars.append(Unicode.Scalar(b)) } else {
                out += "%" + hex2(b, upper: true)
            }
        }
        return out
    }

    /// Decodes `%XX` escapes (and `+` as a space when `plusIsSpace`, as form and query fields do);
    /// a malformed escape stays as it is.
    public static func decode(_ s: Substring, plusIsSpace: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == 0x25, i + 2 < u.count, let h = hexValue(u[i + 1]), let l = hexValue(u[i + 2]) {
                bytes.append(h << 4 | l)
                i += 3
            } else {
                bytes.append(plusIsSpace && u[i] == 0x2B ? 0x20 : u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The canonical URI: dot segments removed, then the path (as sent) encoded again with `/` kept.
    public static func uri(_ path: String) -> String {
        let normalized = removeDotSegments(path.isEmpty ? "/" : path)
        return encode(normalized, keepSlash: true)
    }

    /// RFC 3986 dot-segment removal, keeping a trailing slash.
    static func removeDotSegments(_ path: String) -> String {
        var out: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for seg in segments {
            switch seg {
            case ".": continue
            case "..": if !out.isEmpty { out.removeLast() }
            default: out.append(seg)
            }
        }
        var joined = "/" + out.joined(separator: "/")
        if let last = segments.last, last == "." || last == "..", !joined.hasSuffix("/") { joined += "/" }
        return joined
    }

    /// The canonical query: each field decoded, encoded again, sorted by name then value, `&`-joined
    /// (as AWS computes it). With `normalize: false` the fields are sorted as sent, as botocore does:
    /// both agree on every query an SDK encodes, and a verifier tries the second when the first fails.
    public static func query(_ raw: String, normalize: Bool = true) -> String {
        guard !raw.isEmpty else { return "" }
        if !normalize {
            let pairs = raw.split(separator: "&", omittingEmptySubsequences: true).map { field -> (Substring, Substring) in
                let kv = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (kv[0], kv.count > 1 ? kv[1] : "")
            }
            return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        }
        let pairs = raw.split(separator: "&", omittingEmptySubsequences: true).map { field -> (String, String) in
            let kv = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = encode(decode(kv[0], plusIsSpace: true))
            let value = kv.count > 1 ? encode(decode(kv[1], plusIsSpace: true)) : ""
            return (key, value)
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// A header value as signed: trimmed, inner runs of whitespace collapsed to one space.
    static func trim(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// The canonical header block (`name:value\n` per signed header, values of repeated names joined by
    /// `,`), for the signed header names given in lower case.
    public static func headers(_ request: SigV4Request, signed: [String]) -> String {
        var values: [String: [String]] = [:]
        for (name, value) in request.headers { values[name.lowercased(), default: []].append(trim(value)) }
        return signed.map { "\($0):\((values[$0] ?? []).joined(separator: ","))\n" }.joined()
    }

    /// The header names a signer signs: every header but those proxies rewrite, lower-cased and sorted.
    public static func signableHeaders(_ request: SigV4Request) -> [String] {
        let skipped: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id", "connection"]
        return Set(request.headers.map { $0.name.lowercased() }).subtracting(skipped).sorted()
    }

    /// The request's payload hash: `x-amz-content-sha256` when given, else the body's SHA-256.
    public static func payloadHash(_ request: SigV4Request) -> String {
        request.header("x-amz-content-sha256") ?? hex(SHA256.hash(data: request.body))
    }

    /// The whole canonical request.
    public static func request(_ request: SigV4Request, signedHeaders: [String], normalizeQuery: Bool = true) -> String {
        [request.method, uri(request.path), query(request.query, normalize: normalizeQuery), headers(request, signed: signedHeaders),
         signedHeaders.joined(separator: ";"), payloadHash(request)].joined(separator: "\n")
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x37
        case 0x61...0x66: return b - 0x57
        default: return nil
        }
    }

    static func hex2(_ b: UInt8, upper: Bool) -> String {
        let digits: [Character] = upper ? Array("0123456789ABCDEF") : Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
    }

    /// Lower-case hex of a digest or MAC.
    public static func hex<D: Sequence<UInt8>>(_ bytes: D) -> String { bytes.map { hex2($0, upper: false) }.joined() }
}
