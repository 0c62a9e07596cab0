import Foundation
import IngestCore
import Synchronization

/// Why a data-directory file (tokens, access keys) cannot be used.
public struct DataFileError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

/// A JSON file of the data directory that only its owner may read (mode 0600), written whole in one
/// rename so a reader sees the old contents or the new.
enum PrivateJSONFile {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    /// The file's value; nil when there is no file yet. `what` names it in errors ("a token file").
    static func load<T: Decodable>(_ type: T.Type, path: String, what: String) throws(DataFileError) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw DataFileError(description: "cannot read \(path)") }
            return nil
        }
        do { return try decoder.decode(T.self, from: data) } catch { throw DataFileError(description: "\(path) is not \(what): \(error)") }
    }

    static func save<T: Encodable>(_ value: T, path: String) throws(DataFileError) {
        let data: Data
        do { data = try encoder.encode(value) } catch { throw DataFileError(description: "cannot encode \(path): \(error)") }
        do { try PrivateFile.write(data, to: path) } catch { throw DataFileError(description: error.description) }
    }
}

/// A file's parsed value, read again whenever the file changed (another inode, size or modification
/// time), so an edit by the CLI counts from the engine's next request without a restart.
final class ChangedFileCache<Value: Sendable>: Sendable {
    let path: String
    let load: @Sendable (String) -> Value
    private let cache: Mutex<(stamp: FileStamp?, value: Value?)>

    /// `load` reads the file (answering the empty value when it is missing or unreadable).
    init(path: String, load: @escaping @Sendable (String) -> Value) {
        self.path = path
        self.load = load
        cache = Mutex((nil, nil))
    }

    func current() -> Value {
        let stamp = FileStamp(path: path)
        if let cached = cache.withLock({ $0.stamp == stamp && stamp != nil ? $0.value : nil }) { return cached }
        let value = load(path)
        cache.withLock { $0 = (stamp, value) }
        return value
    }
}
