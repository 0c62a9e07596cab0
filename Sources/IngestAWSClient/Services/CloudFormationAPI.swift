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

    /// Every resource of a stack and of the stacks nested in it (to three levels): ListStackResources,
    /// page by page (DescribeStackResources answers only the first 100), or DescribeStackResources where
    /// the endpoint lacks the listing.
    public func resources(ofStack stack: String, depth: Int = 0) async throws(AWSClientError) -> [StackResource] {
        var out: [StackResource] = []
        for r in try await ownResources(stack) {
            if r.type == "AWS::CloudFormation::Stack", !r.physicalId.isEmpty, depth < 3 {
                out += try await resources(ofStack: r.physicalId, depth: depth + 1)
            } else {
                out.append(r)
            }
        }
        return out
    }

    func ownResources(_ stack: String) async throws(AWSClientError) -> [StackResource] {
        var out: [StackResource] = []
        var token: String?
        var pages = 0
        do {
            repeat {
                pages += 1
                var p = [("StackName", stack)]
                if let token { p.append(("NextToken", token)) }
                let xml = try await connection.query(.cloudformation, action: "ListStackResources", version: "2010-05-15", p)
                out += Self.members(xml)
                token = xml.first("NextToken")?.text
                if token?.isEmpty == true { token = nil }
            } while token != nil && pages < AWSConnection.maxPages
            return out
        } catch {
            guard error.kind == .unsupported else { throw error }
        }
        let xml = try await connection.query(.cloudformation, action: "DescribeStackResources", version: "2010-05-15", [("StackName", stack)])
        return Self.members(xml)
    }

    static func members(_ xml: XMLNode) -> [StackResource] {
        xml.all("member").compactMap { m in
            guard let logical = m.child("LogicalResourceId"), let type = m.child("ResourceType") else { return nil }
            return StackResource(logicalId: logical, physicalId: m.child("PhysicalResourceId") ?? "", type: type,
                                 status: m.child("ResourceStatus") ?? "")
        }
    }
}
