extension MD5 {
    /// `MD5OfMessageAttributes` as SQS computes it: names sorted, each as length-prefixed name, type, a
    /// transport byte (1 string, 2 binary) and length-prefixed value.
    public static func ofAttributes(_ attributes: MessageAttributes) -> String? {
        guard !attributes.isEmpty else { return nil }
        var buf: [UInt8] = []
        func put(_ bytes: [UInt8]) {
            let n = UInt32(bytes.count)
            buf += [UInt8(n >> 24), UInt8((n >> 16) & 255), UInt8((n >> 8) & 255), UInt8(n & 255)]
            buf += bytes
        }
        for name in attributes.keys.sorted() {
            let v = attributes[name]!
            put(Array(name.utf8))
            put(Array(v.dataType.utf8))
            if let bin = v.binaryValue { buf.append(2); put(bin) } else { buf.append(1); put(Array((v.stringValue ?? "").utf8)) }
        }
        return hex(bytes: buf)
    }
}
