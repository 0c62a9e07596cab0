import Foundation
import IngestCore
import IngestStore

/// Chooses and opens the engine's store: memory (`--memory`), or SQLite in the data directory, sealed
/// with the operator's key when the template asks for KMS encryption.
public enum StoreSetup {
    /// The generated key of the embedded default, kept beside the data.
    public static let generatedKeyName = "store.key"

    /// The resources the template encrypts with a KMS key: queue names, topic ARNs and table names.
    public static func encryptedResources(_ d: PipelineDefinition) -> Set<String> {
        var set = Set<String>()
        for q in d.queues where q.attributes.kmsMasterKeyId != nil { set.insert(q.name) }
        for t in d.topics where t.kmsMasterKeyId != nil { set.insert(d.context.topicArn(t.name)) }
        for t in d.tables where t.sseKmsKeyId != nil { set.insert(t.name) }
        return set
    }

    /// The key file to use: `--key-file`, else `INGEST_KEY_FILE`, else nil.
    public static func keyFile(_ option: String?) -> String? {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment["INGEST_KEY_FILE"], !env.isEmpty { return env }
        return nil
    }

    /// Opens the SQLite store. Returns it and, for the embedded default key, the notice to print.
    public static func open(directory: String, definition: PipelineDefinition, keyFile option: String?, seal: Bool = true) throws -> (SQLiteStore, String?) {
        let encrypted = seal ? encryptedResources(definition) : []
        var ring: KeyRing?
        var notice: String?
        let storeExists = FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(SQLiteStore.fileName))
        do {
            if let path = keyFile(option) {
                ring = try KeyRing.load(path: path)
            } else if !encrypted.isEmpty {
                let path = (directory as NSString).appendingPathComponent(generatedKeyName)
                if FileManager.default.fileExists(atPath: path) {
                    ring = try KeyRing.load(path: path)
                } else if storeExists {
                    // Never generate a new key for a store that exists: it would not open it, or worse, mix keys.
                    ring = nil
                } else {
                    ring = try KeyRing.create(path: path)
                }
                if ring != nil {
                    notice = "ingest: notice: data is encrypted with a key generated and kept beside it (\(path)); this protects nothing "
                        + "against someone who can read the data directory. Use --key-file FILE (create one with `ingest key create FILE`) "
                        + "for a customer-managed key."
                }
            }
            if ring != nil, encrypted.isEmpty { ring = nil }   // no KMS resource: nothing is sealed
            return (try SQLiteStore(directory: directory, ring: ring, encryptedResources: encrypted), notice)
        } catch let e as StoreError {
            throw HostError(e.description)
        }
    }
}
