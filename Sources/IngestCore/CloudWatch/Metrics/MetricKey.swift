/// One CloudWatch metric: a namespace, a metric name and a set of dimensions.
///
/// Two keys are the same metric only when all three match exactly, as in CloudWatch, where
/// `QueueName=a` and `QueueName=a, Env=prod` are different metrics.
public struct MetricKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var namespace: String
    public var name: String
    public var dimensions: [String: String]

    public init(namespace: String, name: String, dimensions: [String: String] = [:]) {
        self.namespace = namespace
        self.name = name
        self.dimensions = dimensions
    }

    /// An `AWS/SQS` metric of one queue.
    public static func sqs(_ name: String, queue: String) -> MetricKey {
        MetricKey(namespace: "AWS/SQS", name: name, dimensions: ["QueueName": queue])
    }

    /// An `AWS/SNS` metric of one topic.
    public static func sns(_ name: String, topic: String) -> MetricKey {
        MetricKey(namespace: "AWS/SNS", name: name, dimensions: ["TopicName": topic])
    }

    /// The dimensions sorted by name, for stable output.
    public var sortedDimensions: [(name: String, value: String)] {
        dimensions.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    /// `AWS/SQS ApproximateNumberOfMessagesVisible {QueueName=q}`.
    public var description: String {
        let dims = sortedDimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        return dims.isEmpty ? "\(namespace) \(name)" : "\(namespace) \(name) {\(dims)}"
    }

    /// Orders by namespace, then name, then the sorted dimensions.
    public static func < (a: MetricKey, b: MetricKey) -> Bool {
        if a.namespace != b.namespace { return a.namespace < b.namespace }
        if a.name != b.name { return a.name < b.name }
        let da = a.sortedDimensions, db = b.sortedDimensions
        for (x, y) in zip(da, db) {
            if x.name != y.name { return x.name < y.name }
            if x.value != y.value { return x.value < y.value }
        }
        return da.count < db.count
    }
}
