/// Where a function's code is, as its `Code` property says.
public enum FunctionCode: Sendable, Hashable, Codable {
    /// A directory or archive path (`../../lambda/user-metadata`, `build/fn.zip`).
    case path(String)
    /// Source given inline (`ZipFile`).
    case inline(String)
    /// An archive in S3 (`S3Bucket`, `S3Key`, `S3ObjectVersion`).
    case s3(bucket: String?, key: String, version: String?)
    /// A container image (`ImageUri`).
    case image(String)
}
