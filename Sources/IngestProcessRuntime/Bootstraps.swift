import Foundation

/// The project's runtime clients (`Resources/bootstrap.py`, `Resources/bootstrap.js`), written once into the engine's
/// runtime directory so the interpreters can load them.
struct Bootstraps: Sendable {
    let python: String
    let node: String

    /// Writes both into `directory` (created if missing).
    static func install(in directory: String) throws(ProcessRuntimeError) -> Bootstraps {
        let python = (directory as NSString).appendingPathComponent("bootstrap.py")
        let node = (directory as NSString).appendingPathComponent("bootstrap.js")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(PackageResources.bootstrap_py).write(to: URL(fileURLWithPath: python), options: .atomic)
            try Data(PackageResources.bootstrap_js).write(to: URL(fileURLWithPath: node), options: .atomic)
        } catch {
            throw ProcessRuntimeError("cannot write the runtime bootstraps into \(directory): \(error.localizedDescription)")
        }
        return Bootstraps(python: python, node: node)
    }
}
