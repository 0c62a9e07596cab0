import Foundation

/// A message attribute as SNS and SQS carry it: a data type and a string or binary value.
///
/// `dataType` is `String`, `Number`, `Binary` or `String.Array` (SNS only), optionally with a
/// custom suffix (`String.foo`). Numbers travel as their string form.
public struct MessageAttributeValue: Sendable, Hashable, Codable {
    public var dataType: String
    public var stringValue: String?
    public var binaryValue: [UInt8]?

    public init(dataType: String, stringValue: String? = nil, binaryValue: [UInt8]? = nil) {
        self.dataType = dataType
        self.stringValue = stringValue
        self.binaryValue = binaryValue
    }

    public static func string(_ s: String) -> Self { .init(dataType: "String", stringValue: s) }
    public static func number(_ s: String) -> Self { .init(dataType: "Number", stringValue: s) }
    public static func binary(_ b: [UInt8]) -> Self { .init(dataType: "Binary", binaryValue: b) }
    public static func stringArray(_ json: String) -> Self { .init(dataType: "String.Array", stringValue: json) }

    /// The base type without a custom suffix: `String`, `Number`, `Binary` or `String.Array`.
    public var baseType: String {
        if dataType.hasPrefix("String.Array") { return "String.Array" }
        if let dot = dataType.firstIndex(of: ".") { return String(dataType[..<dot]) }
        return dataType
    }

    /// Bytes this attribute counts toward a message's size limit (name counted by the caller).
    public var sizeInBytes: Int {
        dataType.utf8.count + (stringValue?.utf8.count ?? 0) + (binaryValue?.count ?? 0)
    }
}

/// Named message attributes.
public typealias MessageAttributes = [String: MessageAttributeValue]
