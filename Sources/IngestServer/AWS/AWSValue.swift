import Foundation
import IngestCore

/// A reply of an AWS operation, independent of the wire protocol: the JSON encoder writes it as JSON,
/// the query encoder as XML. Lists and maps carry the element names the query protocol uses: SQS's
/// query shapes are flattened (`<QueueUrl>` repeated, `<Attribute><Name/><Value/></Attribute>`), SNS's
/// and CloudWatch's wrapped (`<Topics><member>...</member></Topics>`).
public indirect enum AWSValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    /// A point in time: epoch seconds in JSON, ISO 8601 in XML.
    case timestamp(Date)
    /// JSON passed through as it is (DynamoDB items); XML writes its text.
    case raw(JSONValue)
    /// Members in the order the service model lists them; absent members are left out.
    case structure([AWSMember])
    /// A list; in XML each element is a `<member>` element, without a wrapper.
    case list(member: String, [AWSValue])
    /// A map; in XML each entry is `<entry><key>K</key><value>V</value></entry>`, without a wrapper.
    case map(entry: String, key: String, value: String, [AWSMember])
    /// A list inside its member's element: `<Topics><member>...</member><member>...</member></Topics>`.
    case wrappedList([AWSValue])
    /// A map inside its member's element: `<Attributes><entry><key>K</key><value>V</value></entry></Attributes>`.
    case wrappedMap([AWSMember])

    /// An empty structure: the reply of an operation without output.
    public static let empty = AWSValue.structure([])

    /// A map of strings (queue attributes, tags, system attributes).
    public static func stringMap(entry: String, key: String = "Name", value: String = "Value", _ m: [String: String]) -> AWSValue {
        .map(entry: entry, key: key, value: value, m.keys.sorted().map { AWSMember($0, .string(m[$0]!)) })
    }

    /// A member of this structure by name, for tests and callers that inspect a reply.
    public subscript(_ name: String) -> AWSValue? {
        if case .structure(let members) = self { return members.first { $0.name == name }?.value }
        return nil
    }
}

/// A named member of a structure, or an entry of a map (its key).
public struct AWSMember: Sendable, Equatable {
    public var name: String
    public var value: AWSValue

    public init(_ name: String, _ value: AWSValue) {
        self.name = name
        self.value = value
    }
}

extension [AWSMember] {
    /// Appends a member when the value is present.
    mutating func add(_ name: String, _ value: AWSValue?) {
        if let value { append(AWSMember(name, value)) }
    }
}
