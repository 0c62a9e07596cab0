/// The SQS rules for bodies and message attributes.
public enum MessageValidation {
    /// Whether every character is one SQS accepts (`#x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF`).
    public static func hasOnlyAllowedCharacters(_ s: String) -> Bool {
        for u in s.unicodeScalars {
            let v = u.value
            if v == 0x9 || v == 0xA || v == 0xD { continue }
            if v >= 0x20 && v <= 0xD7FF { continue }
            if v >= 0xE000 && v <= 0xFFFD { continue }
            if v >= 0x10000 && v <= 0x10FFFF { continue }
            return false
        }
        return true
    }

    /// Checks a body and its attributes against SQS's rules; returns the size they count toward the limit.
    @discardableResult
    public static func validateSQS(body: String, attributes: MessageAttributes, maximumSize: Int) throws(SQSError) -> Int {
        guard !body.isEmpty else { throw .invalidParameterValue("The request must contain the parameter MessageBody.") }
        guard hasOnlyAllowedCharacters(body) else {
            throw .invalidMessageContents("Invalid binary character in the message body. Only #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF are allowed.")
        }
        guard attributes.count <= 10 else {
            throw .invalidParameterValue("Number of message attributes [\(attributes.count)] exceeds the allowed maximum [10].")
        }
        var size = body.utf8.count
        for (name, value) in attributes {
            try validateAttributeName(name)
            try validateAttributeValue(name, value)
            size += name.utf8.count + value.sizeInBytes
        }
        guard size <= maximumSize else {
            throw .invalidParameterValue("One or more parameters are invalid. Reason: Message must be shorter than \(maximumSize) bytes.")
        }
        return size
    }

    static func validateAttributeName(_ name: String) throws(SQSError) {
        let bytes = Array(name.utf8)
        let valid = !bytes.isEmpty && bytes.count <= 256 && bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E
        }
        let lower = name.lowercased()
        guard valid, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains(".."),
              !lower.hasPrefix("aws."), !lower.hasPrefix("amazon.") else {
            throw .invalidParameterValue("Message attribute name '\(name)' is invalid. Names are 1-256 characters of A-Z a-z 0-9 _ - ., without a leading, trailing or doubled period, and must not start with AWS. or Amazon.")
        }
    }

    static func validateAttributeValue(_ name: String, _ v: MessageAttributeValue) throws(SQSError) {
        // SQS types are String, Number or Binary with an optional custom label (`String.Array`, `Number.int`).
        switch v.dataType.split(separator: ".", maxSplits: 1).first.map(String.init) ?? "" {
        case "String":
            guard let s = v.stringValue, !s.isEmpty, hasOnlyAllowedCharacters(s) else {
                throw .invalidParameterValue("Message attribute '\(name)' must contain a non-empty message attribute value for message attribute type 'String'.")
            }
        case "Number":
            guard let s = v.stringValue, Double(s) != nil else {
                throw .invalidParameterValue("Message attribute '\(name)' has an invalid value for message attribute type 'Number'.")
            }
        case "Binary":
            guard let b = v.binaryValue, !b.isEmpty else {
                throw .invalidParameterValue("Message attribute '\(name)' must contain a non-empty message attribute value for message attribute type 'Binary'.")
            }
        default:
            throw .invalidParameterValue("The type of message (user) attribute '\(name)' is invalid. You must use only the following supported type prefixes: Binary, Number, String.")
        }
    }
}
