/// Names of the entries of a data-directory file the CLI manages (control tokens, AWS access keys).
enum EntryNames {
    /// The given name, checked, or the first free `PREFIX-N`; refuses a name that is taken.
    static func choose(_ given: String?, prefix: String, taken: [String], what: String) throws -> String {
        let chosen = given ?? (1...).lazy.map { "\(prefix)-\($0)" }.first { !taken.contains($0) }!
        guard !chosen.isEmpty, chosen.count <= 64, chosen.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw CLIError.usage("--name takes 1 to 64 letters, digits, '-', '_' or '.', got '\(chosen)'")
        }
        guard !taken.contains(chosen) else {
            throw CLIError.failed("\(what) named \(chosen) exists already (revoke it first, or pick another --name)")
        }
        return chosen
    }

    /// Runs a file operation, turning its error into one clear line.
    static func file<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw CLIError.failed("\(error)") }
    }
}
