import Foundation
import IngestCore
import IngestTemplate

/// Which resources of the account the console shows.
public enum AWSScope: Sendable, Hashable {
    /// Every queue, topic, table, function and alarm in the region.
    case everything
    /// Resources whose names start with the prefix (and the alarms and mappings that watch or feed them).
    case prefix(String)
    /// A CloudFormation stack's resources (DescribeStackResources).
    case stack(String)
    /// A template's resources, named as CloudFormation names them: a resource's own name property when it
    /// sets one, else `STACK-LogicalId-SUFFIX` when the stack name is known.
    case template(TemplateNames)

    public var description: String {
        switch self {
        case .everything: return "every resource in the region"
        case .prefix(let p): return "names starting \(p)"
        case .stack(let s): return "stack \(s)"
        case .template(let t): return "template \(t.file)\(t.stack.map { " (stack \($0))" } ?? "")"
        }
    }
}

/// A template's resources by logical id: the name each has in AWS, or the pattern CloudFormation generated it from.
public struct TemplateNames: Sendable, Hashable {
    public struct Resource: Sendable, Hashable {
        public var logicalId: String
        public var type: String
        /// The name the template gives it (`QueueName`, `TopicName`, `TableName`, `FunctionName`, `AlarmName`).
        public var explicitName: String?
    }

    public var file: String
    public var stack: String?
    public var resources: [Resource]

    /// The shortest length limit of the types above (a function name's 64 characters; queue names have 80):
    /// the length of the shortest name CloudFormation may have cut short.
    static let minimumTruncatedLength = 64

    static let nameProperty = ["AWS::SQS::Queue": "QueueName", "AWS::SNS::Topic": "TopicName", "AWS::DynamoDB::Table": "TableName",
                               "AWS::Lambda::Function": "FunctionName", "AWS::CloudWatch::Alarm": "AlarmName"]

    /// Reads the template with its parameters' defaults.
    public static func load(path: String, stack: String?) throws -> TemplateNames {
        let loaded = try TemplateLoader().loadTemplate(path: path)
        let resources = loaded.resources.compactMap { r -> Resource? in
            guard let key = nameProperty[r.type] else { return nil }
            return Resource(logicalId: r.logicalId, type: r.type, explicitName: r.properties[key]?.stringValue)
        }
        return TemplateNames(file: path, stack: stack, resources: resources)
    }

    /// Whether `name` is what CloudFormation would have called `resource` in this stack.
    public func matches(_ name: String, _ resource: Resource) -> Bool {
        if let explicit = resource.explicitName { return name == explicit }
        guard let stack else { return false }
        return Self.isGeneratedName(name, stack: stack, logicalId: resource.logicalId)
    }

    /// CloudFormation's generated names are `stack-LogicalId-RANDOMSUFFIX`, with the stack and logical id
    /// parts cut short to fit the type's length limit.
    static func isGeneratedName(_ name: String, stack: String, logicalId: String) -> Bool {
        guard let dash = name.lastIndex(of: "-") else { return false }
        let stem = name[..<dash]
        let full = "\(stack)-\(logicalId)"
        if stem == full { return true }
        // Truncated: the stem starts with a part of the stack name and contains the start of the logical id.
        // CloudFormation cuts only a name that would pass the type's limit, and then fills the limit exactly;
        // a shorter name is never cut (`stack-Jobs-SUFFIX` is Jobs's queue, not a cut-down JobsDLQ's).
        guard name.count >= minimumTruncatedLength else { return false }
        guard stem.hasPrefix(String(stack.prefix(min(stack.count, 8)))), stem.count >= 10 else { return false }
        let parts = stem.split(separator: "-")
        guard let last = parts.last else { return false }
        return logicalId.hasPrefix(last) && full.hasPrefix(String(stem.prefix(max(0, stem.count - last.count - 1))))
    }
}
