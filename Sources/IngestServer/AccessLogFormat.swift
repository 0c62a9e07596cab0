import IngestCore

/// What the gateway knows about one request when it writes its access-log line: the values behind the
/// `$context` variables of an API Gateway stage's `AccessLogSetting.Format`.
///
/// It never holds the query string (``path`` drops it whatever it is given) nor the API key's value (only
/// its id), so neither can reach a log line. A `nil` field renders as `-`, as AWS renders a missing value.
public struct AccessLogEntry: Sendable, Hashable {
    /// `$context.requestId`: the `x-amzn-RequestId` answered (a UUID).
    public var requestId: String
    /// `$context.extendedRequestId`: the `x-amz-apigw-id` answered.
    public var extendedRequestId: String?
    /// `$context.identity.sourceIp`: the peer's address.
    public var sourceIp: String?
    /// `$context.identity.apiKeyId`: the id of the API key used (never its value).
    public var apiKeyId: String?
    /// `$context.identity.caller`: the signing principal (none with API keys).
    public var caller: String?
    /// `$context.identity.user`: the authorized principal (none with API keys).
    public var user: String?
    /// `$context.identity.userAgent`.
    public var userAgent: String?
    /// `$context.httpMethod`: `GET`, `POST`, ...
    public var httpMethod: String
    /// `$context.resourcePath`: the matched resource, e.g. `/store`.
    public var resourcePath: String?
    /// `$context.resourceId`.
    public var resourceId: String?
    /// `$context.protocol`: e.g. `HTTP/1.1`.
    public var httpProtocol: String?
    /// `$context.status`: the status answered.
    public var status: Int
    /// `$context.responseLength`: bytes of the response body.
    public var responseLength: Int?
    /// `$context.responseLatency`: milliseconds from receiving the request to answering it.
    public var responseLatencyMs: Int?
    /// `$context.integrationLatency` (also `$context.integration.latency`): milliseconds spent in the integration.
    public var integrationLatencyMs: Int?
    /// `$context.integrationStatus` (also `$context.integration.status`): the status the integration returned.
    public var integrationStatus: Int?
    /// `$context.integration.error`.
    public var integrationError: String?
    /// When the request arrived: `$context.requestTime` (CLF) and `$context.requestTimeEpoch` (ms).
    public var requestTime: Timestamp
    /// `$context.stage`: the stage that served the request.
    public var stage: String?
    /// `$context.apiId`.
    public var apiId: String?
    /// `$context.accountId`: the API owner's account.
    public var accountId: String?
    /// `$context.domainName` (and `$context.domainPrefix`, its first label).
    public var domainName: String?
    /// `$context.error.message` (and `$context.error.messageString`, the same quoted).
    public var errorMessage: String?
    /// `$context.error.responseType`: the gateway response type, e.g. `INVALID_API_KEY`, `THROTTLED`.
    public var errorResponseType: String?
    /// `$context.xrayTraceId`.
    public var xrayTraceId: String?

    /// `$context.path`: the request path without its query string or fragment (whatever is assigned is cut
    /// at the first `?` or `#`), with `%40` decoded to `@` so that redaction sees an encoded e-mail address.
    public var path: String {
        get { storedPath }
        set { storedPath = Self.pathWithoutQuery(newValue) }
    }

    private var storedPath: String

    public init(requestId: String, extendedRequestId: String? = nil, sourceIp: String? = nil, apiKeyId: String? = nil,
                caller: String? = nil, user: String? = nil, userAgent: String? = nil, httpMethod: String, path: String,
                resourcePath: String? = nil, resourceId: String? = nil, httpProtocol: String? = "HTTP/1.1", status: Int,
                responseLength: Int? = nil, responseLatencyMs: Int? = nil, integrationLatencyMs: Int? = nil,
                integrationStatus: Int? = nil, integrationError: String? = nil, requestTime: Timestamp,
                stage: String? = nil, apiId: String? = nil, accountId: String? = nil, domainName: String? = nil,
                errorMessage: String? = nil, errorResponseType: String? = nil, xrayTraceId: String? = nil) {
        self.requestId = requestId
        self.extendedRequestId = extendedRequestId
        self.sourceIp = sourceIp
        self.apiKeyId = apiKeyId
        self.caller = caller
        self.user = user
        self.userAgent = userAgent
        self.httpMethod = httpMethod
        self.storedPath = Self.pathWithoutQuery(path)
        self.resourcePath = resourcePath
        self.resourceId = resourceId
        self.httpProtocol = httpProtocol
        self.status = status
        self.responseLength = responseLength
        self.responseLatencyMs = responseLatencyMs
        self.integrationLatencyMs = integrationLatencyMs
        self.integrationStatus = integrationStatus
        self.integrationError = integrationError
        self.requestTime = requestTime
        self.stage = stage
        self.apiId = apiId
        self.accountId = accountId
        self.domainName = domainName
        self.errorMessage = errorMessage
        self.errorResponseType = errorResponseType
        self.xrayTraceId = xrayTraceId
    }

    /// `path` cut before its first `?` or `#`, with `%40` (any case) decoded to `@`.
    public static func pathWithoutQuery(_ path: String) -> String {
        var bytes = Array(path.utf8)
        if let cut = bytes.firstIndex(where: { $0 == 0x3F || $0 == 0x23 }) { bytes.removeSubrange(cut...) }
        guard bytes.contains(0x25) else { return bytes.count == path.utf8.count ? path : String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, bytes[i + 1] == 0x34, bytes[i + 2] == 0x30 {
                out.append(0x40)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A format string refused by ``AccessLogFormat``.
public enum AccessLogFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The format is empty or only white space.
    case empty
    /// The format names neither `$context.requestId` nor `$context.extendedRequestId`, which AWS requires.
    case missingRequestId(format: String)

    public var description: String {
        switch self {
        case .empty:
            return "The access log format is empty: it must contain $context.requestId or $context.extendedRequestId"
        case .missingRequestId:
            return "The access log format must contain $context.requestId or $context.extendedRequestId (as API Gateway requires)"
        }
    }
}

/// A stage's access-log format (`AccessLogSetting.Format`), compiled once into literal and variable
/// segments so that rendering a line is a single pass with no parsing.
///
/// - Variables are `$context.<name>`, the name being the longest run of letters, digits, `_` and `.` (a
///   trailing `.` is punctuation). Known names are listed in ``AccessLogFormat/knownVariables``; any other
///   (for instance `$context.authorizer.claims.email`) renders as `-`, as AWS renders a value it does not have.
///   `$context.identity.apiKey` (the key's value) is deliberately never rendered: it gives `-`.
/// - A format that looks like JSON (starts with `{` and ends with `}`) gets JSON-escaped values, one that
///   looks like XML (starts with `<`) XML-escaped values; any other gets `"` and `\` backslash-escaped and
///   control characters written as `\n`, `\r`, `\t` or `\xhh`, so no value can break or forge a line.
/// - Line breaks in the format itself become spaces (one request, one line).
/// - Every substituted value is redacted (``Redaction/redact(_:)``) before it is escaped, and every rendered
///   line is redacted again as a last line of defence. Redaction returns its input uncopied when there is
///   nothing to mask, so this costs one scan of the bytes.
public struct AccessLogFormat: Sendable, Hashable {
    /// How substituted values are escaped.
    public enum Shape: Sendable, Hashable {
        case json, xml, text
    }

    /// The format as given (trimmed, line breaks turned to spaces).
    public let source: String
    public let shape: Shape
    private let segments: [Segment]
    /// Bytes of literal text, to size the output buffer.
    private let literalBytes: Int

    /// Compiles a format; throws ``AccessLogFormatError`` when it is empty or names no request id.
    public init(_ format: String) throws(AccessLogFormatError) {
        var bytes = Array(format.utf8)
        for i in bytes.indices where bytes[i] == 0x0A || bytes[i] == 0x0D { bytes[i] = 0x20 }
        while let last = bytes.last, Self.isSpace(last) { bytes.removeLast() }
        let lead = bytes.firstIndex { !Self.isSpace($0) } ?? bytes.count
        bytes.removeFirst(lead)
        guard !bytes.isEmpty else { throw .empty }
        source = String(decoding: bytes, as: UTF8.self)
        if bytes.first == 0x7B, bytes.last == 0x7D { shape = .json } else if bytes.first == 0x3C { shape = .xml } else { shape = .text }
        segments = Self.compile(bytes)
        var literalBytes = 0
        for case .literal(let l) in segments { literalBytes += l.count }
        self.literalBytes = literalBytes
        guard segments.contains(where: { $0 == .variable(.requestId) || $0 == .variable(.extendedRequestId) }) else {
            throw .missingRequestId(format: source)
        }
    }

    /// The stage's format when it gives one, else ``defaultJSON``.
    public static func forStage(_ format: String?) throws(AccessLogFormatError) -> AccessLogFormat {
        guard let format, format.contains(where: { !$0.isWhitespace }) else { return defaultJSON }
        return try AccessLogFormat(format)
    }

    /// The variables this format names, in order (unknown names excluded).
    public var variables: [String] {
        segments.compactMap { segment -> String? in
            guard case .variable(let v) = segment else { return nil }
            return v.rawValue
        }
    }

    /// The `$context` names (after `$context.`) that render a value.
    public static var knownVariables: [String] { Variable.allCases.map(\.rawValue) }

    // MARK: Presets

    /// The format used when the template gives none: one JSON object with the request id, source IP, API
    /// key id (never the key), method, resource path, status, response length, latency (ms), gateway error
    /// type and request time. Values are strings, so that a missing one (`"-"`) keeps the line valid JSON.
    public static let defaultJSONFormat = #"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","apiKeyId":"$context.identity.apiKeyId","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","responseLength":"$context.responseLength","latencyMs":"$context.responseLatency","errorType":"$context.error.responseType","requestTime":"$context.requestTime"}"#

    /// The console's CLF preset.
    public static let clfFormat = #"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId"#

    /// The console's JSON preset.
    public static let consoleJSONFormat = #"{"requestId":"$context.requestId","extendedRequestId":"$context.extendedRequestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","user":"$context.identity.user","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength"}"#

    public static let defaultJSON = try! AccessLogFormat(defaultJSONFormat)
    public static let clf = try! AccessLogFormat(clfFormat)
    public static let consoleJSON = try! AccessLogFormat(consoleJSONFormat)

    // MARK: Rendering

    /// One access-log line (no line break) for a request, redacted.
    public func render(_ entry: AccessLogEntry) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(literalBytes + 24 * (segments.count - 1) + 64)
        for segment in segments {
            switch segment {
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .unknown: out.append(0x2D)
            case .variable(let v): append(v, of: entry, to: &out)
            }
        }
        return Redaction.redact(String(decoding: out, as: UTF8.self))
    }

    private func append(_ v: Variable, of e: AccessLogEntry, to out: inout [UInt8]) {
        switch v {
        case .requestId: text(e.requestId, &out)
        case .extendedRequestId: text(e.extendedRequestId, &out)
        case .sourceIp: text(e.sourceIp, &out)
        case .apiKeyId: text(e.apiKeyId, &out)
        case .apiKey: out.append(0x2D) // the key's value is never logged
        case .caller: text(e.caller, &out)
        case .user: text(e.user, &out)
        case .userAgent: text(e.userAgent, &out)
        case .httpMethod: text(e.httpMethod, &out)
        case .path: text(e.path, &out)
        case .resourcePath: text(e.resourcePath, &out)
        case .resourceId: text(e.resourceId, &out)
        case .httpProtocol: text(e.httpProtocol, &out)
        case .status: number(e.status, &out)
        case .responseLength: number(e.responseLength, &out)
        case .responseLatency: number(e.responseLatencyMs, &out)
        case .integrationLatency, .integrationLatencyDotted: number(e.integrationLatencyMs, &out)
        case .integrationStatus, .integrationStatusDotted: number(e.integrationStatus, &out)
        case .integrationError: text(e.integrationError, &out)
        case .requestTime: Self.appendCLF(e.requestTime, to: &out)
        case .requestTimeEpoch: number(e.requestTime.millis, &out)
        case .stage: text(e.stage, &out)
        case .apiId: text(e.apiId, &out)
        case .accountId: text(e.accountId, &out)
        case .domainName: text(e.domainName, &out)
        case .domainPrefix: text(e.domainName.map { name in String(name.prefix { $0 != "." }) }, &out)
        case .errorMessage: text(e.errorMessage, &out)
        case .errorMessageString:
            // The message as a quoted JSON string, for formats such as `{"message":$context.error.messageString}`.
            // JSON escaping leaves no control character, so only an XML-shaped format escapes it again.
            guard let m = e.errorMessage, !m.isEmpty else { out.append(0x2D); return }
            var quoted: [UInt8] = [0x22]
            Self.appendEscaped(Redaction.redact(m).utf8, shape: .json, to: &quoted)
            quoted.append(0x22)
            if shape == .xml { Self.appendEscaped(quoted, shape: .xml, to: &out) } else { out.append(contentsOf: quoted) }
        case .errorResponseType: text(e.errorResponseType, &out)
        case .xrayTraceId: text(e.xrayTraceId, &out)
        }
    }

    @inline(__always)
    private func text(_ value: String?, _ out: inout [UInt8]) {
        guard let value, !value.isEmpty else { out.append(0x2D); return }
        // Redacted before escaping too: escaping can hide a key from the line-level pass (`\"apiKey\":...`).
        Self.appendEscaped(Redaction.redact(value).utf8, shape: shape, to: &out)
    }

    @inline(__always)
    private func number<N: BinaryInteger>(_ value: N?, _ out: inout [UInt8]) {
        guard let value else { out.append(0x2D); return }
        out.append(contentsOf: String(value).utf8)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a value, escaped for the format's shape; bytes that need nothing are copied as they are.
    static func appendEscaped<S: Sequence>(_ value: S, shape: Shape, to out: inout [UInt8]) where S.Element == UInt8 {
        for c in value {
            switch shape {
            case .json, .text:
                switch c {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                case 0..<0x20, 0x7F:
                    // JSON's \u00hh; the text shape's \xhh.
                    out.append(contentsOf: shape == .json ? [0x5C, 0x75, 0x30, 0x30] : [0x5C, 0x78])
                    out.append(contentsOf: [hex[Int(c >> 4)], hex[Int(c & 0xF)]])
                default: out.append(c)
                }
            case .xml:
                switch c {
                case 0x26: out.append(contentsOf: Array("&amp;".utf8))
                case 0x3C: out.append(contentsOf: Array("&lt;".utf8))
                case 0x3E: out.append(contentsOf: Array("&gt;".utf8))
                case 0x22: out.append(contentsOf: Array("&quot;".utf8))
                case 0x27: out.append(contentsOf: Array("&apos;".utf8))
                case 0..<0x20, 0x7F: out.append(contentsOf: [0x5C, 0x78, hex[Int(c >> 4)], hex[Int(c & 0xF)]]) // \xhh
                default: out.append(c)
                }
            }
        }
    }

    private static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    /// `dd/MMM/yyyy:HH:mm:ss +0000` (UTC), as `$context.requestTime` is written.
    public static func clfTime(_ t: Timestamp) -> String {
        var out: [UInt8] = []
        appendCLF(t, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendCLF(_ t: Timestamp, to out: inout [UInt8]) {
        let secs = t.epochSeconds
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let inDay = Int(secs - days * 86_400)
        let (cy, m, d, _, _, _) = ISO8601.civil(days * 86_400)
        let y = Int64(cy)
        func two(_ v: Int) { out.append(0x30 + UInt8(v / 10)); out.append(0x30 + UInt8(v % 10)) }
        two(d)
        out.append(0x2F)
        out.append(contentsOf: months[m - 1])
        out.append(0x2F)
        if y >= 0 && y < 10_000 {
            two(Int(y / 100)); two(Int(y % 100))
        } else {
            out.append(contentsOf: String(y).utf8)
        }
        out.append(0x3A)
        two(inDay / 3600); out.append(0x3A)
        two(inDay / 60 % 60); out.append(0x3A)
        two(inDay % 60)
        out.append(contentsOf: Array(" +0000".utf8))
    }

    // MARK: Compiling

    private enum Segment: Sendable, Hashable {
        case literal([UInt8])
        case variable(Variable)
        case unknown
    }

    private enum Variable: String, Sendable, Hashable, CaseIterable {
        case requestId, extendedRequestId
        case sourceIp = "identity.sourceIp", apiKeyId = "identity.apiKeyId", apiKey = "identity.apiKey"
        case caller = "identity.caller", user = "identity.user", userAgent = "identity.userAgent"
        case httpMethod, path, resourcePath, resourceId
        case httpProtocol = "protocol"
        case status, responseLength, responseLatency
        case integrationLatency, integrationLatencyDotted = "integration.latency"
        case integrationStatus, integrationStatusDotted = "integration.status", integrationError = "integration.error"
        case requestTime, requestTimeEpoch
        case stage, apiId, accountId, domainName, domainPrefix
        case errorMessage = "error.message", errorMessageString = "error.messageString", errorResponseType = "error.responseType"
        case xrayTraceId
    }

    private static let prefix: [UInt8] = Array("$context.".utf8)

    private static func compile(_ b: [UInt8]) -> [Segment] {
        var segments: [Segment] = []
        var literal: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == 0x24, i + prefix.count <= b.count, b[i..<(i + prefix.count)].elementsEqual(prefix) {
                let start = i + prefix.count
                var end = start
                while end < b.count, isNameByte(b[end]) { end += 1 }
                while end > start, b[end - 1] == 0x2E { end -= 1 }
                if end > start {
                    if !literal.isEmpty { segments.append(.literal(literal)); literal = [] }
                    let name = String(decoding: b[start..<end], as: UTF8.self)
                    segments.append(Variable(rawValue: name).map(Segment.variable) ?? .unknown)
                    i = end
                    continue
                }
            }
            literal.append(b[i])
            i += 1
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }

    @inline(__always)
    private static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2E
    }

    @inline(__always)
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
}
