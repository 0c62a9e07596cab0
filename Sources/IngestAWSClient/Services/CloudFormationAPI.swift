import IngestAWSAuth

/// One resource of a stack: its logical id in the template and the physical name CloudFormation gave it.
public struct StackResource: Sendable, Hashable {
    public var logicalId: String
    public var physicalId: String
    public var type: String
    public var status: String
}

public struct CloudFormationAPI: Sendable {
    public let connection: AWSConnection
    public init(_ connection: AWSConnection) { self.connection = connection }

    public func resources(ofStack stack: String) async throws(AWSClientError) -> [StackResource] {
        let xml = try await connection.query(.cloudformation, action: "DescribeStackResources", version: "2010-05-15", [("StackName", stack)])
        return xml.all("member").compactMap { m in
            guard let logical = m.child("LogicalResourceId"), let type = m.child("ResourceType") else { return nil }
            return StackResource(logicalId: logical, physicalId: m.child("PhysicalResourceId") ?? "", type: type,
                                 status: m.child("ResourceStatus") ?? "")
        }
    }
}
