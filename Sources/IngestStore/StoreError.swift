/// Why the store refused to open, to read or to write. Its text is one line for the operator.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A key file problem, or a store that cannot be opened with the key given.
    case key(String)
    /// The store's format cannot be used by this version.
    case format(String)
    /// A read or write failed (disk full, I/O error, corrupt record).
    case io(String)

    public var description: String {
        switch self {
        case .key(let m), .format(let m), .io(let m): return m
        }
    }
}
