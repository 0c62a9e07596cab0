import IngestCore

/// The values of `AWS::Region`, `AWS::AccountId` and the other pseudo parameters.
enum PseudoParameters {
    /// Every name `!Ref` accepts beginning with `AWS::`.
    static let names: Set<String> = [
        "AWS::Region", "AWS::AccountId", "AWS::StackName", "AWS::Partition", "AWS::URLSuffix", "AWS::StackId",
        "AWS::NotificationARNs", "AWS::NoValue",
    ]

    /// The value of pseudo parameter `name`; `.null` stands for `AWS::NoValue`; `nil` if `name` is not one.
    static func value(_ name: String, context: AWSContext) -> JSONValue? {
        switch name {
        case "AWS::Region": return .string(context.region)
        case "AWS::AccountId": return .string(context.accountId)
        case "AWS::StackName": return .string(context.stackName)
        case "AWS::Partition": return .string(context.partition)
        case "AWS::URLSuffix": return .string(urlSuffix(context))
        case "AWS::StackId": return .string(stackId(context))
        case "AWS::NotificationARNs": return .array([])
        case "AWS::NoValue": return .null
        default: return nil
        }
    }

    static func urlSuffix(_ context: AWSContext) -> String {
        context.partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"
    }

    static func stackId(_ context: AWSContext) -> String {
        var ids = DeterministicID(context.stackName, "AWS::StackId")
        return "arn:\(context.partition):cloudformation:\(context.region):\(context.accountId):stack/\(context.stackName)/\(ids.uuid())"
    }
}
