/// The AWS regions ingest knows: today's commercial regions, China's and GovCloud's.
public enum AWSRegions {
    public static let commercial: Set<String> = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "af-south-1",
        "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ca-central-1", "ca-west-1",
        "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
        "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1",
    ]
    public static let china: Set<String> = ["cn-north-1", "cn-northwest-1"]
    public static let govCloud: Set<String> = ["us-gov-west-1", "us-gov-east-1"]
    public static let known: Set<String> = commercial.union(china).union(govCloud)

    /// The DNS suffix of a region's endpoints: `amazonaws.com.cn` in China, `amazonaws.com` elsewhere.
    public static func dnsSuffix(for region: String) -> String {
        region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    }

    /// botocore's check: one DNS label of letters, digits and inner hyphens, at most 63 characters.
    static func isWellFormed(_ region: String) -> Bool {
        let bytes = Array(region.utf8)
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "-") }
    }
}
